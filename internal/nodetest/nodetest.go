// Package nodetest runs the built executables as real processes for tests
// and benchmarks: it builds them once, starts nodes with temp datadirs and
// free loopback ports, talks to them with bitcoin-cli and stops them. Only
// tests import it.
package nodetest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Main builds the executables once for a test binary's run (call it from
// TestMain: it returns the exit code of m.Run).
func Main(m *testing.M) int {
	dir, err := os.MkdirTemp("", "bulkhead-exes")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	flags := []string{"build", "-o", dir + "/"}
	if os.Getenv("E2E_RACE") != "" {
		flags = append(flags, "-race") // executables with the race detector; their reports fail the tests
	}
	build := exec.Command("go", append(flags, "./cmd/...")...)
	build.Dir = root
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building executables:", err)
		return 1
	}
	binDir = dir
	return m.Run()
}

// binDir holds the executables built by Main.
var binDir string

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// FreePort returns a TCP port free on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Node is a running bitcoin-node (or bitcoind) process.
type Node struct {
	t       testing.TB
	Exe     string
	Datadir string
	Port    int
	Cmd     *exec.Cmd
	// Netns, when set before Start, runs the node and its bitcoin-cli in
	// that network namespace (ip netns exec).
	Netns  string
	exited chan struct{}
	out    output // kept across restarts
}

// startNode starts exe with a fresh regtest datadir and waits until its RPC
// answers.
func StartNode(t testing.TB, exe string, extra ...string) *Node {
	t.Helper()
	n := NewNode(t, exe)
	n.Start(extra...)
	return n
}

func (n *Node) Start(extra ...string) {
	t := n.t
	t.Helper()
	args := append([]string{"-regtest", "-datadir=" + n.Datadir, fmt.Sprintf("-rpcport=%d", n.Port), "-printtoconsole"}, extra...)
	n.Cmd = n.command(n.Exe, args...)
	n.exited = n.out.start(t, n.Cmd, n.debugLog(args))
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, _, code := n.CLI("-rpcwait", "-rpcwaittimeout=1", "uptime"); code == 0 {
			return
		}
		select {
		case <-n.exited:
			t.Fatalf("%s exited during start-up:\n%s", n.Exe, n.Output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer RPC within 20s:\n%s", n.Exe, n.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// debugLog is the debug.log a node started with args writes, "" for none.
func (n *Node) debugLog(args []string) string {
	path := "debug.log"
	for _, a := range args {
		switch {
		case a == "-nodebuglogfile" || a == "-debuglogfile=0":
			path = ""
		case strings.HasPrefix(a, "-debuglogfile="):
			path = strings.TrimPrefix(a, "-debuglogfile=")
		}
	}
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(n.Datadir, "regtest", path)
}

func (n *Node) Output() string {
	return n.out.String()
}

// ExpectErrors lets the node (and the wallet processes it spawns, which
// share its output) log error lines containing one of the texts without
// failing the test, for a test that provokes such a fault on purpose. Call
// it before the node exits.
func (n *Node) ExpectErrors(e ...ExpectedError) { n.out.expectErrors(e) }

// cli runs bitcoin-cli against the node and returns stdout, stderr and the
// exit code.
func (n *Node) CLI(args ...string) (string, string, int) {
	n.t.Helper()
	full := append([]string{"-regtest", "-datadir=" + n.Datadir, fmt.Sprintf("-rpcport=%d", n.Port)}, args...)
	cmd := n.command("bitcoin-cli", full...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		n.t.Fatal(err)
	}
	return strings.TrimRight(stdout.String(), "\n"), strings.TrimRight(stderr.String(), "\n"), code
}

// mustCLI runs bitcoin-cli and fails the test unless it succeeds.
func (n *Node) MustCLI(args ...string) string {
	n.t.Helper()
	out, errOut, code := n.CLI(args...)
	if code != 0 {
		n.t.Fatalf("bitcoin-cli %v: exit %d: %s", args, code, errOut)
	}
	return out
}

// stop interrupts the node and requires a clean exit within the deadline.
func (n *Node) Stop() {
	n.t.Helper()
	n.Cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-n.exited:
	case <-time.After(10 * time.Second):
		n.t.Fatalf("%s did not stop within 10s of SIGINT", n.Exe)
	}
	if code := n.Cmd.ProcessState.ExitCode(); code != 0 {
		n.t.Fatalf("%s exited with %d:\n%s", n.Exe, code, n.Output())
	}
}

// WaitExit waits up to d for the node to exit and reports whether it did.
func (n *Node) WaitExit(d time.Duration) bool {
	select {
	case <-n.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// children lists the pids of processes whose parent is pid.
func Children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		var child int
		if _, err := fmt.Sscanf(e.Name(), "%d", &child); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		rest := string(stat[bytes.LastIndexByte(stat, ')')+2:])
		var state string
		var ppid int
		fmt.Sscanf(rest, "%s %d", &state, &ppid)
		if ppid == pid && state != "Z" {
			out = append(out, child)
		}
	}
	return out
}

func Command(exe string, args ...string) *exec.Cmd {
	return exec.Command(Bin(exe), args...)
}

// Bin is the path of one of the built executables.
func Bin(exe string) string { return filepath.Join(binDir, exe) }

// command runs exe in the node's network namespace, if it has one.
func (n *Node) command(exe string, args ...string) *exec.Cmd {
	if n.Netns != "" {
		return exec.Command("ip", append([]string{"netns", "exec", n.Netns, Bin(exe)}, args...)...)
	}
	return Command(exe, args...)
}

// NewNode prepares a node with a fresh regtest datadir without starting
// it (set Netns, then Start).
func NewNode(t testing.TB, exe string) *Node {
	return &Node{t: t, Exe: exe, Datadir: t.TempDir(), Port: FreePort(t), exited: make(chan struct{})}
}

// rawPost sends body to the node's RPC port with the cookie's credentials
// and returns the HTTP status and body.
func (n *Node) RawPost(t testing.TB, body string) (int, string) {
	t.Helper()
	cookie, err := os.ReadFile(filepath.Join(n.Datadir, "regtest", ".cookie"))
	if err != nil {
		t.Fatal(err)
	}
	return n.RawPostAuth(t, strings.TrimSpace(string(cookie)), body)
}

// rawPostAuth sends body with the given user:password.
func (n *Node) RawPostAuth(t testing.TB, userpass, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/", n.Port), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	user, pass, _ := strings.Cut(userpass, ":")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Scale stretches a time limit for executables built with the race
// detector (E2E_RACE), which run several times slower.
func Scale(d time.Duration) time.Duration {
	if os.Getenv("E2E_RACE") != "" {
		return 4 * d
	}
	return d
}
