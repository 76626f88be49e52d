package testschema_test

import (
	"context"
	"errors"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
)

func TestChildKilledMidCall(t *testing.T) {
	other := startChild(t) // a second connection that must keep working
	base := runtime.NumGoroutine()
	c := startChild(t)
	ctx := ctxT(t)
	if _, err := c.tester.Echo(ctx, "warm"); err != nil {
		t.Fatal(err)
	}
	results := make(chan error, 3)
	started := time.Now()
	for range 3 {
		go func() {
			_, err := c.tester.Sleep(ctx, 60000)
			results <- err
		}()
	}
	time.Sleep(100 * time.Millisecond)
	killedAt := time.Now()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		select {
		case err := <-results:
			if !errors.Is(err, ipc.ErrDisconnected) {
				t.Fatalf("pending call failed with %v, want ipc.ErrDisconnected", err)
			}
		case <-time.After(time.Second):
			t.Fatalf("pending call still waiting 1s after SIGKILL (started %v ago)", time.Since(started))
		}
	}
	t.Logf("pending calls failed %v after SIGKILL", time.Since(killedAt))
	begin := time.Now()
	if _, err := c.tester.Echo(ctx, "after"); !errors.Is(err, ipc.ErrDisconnected) {
		t.Fatalf("call after disconnect: %v, want ipc.ErrDisconnected", err)
	}
	if d := time.Since(begin); d > 100*time.Millisecond {
		t.Fatalf("call after disconnect took %v, want it to fail at once", d)
	}
	if got, err := other.tester.Echo(ctx, "other"); err != nil || got != "other" {
		t.Fatalf("other connection: %q, %v", got, err)
	}
	<-c.conn.Done()
	<-c.exited
	testenv.GoroutinesSettle(t, base)
}

func TestCallbackPeerDiesDuringCallback(t *testing.T) {
	// The server waits in a callback to us; we vanish. The server's handler
	// must return (no hang) — seen here as the child exiting cleanly once its
	// connection is gone.
	c := startChild(t)
	block := &blockingCallback{release: make(chan struct{})}
	defer close(block.release)
	go c.tester.CallBack(context.Background(), block, 1, "x")
	time.Sleep(100 * time.Millisecond)
	c.conn.Close()
	select {
	case <-c.exited:
	case <-time.After(2 * time.Second):
		t.Fatal("child still running 2s after its parent connection closed during a callback")
	}
}

func TestUnimplementedMethod(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	client := c.tester.(*testschema.TesterClient).MPClient()
	call, err := client.NewCall(ctx, testschema.TesterInterface, &testschema.TesterInterface.Methods[18])
	if err != nil {
		t.Fatal(err)
	}
	_, err = call.Send()
	if !errors.Is(err, ipc.ErrUnimplemented) {
		t.Fatalf("calling a skipped method: %v, want ipc.ErrUnimplemented", err)
	}
	bogus := *testschema.TesterInterface
	bogus.ID = 0x1234
	call, err = client.NewCall(ctx, &bogus, &testschema.TesterInterface.Methods[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err = call.Send(); !errors.Is(err, ipc.ErrUnimplemented) {
		t.Fatalf("calling an unknown interface: %v, want ipc.ErrUnimplemented", err)
	}
	if got, err := c.tester.Echo(ctx, "ok"); err != nil || got != "ok" {
		t.Fatal(got, err)
	}
}

var _ = context.Background
