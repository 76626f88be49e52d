package interop_test

// Bulkhead's server side (ipc/capnp Protocol.Serve, as bitcoin-node serves
// -ipcbind and spawned processes) takes calls whose Context names a Thread
// and calls without one.

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/rpc"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
)

// echoInit is an Init that makes an Echo and an Rpc answering the request it
// got as the result.
type echoInit struct{}

type echoImpl struct{}

func (echoImpl) Echo(_ context.Context, msg string) (string, error) { return msg, nil }

type echoRpc struct{}

func (echoRpc) ExecuteRpc(_ context.Context, request, _, _ string) (string, error) {
	return `{"result":` + request + `,"error":null,"id":1}`, nil
}

func (echoInit) MakeEcho(context.Context) (interfaces.Echo, error) { return echoImpl{}, nil }
func (echoInit) MakeRpc(context.Context) (interfaces.Rpc, error)   { return echoRpc{}, nil }
func (echoInit) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("no wallets here")
}
func (echoInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("no chain here")
}

// serveBulkhead serves echoInit as bitcoin-node serves its Init and returns
// the client's end of the socket.
func serveBulkhead(t *testing.T) net.Conn {
	a, b := testenv.SocketPair(t)
	srv := ipccapnp.Protocol().Serve(a, echoInit{}, &ipc.ConnConfig{Name: "bitcoin-node"})
	t.Cleanup(func() { srv.Close() })
	return b
}

func TestBulkheadServerWithoutThreads(t *testing.T) {
	ctx := testCtx(t)
	rc := rpc.NewConn(rpc.NewStreamTransport(serveBulkhead(t)), &rpc.Options{Logger: newTestLogger(t)})
	t.Cleanup(func() { rc.Close() })
	init := ipccapnp.Init(rc.Bootstrap(context.Background()))
	defer init.Release()
	// makeEcho and echo with a null Context, as go-capnp sends them.
	ef, releaseEcho := init.MakeEcho(ctx, nil)
	defer releaseEcho()
	f, release := ef.Result().Echo(ctx, func(p ipccapnp.Echo_echo_Params) error { return p.SetEcho("no thread") })
	defer release()
	res, err := f.Struct()
	if err != nil {
		t.Fatalf("Echo.echo without a Thread: %v", err)
	}
	if got, err := res.Result(); err != nil || got != "no thread" {
		t.Fatalf("Echo.echo without a Thread = %q, %v", got, err)
	}
	rf, releaseRpc := init.MakeRpc(ctx, nil)
	defer releaseRpc()
	xf, release2 := rf.Result().ExecuteRpc(ctx, func(p ipccapnp.Rpc_executeRpc_Params) error { return p.SetRequest(`"ping"`) })
	defer release2()
	xres, err := xf.Struct()
	if err != nil {
		t.Fatalf("Rpc.executeRpc without a Thread: %v", err)
	}
	if got, err := xres.Result(); err != nil || got != `{"result":"ping","error":null,"id":1}` {
		t.Fatalf("Rpc.executeRpc without a Thread = %q, %v", got, err)
	}
}

