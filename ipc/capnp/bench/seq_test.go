package bench

import (
	"context"
	"testing"
)

// BenchmarkEcho is one configuration alone, for profiling:
// go test -bench Echo -cpuprofile (client) and BENCH_SERVER_PROFILE (server).
func BenchmarkEcho(b *testing.B) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	for range warmupN {
		t.Echo(ctx, msg16)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := t.Echo(ctx, msg16); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEchoData1MiB is the 1 MiB payload alone, for profiling.
func BenchmarkEchoData1MiB(b *testing.B) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	data := make([]byte, 1<<20)
	t.EchoData(ctx, data)
	b.ResetTimer()
	for range b.N {
		if _, err := t.EchoData(ctx, data); err != nil {
			b.Fatal(err)
		}
	}
}
