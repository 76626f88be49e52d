package testschema_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// latencies runs n sequential calls and returns their durations, sorted.
func latencies(n int, call func() error) ([]time.Duration, error) {
	d := make([]time.Duration, n)
	for i := range d {
		start := time.Now()
		if err := call(); err != nil {
			return nil, err
		}
		d[i] = time.Since(start)
	}
	slices.Sort(d)
	return d, nil
}

func pct(d []time.Duration, p float64) float64 {
	return float64(d[int(float64(len(d)-1)*p)].Nanoseconds()) / 1000
}

func BenchmarkEchoSequential(b *testing.B) {
	c := startChild(&testing.T{})
	ctx := context.Background()
	for range 1000 {
		c.tester.Echo(ctx, "0123456789abcdef")
	}
	b.ResetTimer()
	d, err := latencies(b.N, func() error {
		_, err := c.tester.Echo(ctx, "0123456789abcdef")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(pct(d, 0.5), "p50-µs")
	b.ReportMetric(pct(d, 0.99), "p99-µs")
}

func BenchmarkEchoParallel(b *testing.B) {
	for _, callers := range []int{1, 8, 64} {
		b.Run(fmt.Sprint(callers), func(b *testing.B) {
			c := startChild(&testing.T{})
			ctx := context.Background()
			var wg sync.WaitGroup
			per := b.N/callers + 1
			b.ResetTimer()
			start := time.Now()
			for range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range per {
						c.tester.Echo(ctx, "0123456789abcdef")
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(per*callers)/time.Since(start).Seconds(), "calls/s")
		})
	}
}