func TestBulkheadServerWithThreads(t *testing.T) {
	ctx := testCtx(t)
	init, conn, err := ipccapnp.Protocol().Connect(ctx, serveBulkhead(t), &ipc.ConnConfig{Name: "bitcoin-cli-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := echo.Echo(ctx, "with a thread"); err != nil || got != "with a thread" {
		t.Fatalf("Echo.echo with a Thread = %q, %v", got, err)
	}
	r, err := init.MakeRpc(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.ExecuteRpc(ctx, `"ping"`, "/", ""); err != nil || got != `{"result":"ping","error":null,"id":1}` {
		t.Fatalf("Rpc.executeRpc with a Thread = %q, %v", got, err)
	}
	// The handshake took place: besides Init, Echo and Rpc the client holds
	// the node's ThreadMap and one Thread, reused by every call.
	if n := conn.(*mp.Conn).LiveImports(); n != 5 {
		t.Fatalf("the client holds %d capabilities of the node, want 5 (Init, ThreadMap, Thread, Echo, Rpc)", n)
	}
}

// TestThreadsAfterClose: a call made after its connection closed fails with
// ipc.ErrDisconnected. (Each call exports this side's callbackThread; the
// export table was dropped on close but not its free list, so the next
// export indexed past its end and panicked.)
func TestThreadsAfterClose(t *testing.T) {
	ctx := testCtx(t)
	init, conn, err := ipccapnp.Protocol().Connect(ctx, serveBulkhead(t), &ipc.ConnConfig{Name: "bitcoin-cli-1"})
	if err != nil {
		t.Fatal(err)
	}
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := echo.Echo(ctx, "before"); err != nil {
		t.Fatal(err)
	}
	c := conn.(*mp.Conn)
	waitFor(t, 5*time.Second, "the node to release the callbackThreads it was given", func() bool { return c.LiveExports() == 0 })
	conn.Close()
	if _, err := echo.Echo(ctx, "after"); !errors.Is(err, ipc.ErrDisconnected) {
		t.Fatalf("Echo after Close = %v, want ipc.ErrDisconnected", err)
	}
}

// plainInit is a go-capnp server of Init without Core's handshake: construct
// is unimplemented, as on a Cap'n Proto peer that is not Core's.
type plainInit struct{ echo *plainEcho }

func (plainInit) Construct(context.Context, ipccapnp.Init_construct) error {
	return capnp.Unimplemented("construct")
}
func (i plainInit) MakeEcho(_ context.Context, call ipccapnp.Init_makeEcho) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(ipccapnp.Echo_ServerToClient(i.echo))
}
func (plainInit) MakeMiningOld2(context.Context, ipccapnp.Init_makeMiningOld2) error {
	return capnp.Unimplemented("makeMiningOld2")
}
func (plainInit) MakeMining(context.Context, ipccapnp.Init_makeMining) error {
	return capnp.Unimplemented("makeMining")
}
func (plainInit) MakeRpc(context.Context, ipccapnp.Init_makeRpc) error {
	return capnp.Unimplemented("makeRpc")
}
func (plainInit) MakeWalletLoader(context.Context, ipccapnp.Init_makeWalletLoader) error {
	return capnp.Unimplemented("makeWalletLoader")
}
func (plainInit) MakeChain(context.Context, ipccapnp.Init_makeChain) error {
	return capnp.Unimplemented("makeChain")
}

// plainEcho echoes and counts the calls whose Context named a Thread.
type plainEcho struct{ withThread atomic.Int32 }

func (*plainEcho) Destroy(context.Context, ipccapnp.Echo_destroy) error { return nil }
func (e *plainEcho) Echo(_ context.Context, call ipccapnp.Echo_echo) error {
	if c, err := call.Args().Context(); err == nil && c.HasThread() {
		e.withThread.Add(1)
	}
	msg, err := call.Args().Echo()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(msg)
}

// TestThreadsPeerWithoutConstruct: a peer whose Init has no construct gets
// our calls without a Thread instead of failing them.
func TestThreadsPeerWithoutConstruct(t *testing.T) {
	ctx := testCtx(t)
	a, b := testenv.SocketPair(t)
	echo := &plainEcho{}
	rc := rpc.NewConn(rpc.NewStreamTransport(a), &rpc.Options{
		BootstrapClient: capnp.Client(ipccapnp.Init_ServerToClient(plainInit{echo})), Logger: newTestLogger(t),
	})
	t.Cleanup(func() { rc.Close() })
	init, conn, err := ipccapnp.Protocol().Connect(ctx, b, &ipc.ConnConfig{Name: "bitcoin-cli-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	e, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatalf("Init.makeEcho from a peer without construct: %v", err)
	}
	for range 3 {
		if got, err := e.Echo(ctx, "no handshake"); err != nil || got != "no handshake" {
			t.Fatalf("Echo.echo = %q, %v", got, err)
		}
	}
	if n := echo.withThread.Load(); n != 0 {
		t.Fatalf("%d calls named a Thread the peer never made", n)
	}
}
