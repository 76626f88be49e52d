package testschema_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestEchoRoundTrip(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	for _, msg := range []string{"hello", "", "ünïcødé", strings.Repeat("x", 10000)} {
		got, err := c.tester.Echo(ctx, msg)
		if err != nil || got != msg {
			t.Fatalf("Echo(%.20q) = %.20q, %v", msg, got, err)
		}
	}
	pid, err := c.tester.Pid(ctx)
	if err != nil || int(pid) != c.cmd.Process.Pid {
		t.Fatalf("Pid = %d, %v; child is %d", pid, err, c.cmd.Process.Pid)
	}
}

// callback is a Callback served by the test process.
type callback struct {
	calls atomic.Int32
	from  string
}

func (cb *callback) Call(_ context.Context, msg string) (string, error) {
	cb.calls.Add(1)
	return cb.from + ": " + msg, nil
}

func TestCallbackThroughCapability(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	cb := &callback{from: "parent"}
	got, err := c.tester.CallBack(ctx, cb, 5, "ping")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"parent: ping 0", "parent: ping 1", "parent: ping 2", "parent: ping 3", "parent: ping 4"}
	if fmt.Sprint(got) != fmt.Sprint(want) || cb.calls.Load() != 5 {
		t.Fatalf("CallBack = %q (%d calls here), want %q", got, cb.calls.Load(), want)
	}
	// A capability handed back comes back as the local object itself.
	same, err := c.tester.Identity(ctx, cb)
	if err != nil || same != ipctest.Callback(cb) {
		t.Fatalf("Identity returned %T %v, want the local callback", same, err)
	}
}

func TestSubscriptionCallbacks(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	cb := &callback{}
	sub, err := c.tester.Subscribe(ctx, cb)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := c.tester.Fire(ctx); err != nil || n != 1 || cb.calls.Load() != 1 {
		t.Fatalf("Fire = %d, %v (%d calls)", n, err, cb.calls.Load())
	}
	if err := sub.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := c.tester.Fire(ctx); err != nil || n != 0 || cb.calls.Load() != 1 {
		t.Fatalf("Fire after Cancel = %d, %v (%d calls)", n, err, cb.calls.Load())
	}
}

func TestReturnedInterface(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	for i := range 20 {
		name := fmt.Sprintf("t%d", i)
		sub, err := c.tester.MakeTester(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sub.GetName(ctx)
		if err != nil || got != name {
			t.Fatalf("GetName = %q, %v; want %q", got, err, name)
		}
		if msg, err := sub.Echo(ctx, "via "+name); err != nil || msg != "via "+name {
			t.Fatalf("Echo on returned interface = %q, %v", msg, err)
		}
	}
	// Dropped proxies release their capabilities once collected.
	deadline := time.Now().Add(5 * time.Second)
	for c.conn.LiveImports() > 1 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := c.conn.LiveImports(); n > 1 {
		t.Fatalf("%d imported capabilities still held after GC, want only the bootstrap", n)
	}
}

func TestLargePayload(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	data := make([]byte, 1<<20)
	rand.Read(data)
	got, err := c.tester.EchoData(ctx, data)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("EchoData(1 MiB) = %d bytes, %v", len(got), err)
	}
	text := strings.Repeat("0123456789abcdef", 1<<16)
	gotText, err := c.tester.Echo(ctx, text)
	if err != nil || gotText != text {
		t.Fatalf("Echo(1 MiB text) = %d bytes, %v", len(gotText), err)
	}
}

func TestConcurrentCallers(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				msg := fmt.Sprintf("%d/%d", g, i)
				got, err := c.tester.Echo(ctx, msg)
				if err == nil && got != msg {
					err = fmt.Errorf("got %q, want %q", got, msg)
				}
				if err == nil && i%10 == 0 {
					_, err = c.tester.Sleep(ctx, 1)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestErrorsKeepMessageKindAndCode(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	err := c.tester.Fail(ctx, "", "plain failure", 0)
	if err == nil || err.Error() != "plain failure" {
		t.Fatalf("Fail = %v, want the message unchanged", err)
	}
	err = c.tester.Fail(ctx, "ErrLocked", "Error: Please enter the wallet passphrase with walletpassphrase first.", -13)
	if err == nil || err.Error() != "Error: Please enter the wallet passphrase with walletpassphrase first." {
		t.Fatalf("Fail = %v", err)
	}
	if !errors.Is(err, ipctest.ErrorKind("ErrLocked")) {
		t.Errorf("errors.Is(err, ErrLocked) is false across processes")
	}
	if errors.Is(err, ipctest.ErrorKind("ErrOther")) || errors.Is(err, ipc.ErrDisconnected) {
		t.Errorf("errors.Is matches kinds the error does not have")
	}
	if code := ipc.RPCCode(err); code != -13 {
		t.Errorf("RPC code = %d, want -13", code)
	}
	err = c.tester.Panic(ctx, "boom")
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Panic = %v, want an error mentioning the panic", err)
	}
	if got, err := c.tester.Echo(ctx, "still here"); err != nil || got != "still here" {
		t.Fatalf("server after a panic: %q, %v", got, err)
	}
}

func TestCancelReachesServer(t *testing.T) {
	c := startChild(t)
	ctx, cancel := context.WithTimeout(ctxT(t), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.tester.Sleep(ctx, 20000)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("Sleep with a 100ms deadline: %v after %v", err, time.Since(start))
	}
	// A callback waiting in the server is interrupted too.
	block := &blockingCallback{release: make(chan struct{})}
	ctx2, cancel2 := context.WithTimeout(ctxT(t), 200*time.Millisecond)
	defer cancel2()
	_, err = c.tester.CallBack(ctx2, block, 1, "x")
	close(block.release)
	if err == nil {
		t.Fatal("CallBack returned no error after its deadline")
	}
	if got, err := c.tester.Echo(ctxT(t), "after"); err != nil || got != "after" {
		t.Fatalf("Echo after cancellations: %q, %v", got, err)
	}
}

type blockingCallback struct{ release chan struct{} }

func (b *blockingCallback) Call(ctx context.Context, msg string) (string, error) {
	select {
	case <-b.release:
		return msg, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func TestOptionalValues(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	if in, err := c.tester.Lookup(ctx, ""); err != nil || in != nil {
		t.Fatalf("Lookup(\"\") = %v, %v; want nil", in, err)
	}
	in, err := c.tester.Lookup(ctx, "abc")
	if err != nil || in == nil || *in != (ipctest.Inner{Name: "abc", Value: 3}) {
		t.Fatalf("Lookup(abc) = %v, %v", in, err)
	}
	if ok, err := c.tester.Unlock(ctx, "correct horse", 60); err != nil || !ok {
		t.Fatalf("Unlock = %v, %v", ok, err)
	}
}

func TestStreamNotificationsInOrder(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	const n = 5000
	payload := make([]byte, 100)
	for i := uint64(1); i <= n; i++ {
		if err := c.tester.Notify(ctx, i, payload); err != nil {
			t.Fatalf("Notify(%d): %v", i, err)
		}
	}
	if err := c.tester.(*testschema.TesterClient).MPClient().WaitStreams(ctx); err != nil {
		t.Fatal(err)
	}
	count, last, nbytes, err := c.tester.Notified(ctx)
	if err != nil || count != n || last != n || nbytes != n*100 {
		t.Fatalf("Notified = %d, %d, %d, %v; want %d in order", count, last, nbytes, err, n)
	}
}
