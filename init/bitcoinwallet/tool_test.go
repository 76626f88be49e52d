package bitcoinwallet

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runToolArgs parses argv as bitcoin-wallet does and runs the tool.
func runToolArgs(t *testing.T, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	a := NewArgs()
	if err := a.ParseCommandLine(argv); err != nil {
		t.Fatalf("parse %q: %v", argv, err)
	}
	cmd := a.Positional()
	if len(cmd) == 0 {
		t.Fatalf("no command in %q", argv)
	}
	var out, errOut bytes.Buffer
	code = tool(context.Background(), a, cmd, &out, &errOut)
	return out.String(), errOut.String(), code
}

func infoBlock(name string, keypool int) string {
	return fmt.Sprintf("Wallet info\n===========\nName: %s\nFormat: sqlite\nDescriptors: yes\nEncrypted: no\n"+
		"HD (hd seed available): yes\nKeypool Size: %d\nTransactions: 0\nAddress Book: 0\n", name, keypool)
}

func TestToolCreateAndInfo(t *testing.T) {
	dd := t.TempDir()
	out, errOut, code := runToolArgs(t, "-regtest", "-datadir="+dd, "-wallet=w", "-keypool=10", "create")
	if code != 0 || errOut != "" {
		t.Fatalf("create: code %d, stderr %q", code, errOut)
	}
	// Bulkhead's wallets have four active descriptors (wpkh and tr,
	// receive and change).
	if want := "Topping up keypool...\n" + infoBlock("w", 40); out != want {
		t.Fatalf("create printed\n%s\nwant\n%s", out, want)
	}
	path := filepath.Join(dd, "regtest", "wallets", "w", "wallet.dat")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	out, errOut, code = runToolArgs(t, "-regtest", "-datadir="+dd, "-wallet=w", "info")
	if code != 0 || errOut != "" || out != infoBlock("w", 40) {
		t.Fatalf("info: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("info changed the wallet file")
	}

	_, errOut, code = runToolArgs(t, "-regtest", "-datadir="+dd, "-wallet=w", "create")
	want := fmt.Sprintf("Failed to create database path '%s'. Database already exists.\n", filepath.Join(dd, "regtest", "wallets", "w"))
	if code == 0 || errOut != want {
		t.Fatalf("create again: code %d, stderr %q, want %q", code, errOut, want)
	}

	// -walletdir is honoured, relative to the network's data directory
	// as for the node.
	if err := os.MkdirAll(filepath.Join(dd, "regtest", "elsewhere"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code = runToolArgs(t, "-regtest", "-datadir="+dd, "-walletdir=elsewhere", "-wallet=v", "create"); code != 0 {
		t.Fatalf("create in -walletdir: %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(dd, "regtest", "elsewhere", "v", "wallet.dat")); err != nil {
		t.Fatal(err)
	}
}

func TestToolErrors(t *testing.T) {
	dd := t.TempDir()
	base := []string{"-regtest", "-datadir=" + dd}
	missing := filepath.Join(dd, "regtest", "wallets", "nope")
	for _, c := range []struct {
		argv []string
		want string
	}{
		{[]string{"foo"}, "Error parsing command line arguments: Invalid command 'foo'"},
		{[]string{"help"}, "Error parsing command line arguments: Invalid command 'help'"},
		{[]string{"info", "create"}, "Error: Additional arguments provided (create). Methods do not take arguments. Please refer to `-help`."},
		{[]string{"create"}, "Wallet name must be provided when creating a new wallet."},
		{[]string{"createfromdump"}, "Wallet name must be provided when creating a new wallet."},
		{[]string{"-wallet=", "create"}, "Wallet name cannot be empty"},
		{[]string{"-wallet=nope", "info"}, "Failed to load database path '" + missing + "'. Path does not exist."},
		{[]string{"-wallet=x", "-legacy", "create"}, "Legacy wallets are not supported: this build creates descriptor wallets only (omit -legacy)."},
		{[]string{"-wallet=x", "-legacy", "-descriptors", "create"}, "Only one of -legacy or -descriptors can be set to true, not both"},
		{[]string{"-wallet=x", "-descriptors=0", "create"}, "One of -legacy or -descriptors must be set to true (or omitted)"},
		{[]string{"-wallet=x", "-descriptors", "info"}, "The -descriptors option can only be used with the 'create' command."},
		{[]string{"-wallet=x", "-dumpfile=f", "info"}, "The -dumpfile option can only be used with the \"dump\" and \"createfromdump\" commands."},
		{[]string{"-wallet=x", "-format=sqlite", "dump"}, "The -format option can only be used with the \"createfromdump\" command."},
		{[]string{"-wallet=x", "dump"}, "No dump file provided. To use dump, -dumpfile=<filename> must be provided."},
		{[]string{"-wallet=x", "salvage"}, "Salvage command is not available as BDB support is not compiled"},
		{[]string{"-walletdir=nodir", "-wallet=x", "create"}, "Error: Specified -walletdir \"nodir\" does not exist"},
		{[]string{"-datadir=" + filepath.Join(dd, "none"), "-wallet=x", "create"}, "Error: Specified data directory \"" + filepath.Join(dd, "none") + "\" does not exist."},
	} {
		out, errOut, code := runToolArgs(t, append(base, c.argv...)...)
		if code == 0 || strings.TrimSuffix(errOut, "\n") != c.want || out != "" {
			t.Errorf("%q: code %d, stdout %q, stderr %q; want %q", c.argv, code, out, errOut, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dd, "regtest", "wallets", "x")); err == nil {
		t.Error("a failed create left a wallet behind")
	}
}
