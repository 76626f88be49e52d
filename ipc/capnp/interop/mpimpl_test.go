package interop_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// gatedTester is the Tester our mp servers offer to foreign clients. It is
// ipctest's implementation, except that MakeTester("gated…") waits until an
// Echo("open the gate") arrives. A client that sends makeTester("gated"),
// then calls on its pipelined result, then echoes "open the gate" knows the
// pipelined calls reached the server while makeTester was still running:
// echo runs on the connection's reader, which reads messages in order.
type gatedTester struct {
	*ipctest.Impl
	gate     chan struct{}
	gateOnce sync.Once
}

func newGatedTester(name string) *gatedTester {
	return &gatedTester{Impl: ipctest.New(name), gate: make(chan struct{})}
}

func (g *gatedTester) Echo(ctx context.Context, msg string) (string, error) {
	if msg == "open the gate" {
		g.gateOnce.Do(func() { close(g.gate) })
	}
	return g.Impl.Echo(ctx, msg)
}

func (g *gatedTester) MakeTester(ctx context.Context, name string) (ipctest.Tester, error) {
	if strings.HasPrefix(name, "gated") {
		select {
		case <-g.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return g.Impl.MakeTester(ctx, name)
}

// serveMP serves a gatedTester called "go-mp" on c with our implementation.
func serveMP(c io.ReadWriteCloser) (*mp.Conn, *gatedTester) {
	impl := newGatedTester("go-mp")
	return mp.New(c, &mp.Config{Bootstrap: testschema.NewTesterServer(impl), Name: "mp-server"}), impl
}

// goCallback is a Callback served by our mp side.
type goCallback struct {
	prefix string
	calls  atomic.Int32
}

func (cb *goCallback) Call(_ context.Context, msg string) (string, error) {
	cb.calls.Add(1)
	return cb.prefix + ": " + msg, nil
}
