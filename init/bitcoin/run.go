package bitcoin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/bulkhead-btc/bulkhead/init/base"
)

// usage is Core's HELP_USAGE; %[1]s is the wrapper's argv[0].
const usage = `Usage: %[1]s [OPTIONS] COMMAND...

Options:
  -m, --multiprocess     Run multiprocess binaries bitcoin-node, bitcoin-gui.
  -M, --monolithic       Run monolithic binaries bitcoind, bitcoin-qt. (Default behavior)
  -v, --version          Show version information
  -h, --help             Show this help message

Commands:
  gui [ARGS]     Start GUI, equivalent to running 'bitcoin-qt [ARGS]' or 'bitcoin-gui [ARGS]'.
  node [ARGS]    Start node, equivalent to running 'bitcoind [ARGS]' or 'bitcoin-node [ARGS]'.
  rpc [ARGS]     Call RPC method, equivalent to running 'bitcoin-cli -named [ARGS]'.
  wallet [ARGS]  Call wallet command, equivalent to running 'bitcoin-wallet [ARGS]'.
  tx [ARGS]      Manipulate hex-encoded transactions, equivalent to running 'bitcoin-tx [ARGS]'.
  help [-a]      Show this help message. Include -a or --all to show additional commands.

An -ipc… argument to node or gui (-ipcbind, -ipcconnect) selects the
multiprocess binary unless -M is given.
`

// usageExtra is Core's HELP_EXTRA.
const usageExtra = `
Additional less commonly used commands:
  bench [ARGS]      Run bench command, equivalent to running 'bench_bitcoin [ARGS]'.
  chainstate [ARGS] Run bitcoin kernel chainstate util, equivalent to running 'bitcoin-chainstate [ARGS]'.
  test [ARGS]       Run unit tests, equivalent to running 'test_bitcoin [ARGS]'.
  test-gui [ARGS]   Run GUI unit tests, equivalent to running 'test_bitcoin-qt [ARGS]'.
`

// commandLine is the wrapper's parsed command line.
type commandLine struct {
	multiprocess bool // -m
	monolithic   bool // -M given explicitly (after any -m)
	version      bool
	help         bool
	helpAll      bool
	command      string
	args         []string
}

// parseCommandLine reads the wrapper's options up to the command; what
// follows the command belongs to the executable (Core's ParseCommandLine).
func parseCommandLine(argv []string) (commandLine, error) {
	var cl commandLine
	for _, arg := range argv {
		switch {
		case cl.command != "":
			cl.args = append(cl.args, arg)
		case arg == "-m" || arg == "--multiprocess":
			cl.multiprocess, cl.monolithic = true, false
		case arg == "-M" || arg == "--monolithic":
			cl.multiprocess, cl.monolithic = false, true
		case arg == "-v" || arg == "--version":
			cl.version = true
		case arg == "-h" || arg == "--help" || arg == "help":
			cl.help = true
		case cl.help && (arg == "-a" || arg == "--all"):
			cl.helpAll = true
		case strings.HasPrefix(arg, "-"):
			return cl, fmt.Errorf("Unknown option: %s", arg)
		case arg != "":
			cl.command = arg
		}
	}
	if cl.command == "" {
		cl.args = nil
	}
	return cl, nil
}

