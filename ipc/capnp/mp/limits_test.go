package mp_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// rawPeer is a hostile client: it writes hand-made rpc.capnp messages to a
// connection serving a Tester and, unless told not to, reads and discards
// what comes back.
type rawPeer struct {
	t    *testing.T
	conn *mp.Conn // the served side
	sock net.Conn // the peer's side
	buf  bytes.Buffer
}

func newRawPeer(t *testing.T, cfg mp.Config, read bool) *rawPeer {
	t.Helper()
	a, b := testenv.SocketPair(t)
	cfg.Bootstrap = testschema.NewTesterServer(ipctest.New("served"))
	p := &rawPeer{t: t, conn: mp.New(a, &cfg), sock: b}
	t.Cleanup(func() { p.conn.Close() })
	if read {
		go func() {
			var sink [64 << 10]byte
			for {
				if _, err := b.Read(sink[:]); err != nil {
					return
				}
			}
		}()
	}
	return p
}

// add appends one message to what flush writes.
func (p *rawPeer) add(fill func(rpccp.Message)) { p.buf.Write(frame(p.t, fill)) }

// flush writes the added messages; errors are the server closing on us.
func (p *rawPeer) flush() {
	p.sock.Write(p.buf.Bytes())
	p.buf.Reset()
}

func (p *rawPeer) bootstrap(qid uint32) {
	p.add(func(m rpccp.Message) {
		b, _ := m.NewBootstrap()
		b.SetQuestionId(qid)
	})
}

// call adds a call of a Tester method on the bootstrap (import 0), its
// params filled by params.
func (p *rawPeer) call(qid uint32, method uint16, params func(rpccp.Payload)) {
	p.add(func(m rpccp.Message) {
		c, _ := m.NewCall()
		c.SetQuestionId(qid)
		c.SetInterfaceId(testschema.Tester_TypeID)
		c.SetMethodId(method)
		tg, _ := c.NewTarget()
		tg.SetImportedCap(0)
		pl, _ := c.NewParams()
		params(pl)
	})
}

// closedWith waits for the served connection to end and checks its reason.
func (p *rawPeer) closedWith(reason string) {
	p.t.Helper()
	select {
	case <-p.conn.Done():
	case <-time.After(20 * time.Second):
		p.t.Fatalf("connection still open; want it closed for %q", reason)
	}
	if err := p.conn.Err(); err == nil || !strings.Contains(err.Error(), reason) {
		p.t.Fatalf("connection ended with %v; want the reason %q", err, reason)
	}
}

// TestMaxAnswers: a peer that leaves more calls unfinished than MaxAnswers
// (here: answers holding capabilities, never Finished) is disconnected with
// a reason.
func TestMaxAnswers(t *testing.T) {
	p := newRawPeer(t, mp.Config{Workers: 2, MaxAnswers: 5}, true)
	p.bootstrap(0)
	for q := uint32(1); q <= 10; q++ {
		p.call(q, 8, func(pl rpccp.Payload) { // makeTester: its answer holds a capability until Finish
			st, _ := testschema.NewTester_makeTester_Params(pl.Segment())
			st.SetName("unfinished")
			pl.SetContent(capnp.Struct(st).ToPtr())
		})
	}
	p.flush()
	p.closedWith("more than 5 unfinished calls")
}

// TestBootstrapsCountAsAnswers: unfinished Bootstraps each hold an export;
// they count against MaxAnswers like calls.
func TestBootstrapsCountAsAnswers(t *testing.T) {
	p := newRawPeer(t, mp.Config{MaxAnswers: 5}, true)
	for q := uint32(0); q < 2000; q++ {
		p.bootstrap(q)
	}
	p.flush()
	p.closedWith("more than 5 unfinished calls")
}

// TestMaxExports: a peer that takes capability after capability and never
// releases them is disconnected once it holds MaxExports (default 10,000).
func TestMaxExports(t *testing.T) {
	// MaxAnswers is lifted so that the unfinished answers do not trip first.
	p := newRawPeer(t, mp.Config{MaxAnswers: 1 << 20}, true)
	p.bootstrap(0)
	for q := uint32(1); q <= mp.DefaultMaxCaps+10; q++ {
		p.call(q, 8, func(pl rpccp.Payload) {
			st, _ := testschema.NewTester_makeTester_Params(pl.Segment())
			st.SetName("kept")
			pl.SetContent(capnp.Struct(st).ToPtr())
		})
		if q%500 == 0 {
			p.flush()
		}
	}
	p.flush()
	p.closedWith("holds 10000 capabilities of this process")
}

