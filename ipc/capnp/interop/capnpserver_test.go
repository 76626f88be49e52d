package interop_test

// Our mp as client, go-capnp's rpc package as server.

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/rpc"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

type mpToCapnp struct {
	cli    *mp.Conn // our client side
	tester ipctest.Tester
	rc     *rpc.Conn // go-capnp's server side
	peer   net.Conn  // go-capnp's end of the socket
	impl   *capnpTester
	stop   func()
}

// capnpServer serves a capnpTester with go-capnp's rpc package on one end of
// a unix socketpair and bootstraps it with our mp client on the other.
func capnpServer(t *testing.T) *mpToCapnp {
	t.Helper()
	a, b := testenv.SocketPair(t)
	s := &mpToCapnp{peer: b}
	stop := make(chan struct{})
	s.stop = sync.OnceFunc(func() { close(stop) })
	s.impl = &capnpTester{name: "go-capnp", stop: stop, sleeping: make(chan struct{}, 8), released: make(chan string, 64)}
	s.rc = rpc.NewConn(rpc.NewStreamTransport(b), &rpc.Options{
		BootstrapClient: capnp.Client(testschema.Tester_ServerToClient(s.impl)),
		Logger:          newTestLogger(t),
	})
	s.cli = mp.New(a, &mp.Config{Name: "mp-client"})
	t.Cleanup(func() {
		s.stop()
		s.cli.Close()
		s.rc.Close()
	})
	boot, err := s.cli.Bootstrap(testCtx(t))
	if err != nil {
		t.Fatalf("bootstrap from go-capnp: %v", err)
	}
	s.tester = testschema.NewTesterClient(boot)
	return s
}

func TestMPClientEcho(t *testing.T) {
	s := capnpServer(t)
	ctx := testCtx(t)
	for _, msg := range []string{"hello", "", "ünïcødé"} {
		if got, err := s.tester.Echo(ctx, msg); err != nil || got != msg {
			t.Fatalf("Echo(%q) = %q, %v", msg, got, err)
		}
	}
	data := make([]byte, 1<<20)
	rand.Read(data)
	if got, err := s.tester.EchoData(ctx, data); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("EchoData(1 MiB) = %d bytes, %v", len(got), err)
	}
}

func TestMPClientCallback(t *testing.T) {
	s := capnpServer(t)
	ctx := testCtx(t)
	cb := &goCallback{prefix: "mp"}
	got, err := s.tester.CallBack(ctx, cb, 3, "ping")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mp: ping 0", "mp: ping 1", "mp: ping 2"}
	if fmt.Sprint(got) != fmt.Sprint(want) || cb.calls.Load() != 3 {
		t.Fatalf("CallBack = %q (%d calls served by mp), want %q", got, cb.calls.Load(), want)
	}
	waitFor(t, 5*time.Second, "go-capnp released the callback it was passed", func() bool {
		return s.cli.LiveExports() == 0
	})
	// go-capnp hands our own callback back as receiverHosted: it must come
	// back as the local object, not a proxy.
	same, err := s.tester.Identity(ctx, cb)
	if err != nil || same != ipctest.Callback(cb) {
		t.Fatalf("Identity returned %T, %v; want the local callback", same, err)
	}
}

func TestMPClientMakeTester(t *testing.T) {
	s := capnpServer(t)
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
	if n := s.cli.LiveImports(); n != 2 {
		t.Fatalf("mp client holds %d imports, want 2 (bootstrap + sub)", n)
	}
	sub.(*testschema.TesterClient).Release()
	if name := within(t, 5*time.Second, "go-capnp shut the returned tester down after mp released it", s.impl.released); name != "sub" {
		t.Fatalf("go-capnp released %q, want sub", name)
	}
	if n := s.cli.LiveImports(); n != 1 {
		t.Fatalf("mp client holds %d imports, want 1", n)
	}
}

func TestMPClientErrors(t *testing.T) {
	s := capnpServer(t)
	ctx := testCtx(t)
	const msg = "broken on purpose: ünïcødé"
	err := s.tester.Fail(ctx, "", msg, 0)
	if err == nil || err.Error() != msg {
		t.Fatalf("Fail = %v, want exactly %q", err, msg)
	}
	if _, err := s.tester.Unlock(ctx, "x", 0); !errors.Is(err, ipc.ErrUnimplemented) {
		t.Fatalf("Unlock (not served by go-capnp) = %v, want ipc.ErrUnimplemented", err)
	}
	if got, err := s.tester.Echo(ctx, "still here"); err != nil || got != "still here" {
		t.Fatalf("Echo after errors = %q, %v", got, err)
	}
}

// TestMPClientServerDisconnect: go-capnp's server goes away while our call
// waits; the call must fail with ipc.ErrDisconnected within 1 s, whether the
// server sends Abort (Close) or its socket just closes.
func TestMPClientServerDisconnect(t *testing.T) {
	for _, how := range []string{"abort", "socket"} {
		t.Run(how, func(t *testing.T) {
			testenv.GoroutinesSettle(t, runtime.NumGoroutine())
			base := runtime.NumGoroutine()
			s := capnpServer(t)
			ctx := testCtx(t)
			done := make(chan error, 1)
			go func() {
				_, err := s.tester.Sleep(ctx, 60000)
				done <- err
			}()
			within(t, 5*time.Second, "go-capnp server started the Sleep call", s.impl.sleeping)
			gone := time.Now()
			if how == "abort" {
				s.rc.Close()
			} else {
				s.peer.Close()
			}
			err := within(t, time.Second, "our pending Sleep call after the server went", done)
			t.Logf("pending call failed %v after the server went: %v", time.Since(gone), err)
			if !errors.Is(err, ipc.ErrDisconnected) {
				t.Fatalf("pending call failed with %v, want ipc.ErrDisconnected", err)
			}
			within(t, time.Second, "mp conn.Done()", s.cli.Done())
			if _, err := s.tester.Echo(ctx, "after"); !errors.Is(err, ipc.ErrDisconnected) {
				t.Fatalf("call after the disconnect: %v, want ipc.ErrDisconnected", err)
			}
			s.stop()
			s.rc.Close()
			testenv.GoroutinesSettle(t, base)
		})
	}
}
