package testschema_test

import (
	"context"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// TestAllocationsPerCall pins the allocation budget of a trivial call, both
// sides together, in one process.
func TestAllocationsPerCall(t *testing.T) {
	a, b := testenv.SocketPair(t)
	srv := mp.New(a, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("x"))})
	cli := mp.New(b, &mp.Config{})
	defer srv.Close()
	defer cli.Close()
	ctx := context.Background()
	boot, err := cli.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tester := testschema.NewTesterClient(boot)
	for range 100 {
		tester.Echo(ctx, "0123456789abcdef")
	}
	allocs := testing.AllocsPerRun(2000, func() {
		if _, err := tester.Echo(ctx, "0123456789abcdef"); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%.1f allocations per trivial call, client and server together", allocs)
	if allocs > 12 {
		t.Errorf("%.1f allocations per call, want about five per side", allocs)
	}
}
