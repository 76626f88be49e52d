package mp_test

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// frame serializes an rpc.capnp message built by fill.
func frame(t testing.TB, fill func(rpccp.Message)) []byte {
	msg, seg, _ := capnp.NewMessage(capnp.SingleSegment(nil))
	m, _ := rpccp.NewRootMessage(seg)
	fill(m)
	b, err := msg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seeds are valid and nearly valid conversations to mutate.
func seeds(t testing.TB) [][]byte {
	boot := frame(t, func(m rpccp.Message) {
		b, _ := m.NewBootstrap()
		b.SetQuestionId(0)
	})
	call := func(method uint16, target uint32) []byte {
		return frame(t, func(m rpccp.Message) {
			c, _ := m.NewCall()
			c.SetQuestionId(1)
			c.SetInterfaceId(testschema.Tester_TypeID)
			c.SetMethodId(method)
			tg, _ := c.NewTarget()
			tg.SetImportedCap(target)
			p, _ := c.NewParams()
			st, _ := testschema.NewTester_echo_Params(p.Segment())
			st.SetMsg("fuzz")
			p.SetContent(capnp.Struct(st).ToPtr())
		})
	}
	pipelined := frame(t, func(m rpccp.Message) {
		c, _ := m.NewCall()
		c.SetQuestionId(2)
		c.SetInterfaceId(testschema.Tester_TypeID)
		c.SetMethodId(16)
		tg, _ := c.NewTarget()
		pa, _ := tg.NewPromisedAnswer()
		pa.SetQuestionId(0)
	})
	finish := frame(t, func(m rpccp.Message) {
		f, _ := m.NewFinish()
		f.SetQuestionId(1)
	})
	release := frame(t, func(m rpccp.Message) {
		r, _ := m.NewRelease()
		r.SetId(0)
		r.SetReferenceCount(5)
	})
	abort := frame(t, func(m rpccp.Message) {
		e, _ := m.NewAbort()
		e.SetReason("bye")
	})
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	return [][]byte{
		cat(boot, call(1, 0), finish),
		cat(boot, pipelined, call(16, 0)),
		cat(boot, call(99, 0), call(1, 7), release),
		cat(boot, call(1, 0), call(1, 0)), // duplicate question id
		cat(boot, abort),
		{0xff, 0xff, 0xff, 0xff, 1, 2, 3},
		{0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f},
	}
}

// FuzzServedConnection feeds arbitrary bytes to a connection serving a
// Tester: the server must neither crash nor hang, and must end the
// connection once the input ends.
func FuzzServedConnection(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, b := testenv.SocketPair(t)
		conn := mp.New(a, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("fuzz")), MaxMessageSize: 1 << 20})
		go func() {
			b.Write(data)
			b.(*net.UnixConn).CloseWrite()
			var sink [4096]byte
			for {
				if _, err := b.Read(sink[:]); err != nil {
					break
				}
			}
			b.Close()
		}()
		select {
		case <-conn.Done():
		case <-time.After(10 * time.Second):
			t.Fatalf("connection still open 10s after its input ended")
		}
		if conn.Err() == nil {
			t.Fatal("ended connection has no error")
		}
	})
}

// TestProtocolErrorsCloseOnlyThatConnection: a peer that breaks the protocol
// loses its connection with a reason; the process keeps serving others.
func TestProtocolErrorsCloseOnlyThatConnection(t *testing.T) {
	bad, badPeer := testenv.SocketPair(t)
	badConn := mp.New(bad, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("x")), MaxMessageSize: 1 << 16})
	good, goodPeer := testenv.SocketPair(t)
	goodConn := mp.New(good, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("y"))})
	defer goodConn.Close()
	// A segment table announcing 1 GiB.
	badPeer.Write([]byte{0, 0, 0, 0, 0, 0, 0, 0x08})
	select {
	case <-badConn.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("oversized message did not end the connection")
	}
	if err := badConn.Err(); err == nil || !bytes.Contains([]byte(err.Error()), []byte("exceeds the limit")) {
		t.Fatalf("error %v does not say why", err)
	}
	client := mp.New(goodPeer, &mp.Config{})
	defer client.Close()
	boot, err := client.Bootstrap(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := testschema.NewTesterClient(boot).Echo(context.Background(), "fine"); err != nil || got != "fine" {
		t.Fatalf("other connection: %q %v", got, err)
	}
}
