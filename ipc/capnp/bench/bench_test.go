package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

const (
	msg16   = "0123456789abcdef" // the trivial call's 16-byte text
	seqN    = 20000              // sequential calls measured, after warmup
	warmupN = 1000
	parN    = 100000 // calls per concurrency level
	bigN    = 100    // 1 MiB round trips
	cbN     = 20000  // callbacks
	streamN = 100000 // streamed notifications
)

// results collects one figure per round for each metric.
type results map[string][]float64

func (r results) add(name string, v float64) { r[name] = append(r[name], v) }

func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 5
}

// BenchmarkIPC runs every configuration once per round, interleaved, each
// against a fresh server process, and reports medians (min..max over rounds).
// Run with -benchtime 1x: the counts are fixed.
func BenchmarkIPC(b *testing.B) {
	res := results{}
	for range b.N {
		for round := range rounds() {
			direct(res)
			raw(b, res, callFrameSize(b))
			calls(b, res)
			payload(b, res)
			callbacks(b, res)
			stream(b, res)
			fmt.Fprintf(os.Stderr, "round %d done\n", round+1)
		}
	}
	report(b, res)
}

func lat(d []time.Duration, p float64) float64 {
	slices.Sort(d)
	return float64(d[int(float64(len(d)-1)*p)].Nanoseconds()) / 1e3
}

// sequential times n calls one after another.
func sequential(n int, call func() error) ([]time.Duration, time.Duration, error) {
	d := make([]time.Duration, n)
	begin := time.Now()
	for i := range d {
		start := time.Now()
		if err := call(); err != nil {
			return nil, 0, err
		}
		d[i] = time.Since(start)
	}
	return d, time.Since(begin), nil
}

// parallel runs n calls spread over callers goroutines; returns calls/s.
func parallel(callers, n int, call func() error) (float64, error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	per := n / callers
	start := time.Now()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				if err := call(); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64(per*callers) / time.Since(start).Seconds(), first
}

func direct(res results) {
	var t ipctest.Tester = ipctest.New("direct")
	ctx := context.Background()
	call := func() error { _, err := t.Echo(ctx, msg16); return err }
	d, total, _ := sequential(seqN, call)
	res.add("direct p50 µs", lat(d, 0.5))
	res.add("direct calls/s (1)", seqN/total.Seconds())
	r, _ := parallel(8, parN*10, call)
	res.add("direct calls/s (8)", r)
}

// callFrameSize is the size of the trivial call's Call frame, so the raw
// ping-pong moves the same bytes.
func callFrameSize(b *testing.B) int {
	msg, seg, _ := capnp.NewMessage(capnp.SingleSegment(nil))
	m, _ := rpccp.NewRootMessage(seg)
	c, _ := m.NewCall()
	c.SetInterfaceId(testschema.Tester_TypeID)
	c.SetMethodId(1)
	tg, _ := c.NewTarget()
	tg.SetImportedCap(0)
	p, _ := c.NewParams()
	st, _ := testschema.NewTester_echo_Params(seg)
	st.SetMsg(msg16)
	p.SetContent(capnp.Struct(st).ToPtr())
	data, err := msg.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	return len(data)
}

func raw(b *testing.B, res results, size int) {
	c := startChild(b, "raw", "BENCH_SIZE="+strconv.Itoa(size))
	buf := make([]byte, size)
	call := func() error {
		if _, err := c.conn.Write(buf); err != nil {
			return err
		}
		_, err := io.ReadFull(c.conn, buf)
		return err
	}
	sequential(warmupN, call)
	d, total, err := sequential(seqN, call)
	if err != nil {
		b.Fatal(err)
	}
	c.stop()
	res.add(fmt.Sprintf("raw %dB ping-pong p50 µs", size), lat(d, 0.5))
	res.add(fmt.Sprintf("raw %dB ping-pong p99 µs", size), lat(d, 0.99))
	res.add(fmt.Sprintf("raw %dB ping-pong calls/s", size), seqN/total.Seconds())

	big := startChild(b, "raw", "BENCH_SIZE="+strconv.Itoa(1<<20))
	mb := make([]byte, 1<<20)
	bigCall := func() error {
		errc := make(chan error, 1)
		go func() { _, err := big.conn.Write(mb); errc <- err }()
		if _, err := io.ReadFull(big.conn, mb); err != nil {
			return err
		}
		return <-errc
	}
	bigCall()
	d, _, err = sequential(bigN, bigCall)
	if err != nil {
		b.Fatal(err)
	}
	big.stop()
	res.add("raw 1 MiB round trip p50 µs", lat(d, 0.5))
}

