package ipc_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
)

// The test binary plays the other processes: a spawned child (-ipcfd), a
// parent that spawns a child and prints its pid, and a listener.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && strings.HasPrefix(os.Args[1], "-ipcfd=") {
		fd, _ := strconv.Atoi(strings.TrimPrefix(os.Args[1], "-ipcfd="))
		p := newIPC(nil)
		if err := p.ServeFD(context.Background(), fd); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	switch os.Getenv("IPCTEST_ROLE") {
	case "parent":
		_, proc, err := newIPC(nil).Spawn(context.Background(), os.Args[0])
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("child", proc.Pid())
		select {}
	case "client":
		// Connects to the listener at IPCTEST_ADDR and stays until killed.
		init, _, err := newIPC(nil).Connect(context.Background(), os.Getenv("IPCTEST_ADDR"), os.Getenv("IPCTEST_DIR"))
		if err == nil {
			_, err = init.MakeEcho(context.Background())
		}
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("connected", os.Getpid())
		select {}
	case "listener":
		l, err := newIPC(nil).Listen(context.Background(), os.Getenv("IPCTEST_ADDR"), os.Getenv("IPCTEST_DIR"))
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("listening", l.Path(), l.Addr())
		select {}
	}
	os.Exit(m.Run())
}

type echo struct{}

func (echo) Echo(_ context.Context, msg string) (string, error) { return msg, nil }

type testInit struct{}

func (testInit) MakeEcho(context.Context) (interfaces.Echo, error) { return echo{}, nil }
func (testInit) MakeRpc(context.Context) (interfaces.Rpc, error) {
	return nil, errors.New("no rpc in tests")
}
func (testInit) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("no wallets in tests")
}
func (testInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("no chain in tests")
}

func newIPC(log *slog.Logger) *ipc.IPC {
	return ipc.New(&ipc.Config{ExeName: "ipc.test", Init: testInit{}, Protocol: ipccapnp.Protocol(), Logger: log})
}

func echoThrough(t *testing.T, init interfaces.Init, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Echo(ctx, msg)
	if err != nil || got != msg {
		t.Fatalf("Echo(%q) = %q, %v", msg, got, err)
	}
}

func TestSpawnEchoAndChildExit(t *testing.T) {
	p := newIPC(nil)
	init, proc, err := p.Spawn(context.Background(), os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "hello")
	if _, err := init.MakeRpc(context.Background()); err == nil || err.Error() != "no rpc in tests" {
		t.Fatalf("MakeRpc error = %v, want the child's error", err)
	}
	p.Close()
	select {
	case <-proc.Done():
		if err := proc.Wait(); err != nil {
			t.Fatalf("child exited with %v after its connection closed", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("child still running 2s after the connection closed")
	}
}

// startHelper runs the test binary in a role and returns its first output
// line's fields.
func startHelper(t testing.TB, env ...string) (*exec.Cmd, []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("helper process said nothing: %v", err)
	}
	fields := strings.Fields(line)
	if len(fields) == 0 || fields[0] == "error" {
		t.Fatalf("helper process: %s", line)
	}
	return cmd, fields
}

func TestChildExitsWhenParentIsKilled(t *testing.T) {
	parent, fields := startHelper(t, "IPCTEST_ROLE=parent")
	pid, _ := strconv.Atoi(fields[1])
	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	for time.Since(killed) < 2*time.Second {
		// The child is re-parented and reaped by init once it exits; until
		// then signal 0 succeeds.
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			t.Logf("child %d gone %v after its parent was killed", pid, time.Since(killed))
			return
		}
		if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil && strings.Contains(string(st), ") Z ") {
			t.Logf("child %d exited (zombie) %v after its parent was killed", pid, time.Since(killed))
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("child %d still running 2s after its parent was killed", pid)
}

func TestBindAndConnectFromAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	_, fields := startHelper(t, "IPCTEST_ROLE=listener", "IPCTEST_ADDR=unix", "IPCTEST_DIR="+dir)
	path := fields[1]
	if path != filepath.Join(dir, "node.sock") {
		t.Fatalf("-ipcbind=unix listens on %s, want <datadir>/node.sock", path)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want 0600", st.Mode().Perm())
	}
	// Two clients at once, each a separate connection.
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := newIPC(nil)
			defer client.Close()
			init, _, err := client.Connect(context.Background(), "unix", dir)
			if err != nil {
				t.Error(err)
				return
			}
			for j := range 50 {
				echoThrough(t, init, fmt.Sprintf("client %d call %d", i, j))
			}
		}()
	}
	wg.Wait()
	// A second listener on the same live socket is refused.
	if _, err := newIPC(nil).Listen(context.Background(), "unix", dir); !errors.Is(err, ipc.ErrAddress) || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second bind on a live socket: %v", err)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	dir := t.TempDir()
	cmd, _ := startHelper(t, "IPCTEST_ROLE=listener", "IPCTEST_ADDR=unix:x.sock", "IPCTEST_DIR="+dir)
	cmd.Process.Signal(syscall.SIGKILL) // leaves x.sock behind
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, "x.sock")); err != nil {
		t.Fatalf("expected a stale socket file: %v", err)
	}
	p := newIPC(nil)
	defer p.Close()
	l, err := p.Listen(context.Background(), "unix:x.sock", dir)
	if err != nil {
		t.Fatalf("binding over a stale socket: %v", err)
	}
	defer l.Close()
	init, _, err := newIPC(nil).Connect(context.Background(), "unix:"+filepath.Join(dir, "x.sock"), "/")
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "fresh")
}

