package interop_test

// Our IPC clients against a C++ server that keeps Bitcoin Core's thread rule
// (testdata/cpp/coreserver.c++): like Core's bitcoin-node, it refuses every
// call whose Context names no Thread made by its ThreadMap.

import (
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
)

// startCoreServer starts the Core-like C++ server on a socket of its own;
// args follow the socket address.
func startCoreServer(t *testing.T, args ...string) (*cppServer, string) {
	t.Helper()
	path := filepath.Join(sockDir(t), "node.sock")
	return startCppProgram(t, cppBuild(t).coreServer, append([]string{"unix:" + path}, args...)...), path
}

// connectCore connects to the server at path as bitcoin-cli does: package
// ipc with the Cap'n Proto protocol.
func connectCore(t *testing.T, path string) (interfaces.Init, *mp.Conn, *ipc.IPC) {
	t.Helper()
	p := ipc.New(&ipc.Config{ExeName: "bitcoin-cli", Protocol: ipccapnp.Protocol()})
	t.Cleanup(func() { p.Close() })
	init, conn, err := p.Connect(testCtx(t), "unix:"+path, t.TempDir())
	if err != nil {
		t.Fatalf("connecting to the Core-like server: %v", err)
	}
	return init, conn.(*mp.Conn), p
}

// coreReply is the result the Core-like server's executeRpc answers.
type coreReply struct {
	Request        struct{ Method string }
	URI            string
	User           string
	Thread         string
	CallbackThread string
}

func executeCore(t *testing.T, r interfaces.Rpc, method, user string) (coreReply, error) {
	out, err := r.ExecuteRpc(testCtx(t), `{"method":"`+method+`","params":[],"id":1}`, "/", user)
	if err != nil {
		return coreReply{}, err
	}
	var reply struct{ Result coreReply }
	if err := json.Unmarshal([]byte(out), &reply); err != nil {
		t.Fatalf("reply %q: %v", out, err)
	}
	return reply.Result, nil
}

// TestCoreServerThreads: Init.makeEcho, Echo.echo, Init.makeRpc and
// Rpc.executeRpc through a server that refuses calls without a Thread, as
// Core's does ("no thread specified and no pool configured").
func TestCoreServerThreads(t *testing.T) {
	s, path := startCoreServer(t)
	init, _, p := connectCore(t, path)
	ctx := testCtx(t)
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatalf("Init.makeEcho: %v", err)
	}
	if got, err := echo.Echo(ctx, "through Core's thread rule"); err != nil || got != "through Core's thread rule" {
		t.Fatalf("Echo.echo = %q, %v", got, err)
	}
	s.expectLine(t, "construct")
	s.expectLine(t, "makeThread "+p.Name()+"/1")
	rpc, err := init.MakeRpc(ctx)
	if err != nil {
		t.Fatalf("Init.makeRpc: %v", err)
	}
	got, err := executeCore(t, rpc, "getblockcount", "alice")
	if err != nil {
		t.Fatalf("Rpc.executeRpc: %v", err)
	}
	want := coreReply{URI: "/", User: "alice", Thread: "core thread for " + p.Name() + "/1", CallbackThread: p.Name() + "/callback"}
	want.Request.Method = "getblockcount"
	if got != want {
		t.Fatalf("executeRpc ran as %+v, want %+v", got, want)
	}
}

// TestCoreServerConcurrentCalls: calls in flight at once each name a Thread
// of their own (Core runs the calls of one Thread one after another; the
// C++ server refuses a call on a busy Thread), and Threads are reused once
// their call has returned.
func TestCoreServerConcurrentCalls(t *testing.T) {
	s, path := startCoreServer(t)
	init, conn, _ := connectCore(t, path)
	rpc, err := init.MakeRpc(testCtx(t))
	if err != nil {
		t.Fatalf("Init.makeRpc: %v", err)
	}
	const n = 4
	var wg sync.WaitGroup
	replies := make([]coreReply, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { replies[i], errs[i] = executeCore(t, rpc, "getblockcount", "barrier:4") })
	}
	wg.Wait()
	threads := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("concurrent executeRpc %d: %v", i, errs[i])
		}
		threads[replies[i].Thread] = true
	}
	if len(threads) != n {
		t.Fatalf("%d calls in flight ran on %d Threads: %v", n, len(threads), threads)
	}
	for range 10 {
		r, err := executeCore(t, rpc, "getblockcount", "")
		if err != nil {
			t.Fatal(err)
		}
		if !threads[r.Thread] {
			t.Fatalf("a later call ran on a new Thread %q instead of reusing one of %v", r.Thread, threads)
		}
	}
	made := 0
	for done := false; !done; {
		select {
		case line := <-s.lines:
			if strings.HasPrefix(line, "makeThread ") {
				made++
			}
		case <-time.After(200 * time.Millisecond):
			done = true
		}
	}
	if made != n {
		t.Fatalf("the client made %d Threads for at most %d calls at once", made, n)
	}
	// The server releases each call's callbackThread when the call is done,
	// and the ThreadMap it was given by construct: nothing stays exported.
	waitFor(t, 5*time.Second, "our exports to the C++ server to be released", func() bool { return conn.LiveExports() == 0 })
}

