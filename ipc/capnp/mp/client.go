package mp

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// Client is a capability: either one the peer serves (an import) or, when the
// peer handed back one of ours, the local Dispatcher. Generated clients wrap
// it. A Client releases its reference when Release is called or when it is
// garbage collected.
type Client struct {
	conn     *Conn
	id       uint32     // import id, when local is nil
	local    Dispatcher // our own capability, handed back by the peer
	released atomic.Bool
	cleanup  runtime.Cleanup

	streamOnce sync.Once
	stream     *streamState
}

type importRef struct {
	conn *Conn
	id   uint32
}

// newImport makes the Client for one capability reference the peer gave us.
// A peer that makes this process hold more than MaxImports of its
// capabilities is disconnected instead.
func (c *Conn) newImport(id uint32) (*Client, error) {
	c.mu.Lock()
	if c.imports >= c.cfg.MaxImports {
		n := c.imports
		c.mu.Unlock()
		c.releaseImportRef(id)
		return nil, c.protocolError("the peer made this process hold %d of its capabilities (the maximum)", n)
	}
	c.imports++
	c.mu.Unlock()
	cl := &Client{conn: c, id: id}
	cl.cleanup = runtime.AddCleanup(cl, releaseImport, importRef{c, id})
	return cl, nil
}

func releaseImport(r importRef) { r.conn.releaseImport(r.id) }

// releaseImport queues a Release message for one reference to import id; it
// goes out with the next write.
func (c *Conn) releaseImport(id uint32) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.imports--
	c.releases = append(c.releases, id)
	c.mu.Unlock()
	c.wmu.Lock()
	if !c.timerArmed {
		c.timerArmed = true
		c.flushTimer.Reset(0)
	}
	c.wmu.Unlock()
}

// writeReleases writes queued Release messages; the caller holds wmu.
func (c *Conn) writeReleases() error {
	c.mu.Lock()
	ids := c.releases
	c.releases = nil
	c.mu.Unlock()
	for _, id := range ids {
		m, err := newOutMsg()
		if err != nil {
			return err
		}
		rel, err := m.root.NewRelease()
		if err == nil {
			rel.SetId(id)
			rel.SetReferenceCount(1)
			err = writeFrame(c.bw, &m.msg, &c.whdr)
		}
		m.free()
		if err != nil {
			return err
		}
	}
	return nil
}

// Release drops this reference now instead of when it is collected. Calls
// made with the Client afterwards fail.
func (cl *Client) Release() {
	if cl == nil || cl.local != nil || !cl.released.CompareAndSwap(false, true) {
		return
	}
	cl.cleanup.Stop()
	cl.conn.releaseImport(cl.id)
}

// Local returns the local implementation when the peer handed back one of
// our own capabilities, else nil.
func (cl *Client) Local() Dispatcher {
	if cl == nil {
		return nil
	}
	return cl.local
}

// Conn returns the connection the capability lives on.
func (cl *Client) Conn() *Conn { return cl.conn }

var errReleased = &ipc.Error{Kind: ipc.ErrDisconnected, Description: "capability already released"}

// NewCall starts building a call of method m on the capability. Fill the
// params through the returned Call, then Send it.
func (cl *Client) NewCall(ctx context.Context, iface *Interface, m *Method) (Call, error) {
	switch {
	case cl == nil:
		return Call{}, errors.New("call on a nil capability")
	case cl.local != nil:
		return Call{}, errors.New("call on a local capability through the connection")
	case cl.released.Load():
		return Call{}, errReleased
	}
	if err := ctx.Err(); err != nil {
		return Call{}, err
	}
	out, err := newOutMsg()
	if err != nil {
		return Call{}, err
	}
	call, err := out.root.NewCall()
	if err == nil {
		call.SetInterfaceId(iface.ID)
		call.SetMethodId(m.ID)
		var t rpccp.MessageTarget
		if t, err = call.NewTarget(); err == nil {
			t.SetImportedCap(cl.id)
			out.payload, err = call.NewParams()
		}
	}
	if err != nil {
		out.free()
		return Call{}, err
	}
	return Call{client: cl, out: out, call: call, method: m, ctx: ctx}, nil
}