func TestBadAddresses(t *testing.T) {
	long := "unix:" + strings.Repeat("d", 120)
	for _, addr := range []string{long, "tcp:127.0.0.1:1", "unixx", ""} {
		if _, err := ipc.SocketPath(addr, "/tmp"); !errors.Is(err, ipc.ErrAddress) {
			t.Errorf("SocketPath(%q) = %v, want ErrAddress", addr, err)
		}
	}
	_, err := ipc.SocketPath(long, "/tmp")
	if err == nil || !strings.Contains(err.Error(), "maximum") {
		t.Errorf("over-long path error %v does not say why", err)
	}
	if _, _, err := newIPC(nil).Connect(context.Background(), "unix", t.TempDir()); !errors.Is(err, ipc.ErrAddress) {
		t.Errorf("connecting to a missing socket: %v", err)
	}
}

// recorder keeps log records.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := rec.Message
	rec.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	r.msgs = append(r.msgs, line)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func TestDebugIPCLogsEveryCall(t *testing.T) {
	rec := &recorder{}
	p := newIPC(slog.New(rec))
	init, _, err := p.Spawn(context.Background(), os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "logged")
	p.Close()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	all := strings.Join(rec.msgs, "\n")
	for _, want := range []string{"IPC client send Init.makeEcho$Params", "IPC client recv Init.makeEcho$Results", "IPC client send Echo.echo$Params", "IPC client recv Echo.echo$Results", `args=(echo = "logged")`, "dur="} {
		if !strings.Contains(all, want) {
			t.Errorf("log lacks %q:\n%s", want, all)
		}
	}
	if !strings.Contains(all, fmt.Sprintf("{ipc.test-%d}", os.Getpid())) {
		t.Errorf("log lines do not name the process:\n%s", all)
	}
}

// TestSpawnedChildThatStopsReadingIsDropped: a child that stops reading
// (frozen here) does not hold its parent's writers forever: the write
// deadline (3 × Limits.Timeout) ends the connection and the call fails.
func TestSpawnedChildThatStopsReadingIsDropped(t *testing.T) {
	p := ipc.New(&ipc.Config{ExeName: "ipc.test", Init: testInit{}, Protocol: ipccapnp.Protocol(), Limits: ipc.Limits{Timeout: 300 * time.Millisecond}})
	defer p.Close()
	init, proc, err := p.Spawn(context.Background(), os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer proc.Kill()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Kill(proc.Pid(), syscall.SIGSTOP)
	defer syscall.Kill(proc.Pid(), syscall.SIGCONT)
	start := time.Now()
	_, err = e.Echo(ctx, strings.Repeat("x", 16<<20))
	if !errors.Is(err, ipc.ErrDisconnected) {
		t.Fatalf("a call to a frozen child: %v after %v, want the connection dropped", err, time.Since(start))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the connection to a frozen child was dropped after %v", d)
	}
}