// connect starts a Tester server process and returns a client.
func connect(b *testing.B) (*child, *mp.Conn, ipctest.Tester) {
	c := startChild(b, "mp")
	conn := mp.New(c.conn, &mp.Config{})
	boot, err := conn.Bootstrap(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return c, conn, testschema.NewTesterClient(boot)
}

func calls(b *testing.B, res results) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	call := func() error { _, err := t.Echo(ctx, msg16); return err }
	sequential(warmupN, call)
	self, peer := os.Getpid(), c.cmd.Process.Pid
	cpu0, cpuPeer0 := cpuTicks(self), cpuTicks(peer)
	cs0, csPeer0 := ctxSwitches(self), ctxSwitches(peer)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	d, total, err := sequential(seqN, call)
	if err != nil {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&ms1)
	per := func(v float64) float64 { return v / seqN }
	res.add("mp p50 µs", lat(d, 0.5))
	res.add("mp p99 µs", lat(d, 0.99))
	res.add("mp calls/s (1, sequential)", seqN/total.Seconds())
	res.add("mp CPU µs/call client", per((cpuTicks(self)-cpu0)*1e4))
	res.add("mp CPU µs/call server", per((cpuTicks(peer)-cpuPeer0)*1e4))
	res.add("mp OS ctx switches/call client", per(ctxSwitches(self)-cs0))
	res.add("mp OS ctx switches/call server", per(ctxSwitches(peer)-csPeer0))
	res.add("mp allocs/call client", per(float64(ms1.Mallocs-ms0.Mallocs)))
	for _, callers := range []int{1, 8, 64} {
		r, err := parallel(callers, parN, call)
		if err != nil {
			b.Fatal(err)
		}
		res.add(fmt.Sprintf("mp calls/s (%d callers)", callers), r)
	}
}

func payload(b *testing.B, res results) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	data := make([]byte, 1<<20)
	rand.Read(data)
	call := func() error {
		got, err := t.EchoData(ctx, data)
		if err == nil && !bytes.Equal(got, data) {
			err = fmt.Errorf("1 MiB payload came back different")
		}
		return err
	}
	call()
	d, _, err := sequential(bigN, call)
	if err != nil {
		b.Fatal(err)
	}
	res.add("mp 1 MiB round trip p50 µs", lat(d, 0.5))
}

type counter struct{ n int }

func (c *counter) Call(_ context.Context, msg string) (string, error) { c.n++; return msg, nil }

func callbacks(b *testing.B, res results) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	cb := &counter{}
	t.CallBack(ctx, cb, 100, "warm")
	start := time.Now()
	if _, err := t.CallBack(ctx, cb, cbN, msg16); err != nil {
		b.Fatal(err)
	}
	res.add("mp callback round trip µs", float64(time.Since(start).Nanoseconds())/1e3/cbN)
}

func stream(b *testing.B, res results) {
	c, conn, t := connect(b)
	defer func() { conn.Close(); c.cmd.Wait() }()
	ctx := context.Background()
	client := t.(*testschema.TesterClient).MPClient()
	payload := []byte(msg16)
	start := time.Now()
	for i := uint64(1); i <= streamN; i++ {
		if err := t.Notify(ctx, i, payload); err != nil {
			b.Fatal(err)
		}
	}
	if err := client.WaitStreams(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	if n, last, _, err := t.Notified(ctx); err != nil || n != streamN || last != streamN {
		b.Fatalf("server saw %d notifications (last %d): %v", n, last, err)
	}
	res.add("mp streamed notification µs", float64(elapsed.Nanoseconds())/1e3/streamN)
}

func report(b *testing.B, res results) {
	names := make([]string, 0, len(res))
	for n := range res {
		names = append(names, n)
	}
	slices.Sort(names)
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-44s %12s   %s\n", "metric", "median", "min..max")
	for _, n := range names {
		v := slices.Sorted(slices.Values(res[n]))
		med := v[len(v)/2]
		fmt.Fprintf(&sb, "%-44s %12s   %s..%s\n", n, num(med), num(v[0]), num(v[len(v)-1]))
		unit := strings.NewReplacer(" ", "_", "(", "", ")", "", ",", "").Replace(n)
		b.ReportMetric(med, unit)
	}
	fmt.Fprint(os.Stdout, sb.String())
}

func num(v float64) string {
	switch {
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}
