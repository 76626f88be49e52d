package mp_test

import (
	"context"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// blockingNotify is a Tester whose streaming notify waits for release.
type blockingNotify struct {
	*ipctest.Impl
	started chan struct{}
	release chan struct{}
}

func (b *blockingNotify) Notify(ctx context.Context, seq uint64, data []byte) error {
	b.started <- struct{}{}
	<-b.release
	return b.Impl.Notify(ctx, seq, data)
}

// TestStreamHandlerReturnsAfterClose: a streaming call whose handler
// returns after its connection closed (the peer left, or this side closed
// it) is dropped quietly; it panicked on the cleared export table.
func TestStreamHandlerReturnsAfterClose(t *testing.T) {
	a, b := testenv.SocketPair(t)
	impl := &blockingNotify{Impl: ipctest.New("server"), started: make(chan struct{}, 1), release: make(chan struct{})}
	server := mp.New(a, &mp.Config{Bootstrap: testschema.NewTesterServer(impl)})
	client := mp.New(b, &mp.Config{Name: "client"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	boot, err := client.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := testschema.NewTesterClient(boot).Notify(ctx, 1, []byte("x")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-impl.started:
	case <-ctx.Done():
		t.Fatal("notify did not reach the server")
	}
	client.Close()
	time.Sleep(200 * time.Millisecond) // the server reads the end and clears its tables
	close(impl.release)
	select {
	case <-server.Done():
	case <-ctx.Done():
		t.Fatal("the server did not close")
	}
}