// usesIPC reports whether args carry an -ipc… option (-ipcbind,
// -ipcconnect, -ipcfd), which only the multiprocess binaries take.
func usesIPC(args []string) bool {
	for _, a := range args {
		if a == "-" || a == "--" {
			break
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if len(name) < len(a) && strings.HasPrefix(name, "ipc") {
			return true
		}
	}
	return false
}

// target returns the executable a command runs and its arguments.
func target(cl commandLine) (string, []string, error) {
	multi := cl.multiprocess || (!cl.monolithic && usesIPC(cl.args))
	pick := func(mono, mp string) string {
		if multi {
			return mp
		}
		return mono
	}
	var exe string
	args := cl.args
	switch cl.command {
	case "gui":
		exe = pick("bitcoin-qt", "bitcoin-gui")
	case "node":
		exe = pick("bitcoind", "bitcoin-node")
	case "rpc":
		// As Core: "bitcoin rpc" is new, so -named is on by default;
		// -nonamed turns it off.
		exe = "bitcoin-cli"
		args = append([]string{"-named"}, args...)
	case "wallet":
		exe = "bitcoin-wallet"
	case "tx":
		exe = "bitcoin-tx"
	case "bench":
		exe = "bench_bitcoin"
	case "chainstate":
		exe = "bitcoin-chainstate"
	case "test":
		exe = "test_bitcoin"
	case "test-gui":
		exe = "test_bitcoin-qt"
	case "util":
		exe = "bitcoin-util"
	default:
		return "", nil, fmt.Errorf("Unrecognized command: '%s'", cl.command)
	}
	return exe, append([]string(nil), args...), nil
}

// findExecutable locates name as Core's ExecCommand does: in ../libexec
// when the wrapper lives in a bin directory, then beside the wrapper (self,
// symlinks resolved), then on PATH, but only when the wrapper itself was
// found on PATH (argv0 has no directory), so a build run by its path never
// starts an installed binary by mistake.
func findExecutable(name, self, argv0 string, lookPath func(string) (string, error)) (string, error) {
	var dirs []string
	if self != "" {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		dir := filepath.Dir(self)
		if filepath.Base(dir) == "bin" {
			dirs = append(dirs, filepath.Join(filepath.Dir(dir), "libexec"))
		}
		dirs = append(dirs, dir)
	}
	for _, dir := range dirs {
		p := filepath.Join(dir, name)
		if isExecutable(p) {
			return p, nil
		}
	}
	searched := strings.Join(dirs, ", ")
	if strings.ContainsRune(argv0, filepath.Separator) {
		return "", fmt.Errorf("%s not found (looked in %s)", name, searched)
	}
	p, err := lookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found (looked in %s and on PATH)", name, searched)
	}
	return p, nil
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// Run runs the wrapper: it prints help or version, or replaces the
// process with the command's executable.
func Run(ctx context.Context, argv []string) error {
	argv0 := "bitcoin"
	if len(os.Args) > 0 {
		argv0 = os.Args[0]
	}
	self, _ := os.Executable()
	return run(argv0, argv, self, os.Stdout, os.Stderr, syscall.Exec)
}

// execFunc replaces the process (syscall.Exec); it returns only on failure.
type execFunc func(path string, argv []string, env []string) error

func run(argv0 string, argv []string, self string, stdout, stderr io.Writer, execve execFunc) error {
	fail := func(err error) error {
		fmt.Fprintf(stderr, "Error: %v\nTry '%s --help' for more information.\n", err, argv0)
		return &base.ExitError{Code: 1}
	}
	cl, err := parseCommandLine(argv)
	if err != nil {
		return fail(err)
	}
	if cl.version {
		fmt.Fprintf(stdout, "Bulkhead version %s\nCopyright (C) 2026 The Bulkhead developers\nDistributed under the MIT software license.\n", base.Version)
		return nil
	}
	if cl.help || cl.command == "" {
		fmt.Fprintf(stdout, usage, argv0)
		if cl.helpAll {
			fmt.Fprint(stdout, usageExtra)
		}
		if cl.help {
			return nil
		}
		return &base.ExitError{Code: 1}
	}
	exe, args, err := target(cl)
	if err != nil {
		return fail(err)
	}
	path, err := findExecutable(exe, self, argv0, exec.LookPath)
	if err != nil {
		return fail(err)
	}
	err = execve(path, append([]string{path}, args...), os.Environ())
	if err == nil {
		err = errors.New("exec returned unexpectedly")
	}
	return fail(fmt.Errorf("execvp failed to execute '%s': %w", path, err))
}
