package ipc_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
)

// BenchmarkTransports compares the two -ipcbind transports between two
// processes: a unix socket, and TCP with TLS 1.3 over loopback. Each round
// starts a fresh listener process per transport (the test binary in its
// "listener" role) and measures, in turn: connecting (dial, TLS handshake,
// bootstrap, makeEcho), a trivial call, 8 callers at once, and a 1 MiB
// call. BENCH_ROUNDS sets the rounds (default 3). Figures are printed; it
// never fails on time.
func BenchmarkTransports(b *testing.B) {
	rounds := 3
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	res := map[string][]float64{}
	for range rounds {
		for _, transport := range []string{"unix", "tls"} {
			for k, v := range measureTransport(b, transport) {
				res[transport+" "+k] = append(res[transport+" "+k], v)
			}
		}
	}
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Printf("%d rounds, median (min..max)\n", rounds)
	for _, k := range keys {
		v := slices.Sorted(slices.Values(res[k]))
		fmt.Printf("%-32s %10.1f  (%.1f..%.1f)\n", k, v[len(v)/2], v[0], v[len(v)-1])
	}
}

// measureTransport runs one round against a new listener process.
func measureTransport(b *testing.B, transport string) map[string]float64 {
	dir := b.TempDir()
	addr, creds := "unix", ""
	if transport == "tls" {
		addr = "tcp:127.0.0.1:0"
		c, err := ipc.NewClient(dir, "bench", nil, "")
		if err != nil {
			b.Fatal(err)
		}
		creds = filepath.Join(dir, "bench.json")
		if err := os.WriteFile(creds, c, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	cmd, fields := startHelper(b, "IPCTEST_ROLE=listener", "IPCTEST_ADDR="+addr, "IPCTEST_DIR="+dir)
	defer cmd.Process.Kill()
	addr = fields[len(fields)-1]
	ctx := context.Background()
	client := newIPC(nil)
	defer client.Close()
	connect := func() (interfaces.Echo, ipc.Connection) {
		init, conn, err := client.Connect(ctx, addr, dir, ipc.WithCredentials(creds))
		if err != nil {
			b.Fatal(err)
		}
		e, err := init.MakeEcho(ctx)
		if err != nil {
			b.Fatal(err)
		}
		return e, conn
	}
	out := map[string]float64{}

	var setup []time.Duration
	for range 20 {
		start := time.Now()
		_, conn := connect()
		setup = append(setup, time.Since(start))
		conn.Close()
	}
	out["connect p50 (ms)"] = float64(median(setup)) / 1e6

	e, conn := connect()
	defer conn.Close()
	call := func(msg string) {
		if got, err := e.Echo(ctx, msg); err != nil || len(got) != len(msg) {
			b.Fatalf("echo: %v", err)
		}
	}
	for range 500 {
		call("0123456789abcdef")
	}
	var lat []time.Duration
	for range 5000 {
		start := time.Now()
		call("0123456789abcdef")
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	out["call p50 (µs)"] = float64(lat[len(lat)/2]) / 1e3
	out["call p99 (µs)"] = float64(lat[len(lat)*99/100]) / 1e3

	const callers, each = 8, 2500
	var wg sync.WaitGroup
	start := time.Now()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				call("0123456789abcdef")
			}
		}()
	}
	wg.Wait()
	out["calls/s, 8 callers (k)"] = callers * each / time.Since(start).Seconds() / 1e3

	big := strings.Repeat("x", 1<<20)
	var mib []time.Duration
	for range 30 {
		start := time.Now()
		call(big)
		mib = append(mib, time.Since(start))
	}
	out["1 MiB call p50 (ms)"] = float64(median(mib)) / 1e6
	return out
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
