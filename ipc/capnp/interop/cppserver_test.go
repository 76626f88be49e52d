package interop_test

// Our mp as client, the C++ reference implementation as server.

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

type cppServer struct {
	cmd    *exec.Cmd
	lines  chan string // the server's stdout after "ready"
	exited chan struct{}
	cli    *mp.Conn
	tester ipctest.Tester
}

// startCppServer starts the C++ server on a unix socket and bootstraps its
// Tester with our mp client. The server is killed when the test ends.
func startCppServer(t *testing.T) *cppServer {
	t.Helper()
	path := filepath.Join(sockDir(t), "tester.sock")
	s := startCppProgram(t, cppBuild(t).server, "unix:"+path)
	nc, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	s.cli = mp.New(nc, &mp.Config{Name: "mp-client"})
	boot, err := s.cli.Bootstrap(testCtx(t))
	if err != nil {
		t.Fatalf("bootstrap from the C++ server: %v", err)
	}
	s.tester = testschema.NewTesterClient(boot)
	return s
}

// startCppProgram starts a C++ server program and waits for its "ready". It
// is killed when the test ends.
func startCppProgram(t *testing.T, exe string, args ...string) *cppServer {
	t.Helper()
	s := &cppServer{lines: make(chan string, 100), exited: make(chan struct{})}
	s.cmd = exec.Command(exe, args...)
	var stderr bytes.Buffer
	s.cmd.Stderr = &stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case s.lines <- sc.Text():
			default: // nobody is looking for it
			}
		}
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		if s.cli != nil {
			s.cli.Close()
		}
		s.cmd.Process.Kill()
		<-s.exited
		if stderr.Len() > 0 {
			t.Log("c++ server stderr:", strings.TrimSpace(stderr.String()))
		}
	})
	if line := within(t, 10*time.Second, "the C++ server's \"ready\"", s.lines); line != "ready" {
		t.Fatalf("C++ server printed %q, want ready", line)
	}
	return s
}

// expectLine waits for the C++ server to print want.
func (s *cppServer) expectLine(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case line := <-s.lines:
			if line == want {
				return
			}
		case <-deadline:
			t.Fatalf("C++ server did not print %q", want)
		}
	}
}

func TestCppServerEcho(t *testing.T) {
	s := startCppServer(t)
	ctx := testCtx(t)
	for _, msg := range []string{"hello", "", "ünïcødé", strings.Repeat("x", 10000)} {
		if got, err := s.tester.Echo(ctx, msg); err != nil || got != msg {
			t.Fatalf("Echo(%.20q) = %.20q, %v", msg, got, err)
		}
	}
	data := make([]byte, 1<<20)
	rand.Read(data)
	if got, err := s.tester.EchoData(ctx, data); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("EchoData(1 MiB) = %d bytes, %v", len(got), err)
	}
	if pid, err := s.tester.Pid(ctx); err != nil || int(pid) != s.cmd.Process.Pid {
		t.Fatalf("Pid = %d, %v; the C++ server is %d", pid, err, s.cmd.Process.Pid)
	}
}

func TestCppServerMakeTester(t *testing.T) {
	s := startCppServer(t)
	ctx := testCtx(t)
	sub, err := s.tester.MakeTester(ctx, "sub")
	if err != nil {
		t.Fatal(err)
	}
	if name, err := sub.GetName(ctx); err != nil || name != "sub" {
		t.Fatalf("GetName on returned tester = %q, %v", name, err)
	}
	if msg, err := sub.Echo(ctx, "via sub"); err != nil || msg != "via sub" {
		t.Fatalf("Echo on returned tester = %q, %v", msg, err)
	}
	sub.(*testschema.TesterClient).Release()
	s.expectLine(t, "released sub") // the C++ object is destroyed
	if n := s.cli.LiveImports(); n != 1 {
		t.Fatalf("mp client holds %d imports, want only the bootstrap", n)
	}
}

func TestCppServerCallback(t *testing.T) {
	s := startCppServer(t)
	ctx := testCtx(t)
	cb := &goCallback{prefix: "go"}
	got, err := s.tester.CallBack(ctx, cb, 3, "ping")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"go: ping 0", "go: ping 1", "go: ping 2"}
	if fmt.Sprint(got) != fmt.Sprint(want) || cb.calls.Load() != 3 {
		t.Fatalf("CallBack = %q (%d calls served here), want %q", got, cb.calls.Load(), want)
	}
	waitFor(t, 5*time.Second, "the C++ server released the callback it was passed", func() bool {
		return s.cli.LiveExports() == 0
	})
	// C++ hands our own callback back as receiverHosted: it must come back
	// as the local object.
	same, err := s.tester.Identity(ctx, cb)
	if err != nil || same != ipctest.Callback(cb) {
		t.Fatalf("Identity returned %T, %v; want the local callback", same, err)
	}
}

func TestCppServerErrors(t *testing.T) {
	s := startCppServer(t)
	ctx := testCtx(t)
	const msg = "broken on purpose"
	err := s.tester.Fail(ctx, "", msg, 0)
	if err == nil || !strings.Contains(err.Error(), msg) {
		t.Fatalf("Fail = %v, want an error containing %q", err, msg)
	}
	t.Logf("C++ KJ_FAIL_REQUIRE arrived as: %v", err)
	if _, err := s.tester.Unlock(ctx, "x", 0); !errors.Is(err, ipc.ErrUnimplemented) {
		t.Fatalf("Unlock (not implemented in C++) = %v, want ipc.ErrUnimplemented", err)
	}
	if got, err := s.tester.Echo(ctx, "still here"); err != nil || got != "still here" {
		t.Fatalf("Echo after errors = %q, %v", got, err)
	}
}

// TestCppServerKilled: kill -9 of the C++ server while our call waits in it;
// the call must fail with ipc.ErrDisconnected within 1 s.
func TestCppServerKilled(t *testing.T) {
	s := startCppServer(t)
	ctx := testCtx(t)
	done := make(chan error, 1)
	go func() {
		_, err := s.tester.Sleep(ctx, 60000)
		done <- err
	}()
	s.expectLine(t, "sleeping")
	killed := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := within(t, time.Second, "our pending Sleep call after kill -9 of the C++ server", done)
	t.Logf("pending call failed %v after SIGKILL: %v", time.Since(killed), err)
	if !errors.Is(err, ipc.ErrDisconnected) {
		t.Fatalf("pending call failed with %v, want ipc.ErrDisconnected", err)
	}
	within(t, time.Second, "mp conn.Done()", s.cli.Done())
	if _, err := s.tester.Echo(ctx, "after"); !errors.Is(err, ipc.ErrDisconnected) {
		t.Fatalf("call after the kill: %v, want ipc.ErrDisconnected", err)
	}
}