// TestMaxImports: a peer that makes this side keep capability after
// capability (subscriptions that hold its callbacks) is disconnected once
// MaxImports (default 10,000) are held.
func TestMaxImports(t *testing.T) {
	p := newRawPeer(t, mp.Config{MaxAnswers: 1 << 20, MaxExports: 1 << 20}, true)
	p.bootstrap(0)
	for q := uint32(1); q <= mp.DefaultMaxCaps+10; q++ {
		p.call(q, 7, func(pl rpccp.Payload) { // subscribe(cb): the Tester keeps cb
			st, _ := testschema.NewTester_subscribe_Params(pl.Segment())
			capnp.Struct(st).SetPtr(0, capnp.NewInterface(pl.Segment(), 0).ToPtr())
			pl.SetContent(capnp.Struct(st).ToPtr())
			table, _ := pl.NewCapTable(1)
			table.At(0).SetSenderHosted(q)
		})
		if q%500 == 0 {
			p.flush()
		}
	}
	p.flush()
	p.closedWith("hold 10000 of its capabilities")
}

// TestUnreadRepliesBounded: while a worker is blocked writing a large reply
// to a peer that does not read, the reader answers inline calls into a
// queue; that queue is bounded (MaxUnsentBytes, default 16 MiB) and the
// connection is closed beyond it instead of growing.
func TestUnreadRepliesBounded(t *testing.T) {
	p := newRawPeer(t, mp.Config{}, false)
	p.bootstrap(0)
	p.call(1, 2, func(pl rpccp.Payload) { // echoData, on a worker: its reply fills the socket
		st, _ := testschema.NewTester_echoData_Params(pl.Segment())
		st.SetData(make([]byte, 8<<20))
		pl.SetContent(capnp.Struct(st).ToPtr())
	})
	p.flush()
	// Wait until the worker is blocked writing its reply: part of it out,
	// and no more going.
	for last := int64(-1); ; time.Sleep(100 * time.Millisecond) {
		out := p.conn.Stats().BytesOut
		if out > 64<<10 && out == last {
			break
		}
		last = out
	}
	text := strings.Repeat("x", 60_000) // 300 replies pass the bound
	go func() {
		for q := uint32(2); q < 2_000 && p.conn.Err() == nil; q++ {
			p.call(q, 1, func(pl rpccp.Payload) { // echo: inline, answered by the reader
				st, _ := testschema.NewTester_echo_Params(pl.Segment())
				st.SetMsg(text)
				pl.SetContent(capnp.Struct(st).ToPtr())
			})
			p.flush()
		}
	}()
	p.closedWith("does not read its replies")
}

// TestOverloadedCallsAreRefused: calls beyond the workers queue; beyond
// MaxQueuedBytes they are refused with ErrOverloaded, and the connection
// goes on serving.
func TestOverloadedCallsAreRefused(t *testing.T) {
	_, server, tester := pair(t, mp.Config{Name: "server", Workers: 1, MaxQueuedBytes: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	results := make([]error, 3)
	for i, ms := range []uint32{500, 1, 1} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, results[i] = tester.Sleep(ctx, ms)
		}()
		time.Sleep(100 * time.Millisecond) // the calls arrive in this order
	}
	wg.Wait()
	if results[0] != nil || results[1] != nil {
		t.Fatalf("running and queued calls: %v, %v", results[0], results[1])
	}
	if !errors.Is(results[2], ipc.ErrOverloaded) || !strings.Contains(results[2].Error(), "refused a call of Tester.sleep") {
		t.Fatalf("third call: %v, want ErrOverloaded", results[2])
	}
	if got, err := tester.Sleep(ctx, 1); err != nil || !got {
		t.Fatalf("after the refusal: %v %v", got, err)
	}
	if n := server.Stats().Refused; n != 1 {
		t.Fatalf("Stats().Refused = %d, want 1", n)
	}
}
