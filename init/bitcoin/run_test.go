package bitcoin

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/init/base"
)

func TestTarget(t *testing.T) {
	for _, c := range []struct {
		argv []string
		exe  string
		args []string
	}{
		{[]string{"node", "-regtest"}, "bitcoind", []string{"-regtest"}},
		{[]string{"-m", "node", "-regtest"}, "bitcoin-node", []string{"-regtest"}},
		{[]string{"--multiprocess", "node"}, "bitcoin-node", nil},
		{[]string{"-m", "-M", "node"}, "bitcoind", nil},
		{[]string{"node", "-regtest", "-ipcbind=unix"}, "bitcoin-node", []string{"-regtest", "-ipcbind=unix"}},
		{[]string{"node", "--ipcbind=unix"}, "bitcoin-node", []string{"--ipcbind=unix"}},
		{[]string{"-M", "node", "-ipcbind=unix"}, "bitcoind", []string{"-ipcbind=unix"}},
		{[]string{"node", "-noipcbind"}, "bitcoind", []string{"-noipcbind"}},
		{[]string{"gui"}, "bitcoin-qt", nil},
		{[]string{"-m", "gui", "-x"}, "bitcoin-gui", []string{"-x"}},
		{[]string{"gui", "-ipcconnect=unix"}, "bitcoin-gui", []string{"-ipcconnect=unix"}},
		{[]string{"rpc", "-regtest", "getblockcount"}, "bitcoin-cli", []string{"-named", "-regtest", "getblockcount"}},
		{[]string{"rpc", "-ipcconnect=unix", "getblockcount"}, "bitcoin-cli", []string{"-named", "-ipcconnect=unix", "getblockcount"}},
		{[]string{"-m", "wallet", "-wallet=x", "create"}, "bitcoin-wallet", []string{"-wallet=x", "create"}},
		{[]string{"wallet", "-help"}, "bitcoin-wallet", []string{"-help"}},
		{[]string{"tx", "-create"}, "bitcoin-tx", []string{"-create"}},
		// After the command every argument is the executable's, even
		// the wrapper's own options.
		{[]string{"node", "-m", "help", "-v"}, "bitcoind", []string{"-m", "help", "-v"}},
	} {
		cl, err := parseCommandLine(c.argv)
		if err != nil {
			t.Errorf("%q: %v", c.argv, err)
			continue
		}
		exe, args, err := target(cl)
		if err != nil || exe != c.exe || !slices.Equal(args, c.args) {
			t.Errorf("%q: %s %q, %v; want %s %q", c.argv, exe, args, err, c.exe, c.args)
		}
	}
}

func TestParseErrorsAndHelp(t *testing.T) {
	for _, c := range []struct {
		argv    []string
		code    int
		stdout  string // prefix
		stderr  string
		helpAll bool
	}{
		{argv: nil, code: 1, stdout: "Usage: bitcoin [OPTIONS] COMMAND..."},
		{argv: []string{"help"}, stdout: "Usage: bitcoin [OPTIONS] COMMAND..."},
		{argv: []string{"-h"}, stdout: "Usage: bitcoin [OPTIONS] COMMAND..."},
		{argv: []string{"help", "-a"}, stdout: "Usage: bitcoin [OPTIONS] COMMAND...", helpAll: true},
		{argv: []string{"-v"}, stdout: "Bulkhead version " + base.Version},
		{argv: []string{"-x", "node"}, code: 1, stderr: "Error: Unknown option: -x\nTry 'bitcoin --help' for more information.\n"},
		{argv: []string{"frob"}, code: 1, stderr: "Error: Unrecognized command: 'frob'\nTry 'bitcoin --help' for more information.\n"},
	} {
		var out, errOut bytes.Buffer
		err := run("bitcoin", c.argv, "", &out, &errOut, func(string, []string, []string) error {
			t.Fatalf("%q: exec called", c.argv)
			return nil
		})
		code := 0
		var exit *base.ExitError
		if errors.As(err, &exit) {
			code = exit.Code
		} else if err != nil {
			t.Errorf("%q: %v", c.argv, err)
		}
		if code != c.code || !strings.HasPrefix(out.String(), c.stdout) || errOut.String() != c.stderr ||
			strings.Contains(out.String(), "Additional less commonly used commands") != c.helpAll {
			t.Errorf("%q: code %d, stdout %q, stderr %q", c.argv, code, out.String(), errOut.String())
		}
	}
}

func TestFindAndExec(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	libexec := filepath.Join(root, "libexec")
	for _, d := range []string{bin, libexec} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string) {
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	self := filepath.Join(bin, "bitcoin")
	write(self)
	write(filepath.Join(bin, "bitcoind"))
	write(filepath.Join(bin, "bitcoin-node"))
	write(filepath.Join(libexec, "bitcoin-node"))
	noPath := func(string) (string, error) { return "", errors.New("not on PATH") }
	onPath := func(n string) (string, error) { return "/usr/bin/" + n, nil }

	var gotPath string
	var gotArgs []string
	execve := func(p string, argv, env []string) error {
		gotPath, gotArgs = p, argv
		return errors.New("stopped before exec")
	}
	var out, errOut bytes.Buffer
	run(self, []string{"node", "-regtest", "-printtoconsole"}, self, &out, &errOut, execve)
	if want := filepath.Join(bin, "bitcoind"); gotPath != want || !slices.Equal(gotArgs, []string{want, "-regtest", "-printtoconsole"}) {
		t.Fatalf("node: exec %s %q", gotPath, gotArgs)
	}
	if !strings.Contains(errOut.String(), "execvp failed to execute") {
		t.Fatalf("a failed exec printed %q", errOut.String())
	}
	// libexec beside bin comes first.
	if p, err := findExecutable("bitcoin-node", self, self, noPath); err != nil || p != filepath.Join(libexec, "bitcoin-node") {
		t.Fatalf("bitcoin-node: %s, %v", p, err)
	}
	// A symlink to the wrapper finds the wrapper's siblings.
	link := filepath.Join(t.TempDir(), "bitcoin")
	if err := os.Symlink(self, link); err != nil {
		t.Fatal(err)
	}
	if p, err := findExecutable("bitcoind", link, link, noPath); err != nil || p != filepath.Join(bin, "bitcoind") {
		t.Fatalf("through a symlink: %s, %v", p, err)
	}
	// PATH only when the wrapper was itself found on PATH.
	if p, err := findExecutable("bitcoin-gui", self, "bitcoin", onPath); err != nil || p != "/usr/bin/bitcoin-gui" {
		t.Fatalf("PATH: %s, %v", p, err)
	}
	if _, err := findExecutable("bitcoin-gui", self, self, onPath); err == nil || !strings.Contains(err.Error(), "bitcoin-gui not found") {
		t.Fatalf("run by path: %v", err)
	}
	errOut.Reset()
	err := run(self, []string{"-m", "gui"}, self, &out, &errOut, execve)
	if err == nil || !strings.HasPrefix(errOut.String(), "Error: bitcoin-gui not found") {
		t.Fatalf("gui: %v, %q", err, errOut.String())
	}
}
