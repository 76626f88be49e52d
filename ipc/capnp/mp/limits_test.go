package mp_test

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// TestMaxAnswers: a peer that leaves more calls unfinished than MaxAnswers
// (here: answers holding capabilities, never Finished) is disconnected with
// a reason.
func TestMaxAnswers(t *testing.T) {
	a, b := testenv.SocketPair(t)
	conn := mp.New(a, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("x")), Workers: 2, MaxAnswers: 5})
	defer conn.Close()
	var in bytes.Buffer
	in.Write(frame(t, func(m rpccp.Message) {
		bt, _ := m.NewBootstrap()
		bt.SetQuestionId(0)
	}))
	for q := uint32(1); q <= 10; q++ {
		in.Write(frame(t, func(m rpccp.Message) {
			c, _ := m.NewCall()
			c.SetQuestionId(q)
			c.SetInterfaceId(testschema.Tester_TypeID)
			c.SetMethodId(8) // makeTester: its answer holds a capability until Finish
			tg, _ := c.NewTarget()
			tg.SetImportedCap(0)
			p, _ := c.NewParams()
			st, _ := testschema.NewTester_makeTester_Params(p.Segment())
			st.SetName("unfinished")
			p.SetContent(capnp.Struct(st).ToPtr())
		}))
	}
	go func() {
		b.Write(in.Bytes())
		var sink [4096]byte
		for {
			if _, err := b.Read(sink[:]); err != nil {
				break
			}
		}
		b.(*net.UnixConn).Close()
	}()
	select {
	case <-conn.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("connection with 10 unfinished calls (max 5) still open")
	}
	if err := conn.Err(); err == nil || !strings.Contains(err.Error(), "more than 5 unfinished calls") {
		t.Fatalf("error %v does not say why", err)
	}
}