// TestCoreServerCancelledCall: a call whose context ends gives its Thread up:
// in Core the call goes on running on that Thread, and a later call on it
// would wait behind it (the C++ server refuses it).
func TestCoreServerCancelledCall(t *testing.T) {
	_, path := startCoreServer(t)
	init, _, p := connectCore(t, path)
	rpc, err := init.MakeRpc(testCtx(t)) // on Thread 1, which it gives back
	if err != nil {
		t.Fatalf("Init.makeRpc: %v", err)
	}
	short, cancel := context.WithTimeout(testCtx(t), 200*time.Millisecond)
	defer cancel()
	// Held by the server until a second barrier call comes, which never does.
	if _, err := rpc.ExecuteRpc(short, `{"method":"getblockcount","params":[],"id":1}`, "/", "barrier:2"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("held executeRpc = %v, want context.DeadlineExceeded", err)
	}
	got, err := executeCore(t, rpc, "getblockcount", "")
	if err != nil {
		t.Fatalf("executeRpc after a cancelled call: %v", err)
	}
	if want := "core thread for " + p.Name() + "/2"; got.Thread != want {
		t.Fatalf("executeRpc after a cancelled call ran on %q, want a new Thread %q", got.Thread, want)
	}
}

// TestCoreServerAnswersErrors: a server error after the connection is made
// comes back as that error.
func TestCoreServerAnswersErrors(t *testing.T) {
	_, path := startCoreServer(t, "makeRpc refused for the test")
	init, _, _ := connectCore(t, path)
	_, err := init.MakeRpc(testCtx(t))
	var re *ipc.RemoteError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "makeRpc refused for the test") {
		t.Fatalf("Init.makeRpc = %v, want the server's error", err)
	}
}

var (
	cliOnce  sync.Once
	cliPath  string
	cliBuild error
)

// bitcoinCLI builds bin/bitcoin-cli from the tree once per run.
func bitcoinCLI(t *testing.T) string {
	t.Helper()
	root := testenv.Root(t)
	cliOnce.Do(func() {
		cliPath = filepath.Join(buildDir, "bitcoin-cli")
		_, cliBuild = run(root, "go", "build", "-o", cliPath, "./cmd/bitcoin-cli")
	})
	if cliBuild != nil {
		t.Fatal(cliBuild)
	}
	return cliPath
}

// TestCoreServerBitcoinCLI: bitcoin-cli -ipcconnect=unix:PATH against the
// Core-like server, as a user runs it against Core's bitcoin-node
// -ipcbind=unix. The "bitcoin-node is not running" hint is for connections
// that fail; an error the server answers is printed as it is.
func TestCoreServerBitcoinCLI(t *testing.T) {
	cli := bitcoinCLI(t)
	datadir := t.TempDir()
	runCLI := func(path string, args ...string) (stdout, stderr string, code int) {
		cmd := exec.Command(cli, append([]string{"-regtest", "-datadir=" + datadir, "-ipcconnect=unix:" + path}, args...)...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	const hint = "Probably bitcoin-node is not running"

	_, path := startCoreServer(t)
	out, errOut, code := runCLI(path, "getblockcount")
	if code != 0 || !strings.Contains(out, `"method": "getblockcount"`) || !strings.Contains(out, `"thread": "core thread for bitcoin-cli-`) {
		t.Fatalf("bitcoin-cli getblockcount: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}

	_, refusing := startCoreServer(t, "makeRpc refused for the test")
	out, errOut, code = runCLI(refusing, "getblockcount")
	if code != 1 || !strings.HasPrefix(errOut, "error: ") || !strings.Contains(errOut, "makeRpc refused for the test") || strings.Contains(errOut, hint) {
		t.Fatalf("bitcoin-cli against a server that answers an error: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	t.Logf("server error as bitcoin-cli prints it: %q", errOut)

	missing := filepath.Join(sockDir(t), "none.sock")
	_, errOut, code = runCLI(missing, "getblockcount")
	if code != 1 || !strings.Contains(errOut, hint) {
		t.Fatalf("bitcoin-cli with no server: exit %d, stderr %q; want the hint", code, errOut)
	}
}
