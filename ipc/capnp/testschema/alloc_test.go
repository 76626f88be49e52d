package testschema_test

import (
	"context"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// socketPair returns two connected unix stream sockets.
func socketPair(t testing.TB) (net.Conn, net.Conn) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	var conns [2]net.Conn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "sock")
		c, err := net.FileConn(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	return conns[0], conns[1]
}

// TestAllocationsPerCall pins the allocation budget of a trivial call, both
// sides together, in one process.
func TestAllocationsPerCall(t *testing.T) {
	a, b := socketPair(t)
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
