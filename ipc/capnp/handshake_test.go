package capnp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
)

type echoImpl struct{}

func (echoImpl) Echo(_ context.Context, s string) (string, error) { return s, nil }

type initImpl struct{}

func (initImpl) MakeEcho(context.Context) (interfaces.Echo, error) { return echoImpl{}, nil }
func (initImpl) MakeRpc(context.Context) (interfaces.Rpc, error)   { return nil, nil }
func (initImpl) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("no wallets in tests")
}
func (initImpl) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("no chain in tests")
}

// TestCoreHandshake makes the calls a Bitcoin Core IPC client makes:
// Init.construct with its ThreadMap, ThreadMap.makeThread on the ThreadMap we
// return, then Init.makeEcho with a Context naming that thread.
func TestCoreHandshake(t *testing.T) {
	a, b := testenv.SocketPair(t)
	srv := mp.New(a, &mp.Config{Bootstrap: ipccapnp.NewInitServer(initImpl{})})
	cli := mp.New(b, &mp.Config{})
	defer srv.Close()
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	boot, err := cli.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// construct(threadMap :ThreadMap) -> (threadMap :ThreadMap)
	call, err := boot.NewCall(ctx, ipccapnp.InitInterface, &ipccapnp.InitInterface.Methods[0])
	if err != nil {
		t.Fatal(err)
	}
	params, _ := ipccapnp.NewInit_construct_Params(call.Segment())
	call.SetParams(capnp.Struct(params))
	ours := mp.NewThreadMap()
	ptr, _ := call.WriteCap(ours, func() mp.Dispatcher { return ipccapnp.NewThreadMapServer(ours) })
	capnp.Struct(params).SetPtr(0, ptr)
	res, err := call.Send()
	if err != nil {
		t.Fatalf("Init.construct: %v", err)
	}
	tmPtr, _ := capnp.Struct(res.Content()).Ptr(0)
	tmClient, err := res.ReadCap(tmPtr)
	res.Release()
	if err != nil || tmClient == nil {
		t.Fatalf("construct returned no ThreadMap: %v", err)
	}
	threadMap := ipccapnp.NewThreadMapClient(tmClient)
	thread, err := threadMap.MakeThread(ctx, "bitcoin-cli-main")
	if err != nil {
		t.Fatal(err)
	}
	if name, err := thread.GetName(ctx); err != nil || name != "bitcoin-cli-main" {
		t.Fatalf("Thread.getName = %q, %v", name, err)
	}

	// makeEcho(context :Context{thread}) -> (result :Echo)
	call, err = boot.NewCall(ctx, ipccapnp.InitInterface, &ipccapnp.InitInterface.Methods[1])
	if err != nil {
		t.Fatal(err)
	}
	mparams, _ := ipccapnp.NewInit_makeEcho_Params(call.Segment())
	call.SetParams(capnp.Struct(mparams))
	cctx, _ := mparams.NewContext()
	threadPtr, _ := call.WriteCap(thread, nil) // the server's own Thread: sent back as a reference
	capnp.Struct(cctx).SetPtr(0, threadPtr)
	res, err = call.Send()
	if err != nil {
		t.Fatalf("Init.makeEcho with a Context: %v", err)
	}
	echoPtr, _ := capnp.Struct(res.Content()).Ptr(0)
	echoClient, err := res.ReadCap(echoPtr)
	res.Release()
	if err != nil {
		t.Fatal(err)
	}
	echo := ipccapnp.NewEchoClient(echoClient)
	if got, err := echo.Echo(ctx, "core-style"); err != nil || got != "core-style" {
		t.Fatalf("Echo = %q, %v", got, err)
	}
}

// TestConnectingSideServesNothing: the side that connects (a node
// spawning its wallet process, a client attaching) serves no Init: the
// peer it reached can call only the capabilities passed to it (a spawned
// wallet process: the Chain its node made for it), never bootstrap the
// connecting side's Init (its RPC server, its Chain).
func TestConnectingSideServesNothing(t *testing.T) {
	a, b := testenv.SocketPair(t)
	child := ipccapnp.Protocol().Serve(b, initImpl{}, &ipc.ConnConfig{})
	defer child.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	init, parent, err := ipccapnp.Protocol().Connect(ctx, a, &ipc.ConnConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer parent.Close()
	if _, err := init.MakeEcho(ctx); err != nil {
		t.Fatalf("the connecting side calling the served Init: %v", err)
	}
	if _, err := child.(*mp.Conn).Bootstrap(ctx); err == nil {
		t.Fatal("the served side bootstrapped an Init of the side that connected")
	} else {
		t.Logf("the served side's bootstrap: %v", err)
	}
}
