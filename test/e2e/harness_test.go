package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binDir holds the executables built once for the whole test run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bulkhead-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	build := exec.Command("go", "build", "-o", dir+"/", "../../cmd/...")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building executables:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// node is a running bitcoin-node (or bitcoind) process.
type node struct {
	t       *testing.T
	exe     string
	datadir string
	port    int
	cmd     *exec.Cmd
	exited  chan struct{}
	mu      sync.Mutex
	out     bytes.Buffer
}

// startNode starts exe with a fresh regtest datadir and waits until its RPC
// answers.
func startNode(t *testing.T, exe string, extra ...string) *node {
	t.Helper()
	n := &node{t: t, exe: exe, datadir: t.TempDir(), port: freePort(t), exited: make(chan struct{})}
	n.start(extra...)
	return n
}

func (n *node) start(extra ...string) {
	t := n.t
	t.Helper()
	args := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.port), "-printtoconsole"}, extra...)
	n.cmd = exec.Command(filepath.Join(binDir, n.exe), args...)
	pr, pw := io.Pipe()
	n.cmd.Stdout, n.cmd.Stderr = pw, pw
	n.exited = make(chan struct{})
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			n.mu.Lock()
			n.out.WriteString(line + "\n")
			n.mu.Unlock()
			if strings.HasPrefix(line, "panic:") || strings.Contains(line, "DATA RACE") || strings.Contains(line, "[error]") {
				t.Errorf("%s: %s", n.exe, line)
			}
		}
	}()
	go func() {
		n.cmd.Wait()
		pw.Close()
		close(n.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-n.exited:
		default:
			n.cmd.Process.Kill()
			<-n.exited
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, _, code := n.cli("-rpcwait", "-rpcwaittimeout=1", "uptime"); code == 0 {
			return
		}
		select {
		case <-n.exited:
			t.Fatalf("%s exited during start-up:\n%s", n.exe, n.output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer RPC within 20s:\n%s", n.exe, n.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (n *node) output() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.out.String()
}

// cli runs bitcoin-cli against the node and returns stdout, stderr and the
// exit code.
func (n *node) cli(args ...string) (string, string, int) {
	n.t.Helper()
	full := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.port)}, args...)
	cmd := exec.Command(filepath.Join(binDir, "bitcoin-cli"), full...)
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
func (n *node) mustCLI(args ...string) string {
	n.t.Helper()
	out, errOut, code := n.cli(args...)
	if code != 0 {
		n.t.Fatalf("bitcoin-cli %v: exit %d: %s", args, code, errOut)
	}
	return out
}

// stop interrupts the node and requires a clean exit within the deadline.
func (n *node) stop() {
	n.t.Helper()
	n.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-n.exited:
	case <-time.After(10 * time.Second):
		n.t.Fatalf("%s did not stop within 10s of SIGINT", n.exe)
	}
	if code := n.cmd.ProcessState.ExitCode(); code != 0 {
		n.t.Fatalf("%s exited with %d:\n%s", n.exe, code, n.output())
	}
}

// children lists the pids of processes whose parent is pid.
func children(pid int) []int {
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

func exec_(exe string, args ...string) *exec.Cmd {
	return exec.Command(filepath.Join(binDir, exe), args...)
}

// rawPost sends body to the node's RPC port with the cookie's credentials
// and returns the HTTP status and body.
func (n *node) rawPost(t *testing.T, body string) (int, string) {
	t.Helper()
	cookie, err := os.ReadFile(filepath.Join(n.datadir, "regtest", ".cookie"))
	if err != nil {
		t.Fatal(err)
	}
	return n.rawPostAuth(t, strings.TrimSpace(string(cookie)), body)
}

// rawPostAuth sends body with the given user:password.
func (n *node) rawPostAuth(t *testing.T, userpass, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/", n.port), strings.NewReader(body))
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
