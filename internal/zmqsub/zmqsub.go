// Package zmqsub runs a real libzmq subscriber for tests: Debian's
// python3-zmq (pyzmq over libzmq) under /usr/bin/python3, driven through
// its standard input and output. scripts/test-deps.sh installs it; a test
// that needs it fails (it does not skip) when it is missing. Only tests
// import this package.
package zmqsub

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Python is the interpreter whose modules Debian's python3-zmq extends.
const Python = "/usr/bin/python3"

// script connects one SUB socket and prints each multi-part message as a
// JSON list of hex strings. With "paused" it reads nothing until a line
// arrives on its standard input.
const script = `
import json, sys, zmq
cfg = json.loads(sys.argv[1])
ctx = zmq.Context()
s = ctx.socket(zmq.SUB)
if cfg.get("rcvhwm") is not None:
    s.setsockopt(zmq.RCVHWM, cfg["rcvhwm"])
    s.setsockopt(zmq.RCVBUF, 4096)
if cfg.get("ipv6"):
    s.setsockopt(zmq.IPV6, 1)
for t in cfg["topics"]:
    s.setsockopt(zmq.SUBSCRIBE, bytes.fromhex(t))
s.connect(cfg["endpoint"])
print(json.dumps({"libzmq": zmq.zmq_version()}), flush=True)
if cfg.get("paused"):
    sys.stdin.readline()
while True:
    parts = s.recv_multipart()
    if cfg.get("short"):
        print(json.dumps([p.hex() if len(p) <= 256 else "#%d" % len(p) for p in parts]), flush=True)
    else:
        print(json.dumps([p.hex() for p in parts]), flush=True)
`

// Options configure a subscriber.
type Options struct {
	// Topics are the subscriptions (prefixes); none subscribes to nothing.
	Topics []string
	// Paused subscribers read nothing until Resume.
	Paused bool
	// RcvHWM, when set, is the subscriber's ZMQ_RCVHWM (and a small
	// kernel receive buffer), so a paused subscriber holds few messages.
	RcvHWM *int
	// IPv6 sets ZMQ_IPV6 (needed to connect to an IPv6 address).
	IPv6 bool
	// Short reports parts longer than 256 bytes as "#<length>" instead of
	// their bytes (for tests that send many large messages).
	Short bool
}

// Sub is a running subscriber.
type Sub struct {
	t      testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	msgs   chan [][]byte
	mu     sync.Mutex
	stderr strings.Builder
	// Libzmq is the libzmq version the subscriber runs.
	Libzmq string
}

// Require fails the test when python3-zmq is not installed.
func Require(t testing.TB) {
	t.Helper()
	if out, err := exec.Command(Python, "-c", "import zmq").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import zmq (%v: %s): install Debian's python3-zmq (make test-deps runs scripts/test-deps.sh)",
			Python, err, strings.TrimSpace(string(out)))
	}
}

// Start connects a subscriber to endpoint; it is stopped when the test
// ends.
func Start(t testing.TB, endpoint string, opts Options) *Sub {
	t.Helper()
	Require(t)
	topics := make([]string, len(opts.Topics))
	for i, tp := range opts.Topics {
		topics[i] = hex.EncodeToString([]byte(tp))
	}
	cfg, _ := json.Marshal(map[string]any{"endpoint": endpoint, "topics": topics, "paused": opts.Paused, "rcvhwm": opts.RcvHWM, "ipv6": opts.IPv6, "short": opts.Short})
	s := &Sub{t: t, msgs: make(chan [][]byte, 1<<16)}
	s.cmd = exec.Command(Python, "-c", script, string(cfg))
	var err error
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.stderr.Write(p)
	})
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	if !sc.Scan() {
		s.cmd.Wait()
		t.Fatalf("subscriber did not start: %s", s.Stderr())
	}
	var hello struct{ Libzmq string }
	json.Unmarshal(sc.Bytes(), &hello)
	s.Libzmq = hello.Libzmq
	go func() {
		defer close(s.msgs)
		for sc.Scan() {
			var hexParts []string
			if err := json.Unmarshal(sc.Bytes(), &hexParts); err != nil {
				continue
			}
			parts := make([][]byte, len(hexParts))
			for i, h := range hexParts {
				if strings.HasPrefix(h, "#") {
					parts[i] = []byte(h)
					continue
				}
				parts[i], _ = hex.DecodeString(h)
			}
			s.msgs <- parts
		}
	}()
	return s
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Stderr is what the subscriber wrote to its standard error.
func (s *Sub) Stderr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// Resume lets a paused subscriber read.
func (s *Sub) Resume() { io.WriteString(s.stdin, "go\n") }

// Recv returns the next message, failing the test after timeout.
func (s *Sub) Recv(timeout time.Duration) [][]byte {
	s.t.Helper()
	select {
	case m, ok := <-s.msgs:
		if !ok {
			s.t.Fatalf("subscriber exited: %s", s.Stderr())
		}
		return m
	case <-time.After(timeout):
		s.t.Fatalf("no message within %v", timeout)
	}
	return nil
}

// TryRecv returns the next message, or nil when none comes within timeout.
func (s *Sub) TryRecv(timeout time.Duration) [][]byte {
	select {
	case m := <-s.msgs:
		return m
	case <-time.After(timeout):
		return nil
	}
}

func (s *Sub) stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// String describes a message for failure output.
func String(m [][]byte) string {
	parts := make([]string, len(m))
	for i, p := range m {
		parts[i] = fmt.Sprintf("%x", p)
	}
	return strings.Join(parts, " | ")
}
