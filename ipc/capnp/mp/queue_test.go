package mp_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// echoCallback answers the server's callbacks.
type echoCallback struct{}

func (echoCallback) Call(_ context.Context, msg string) (string, error) { return "re: " + msg, nil }

// pair connects a client to a Tester served with cfg, in this process.
func pair(t *testing.T, cfg mp.Config) (client, server *mp.Conn, tester ipctest.Tester) {
	t.Helper()
	a, b := testenv.SocketPair(t)
	cfg.Bootstrap = testschema.NewTesterServer(ipctest.New("server"))
	server = mp.New(a, &cfg)
	client = mp.New(b, &mp.Config{Name: "client"})
	t.Cleanup(func() { client.Close(); server.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	boot, err := client.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return client, server, testschema.NewTesterClient(boot)
}

// TestCallsBeyondWorkersWithCallbacks: when every worker runs a handler that
// waits for a callback into the caller, further calls must queue without
// stopping the reader, or the callbacks' Returns are never read and the
// connection hangs for good.
func TestCallsBeyondWorkersWithCallbacks(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			_, _, tester := pair(t, mp.Config{Name: "server", Workers: workers})
			calls := workers + 3
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			errs := make(chan error, calls)
			for i := range calls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got, err := tester.CallBack(ctx, echoCallback{}, 3, fmt.Sprint("c", i))
					if err == nil && (len(got) != 3 || got[2] != fmt.Sprintf("re: c%d 2", i)) {
						err = fmt.Errorf("CallBack answered %q", got)
					}
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("%d concurrent callback calls on %d workers: %v", calls, workers, err)
				}
			}
		})
	}
}

// TestLargeMessagesAreReadable: a message far above go-capnp's default read
// limit (64 MiB traversed) arrives whole.
func TestLargeMessagesAreReadable(t *testing.T) {
	_, _, tester := pair(t, mp.Config{Name: "server"})
	data := make([]byte, 40<<20)
	for i := range data {
		data[i] = byte(i)
	}
	got, err := tester.EchoData(context.Background(), data)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("EchoData(40 MiB) = %d bytes, %v", len(got), err)
	}
}
