package capnp_test

import (
	"context"
	"net"
	"testing"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
)

type echoImpl struct{}

func (echoImpl) Echo(_ context.Context, s string) (string, error) { return s, nil }

type initImpl struct{}

func (initImpl) MakeEcho(context.Context) (interfaces.Echo, error) { return echoImpl{}, nil }
func (initImpl) MakeRpc(context.Context) (interfaces.Rpc, error)   { return nil, nil }

func TestQuickEcho(t *testing.T) {
	a, b := net.Pipe()
	srv := mp.New(a, &mp.Config{Bootstrap: ipccapnp.NewInitServer(initImpl{}), Name: "server"})
	cli := mp.New(b, &mp.Config{Name: "client"})
	defer srv.Close()
	defer cli.Close()
	ctx := context.Background()
	boot, err := cli.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	init := ipccapnp.NewInitClient(boot)
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		got, err := echo.Echo(ctx, "hello")
		if err != nil || got != "hello" {
			t.Fatalf("echo: %q %v", got, err)
		}
	}
}
