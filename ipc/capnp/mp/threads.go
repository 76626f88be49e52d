package mp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"capnproto.org/go/capnp/v3"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// ThreadMap and Thread are Bitcoin Core's libmultiprocess handshake objects
// (mp/proxy.capnp): a Core client asks Init.construct for a ThreadMap, makes
// a named Thread and passes it in every call's Context. Go runs each call on
// a goroutine of the runtime's choosing, so a Thread is only a name.
type ThreadMap interface {
	MakeThread(ctx context.Context, name string) (Thread, error)
	MakePool(ctx context.Context, count uint32) error
}

// Thread is a named token a Core client passes with its calls.
type Thread interface {
	GetName(ctx context.Context) (string, error)
}

// NewThreadMap returns the ThreadMap served in answer to Init.construct.
func NewThreadMap() ThreadMap { return &threadMap{} }

type threadMap struct{ n atomic.Int64 }

func (m *threadMap) MakeThread(_ context.Context, name string) (Thread, error) {
	m.n.Add(1)
	return thread(name), nil
}

func (m *threadMap) MakePool(context.Context, uint32) error { return nil }

type thread string

func (t thread) GetName(context.Context) (string, error) { return string(t), nil }

// Handshake is what a client connection needs for Core's thread protocol;
// ipc/capnp fills it from the generated Init and Thread proxies.
type Handshake struct {
	// Construct calls the peer's Init.construct, handing it a ThreadMap of
	// this side, and returns the peer's ThreadMap.
	Construct func(ctx context.Context) (ThreadMap, error)
	// ServeThread serves a Thread of this side to the peer.
	ServeThread func(Thread) Dispatcher
}

// UseThreads makes the calls this side sends on c name a Thread in their
// Context, as Bitcoin Core's server requires: it refuses a call whose
// context.thread is null ("no thread specified and no pool configured") and
// runs each call on the server thread its Thread stands for, one call at a
// time. So every call in flight gets a Thread of its own, made by the peer's
// ThreadMap.makeThread when none is idle and reused once its call returns,
// and callbackThread names a Thread of this side. The handshake
// (Init.construct) runs with the first call that has a Context; a peer
// without Init.construct gets calls without a Thread. A callback that calls
// the peer back also gets a Thread from the pool, not the one the peer is
// waiting on (Core's clients reuse that one; our interfaces that Core serves
// make no callbacks).
func (c *Conn) UseThreads(h Handshake) {
	name := c.cfg.Name
	if name == "" {
		name = "mp"
	}
	callback := thread(name + "/callback")
	c.threads.Store(&callThreads{
		h: h, name: name, sem: make(chan struct{}, 1),
		callback: callback, serveCallback: h.ServeThread(callback),
	})
}

// callThreads is a connection's client side of Core's thread protocol.
type callThreads struct {
	h    Handshake
	name string // this side, prefix of the Threads' names
	sem  chan struct{}

	callback      Thread // named as every call's callbackThread
	serveCallback Dispatcher

	ready atomic.Bool // the handshake is done; peer is set
	peer  ThreadMap   // nil if the peer has no Init.construct

	mu   sync.Mutex
	idle []Thread
	made int
}

// ThreadLease is the peer's Thread that one call runs on. The zero lease
// (no handshake on the connection) names none.
type ThreadLease struct {
	t      *callThreads
	thread Thread
}

// AcquireThread returns a Thread of the peer for one call, unused by other
// calls, doing the handshake first if it is not done yet. Give it back with
// Done when the call has returned. Without UseThreads on the connection it
// returns the zero lease.
func (cl *Client) AcquireThread(ctx context.Context) (ThreadLease, error) {
	if cl == nil || cl.conn == nil || cl.local != nil {
		return ThreadLease{}, nil
	}
	t := cl.conn.threads.Load()
	if t == nil {
		return ThreadLease{}, nil
	}
	peer, err := t.threadMap(ctx)
	if err != nil || peer == nil {
		return ThreadLease{}, err
	}
	t.mu.Lock()
	if n := len(t.idle); n > 0 {
		th := t.idle[n-1]
		t.idle = t.idle[:n-1]
		t.mu.Unlock()
		return ThreadLease{t, th}, nil
	}
	t.made++
	name := fmt.Sprintf("%s/%d", t.name, t.made)
	t.mu.Unlock()
	th, err := peer.MakeThread(ctx, name)
	if err == nil && th == nil {
		err = &ipc.Error{Kind: ipc.ErrProtocol, Description: "ThreadMap.makeThread returned no Thread"}
	}
	if err != nil {
		return ThreadLease{}, fmt.Errorf("IPC handshake: ThreadMap.makeThread: %w", err)
	}
	return ThreadLease{t, th}, nil
}

// threadMap returns the peer's ThreadMap, calling Init.construct the first
// time. A failed handshake is tried again by the next call.
func (t *callThreads) threadMap(ctx context.Context) (ThreadMap, error) {
	if t.ready.Load() {
		return t.peer, nil
	}
	select {
	case t.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-t.sem }()
	if t.ready.Load() {
		return t.peer, nil
	}
	peer, err := t.h.Construct(ctx)
	switch {
	case errors.Is(err, ipc.ErrUnimplemented):
		peer = nil // not Core's Init: it takes calls without a Thread
	case err != nil:
		return nil, fmt.Errorf("IPC handshake: Init.construct: %w", err)
	case peer == nil:
		return nil, &ipc.Error{Kind: ipc.ErrProtocol, Description: "IPC handshake: Init.construct returned no ThreadMap"}
	}
	t.peer = peer
	t.ready.Store(true)
	return peer, nil
}

// Done gives the Thread back for the next call. If ctx has ended, the call
// may still be running on the peer's Thread, so the Thread is dropped.
func (l ThreadLease) Done(ctx context.Context) {
	if l.t == nil {
		return
	}
	if ctx.Err() != nil {
		if r, ok := l.thread.(interface{ Release() }); ok {
			r.Release()
		}
		return
	}
	l.t.mu.Lock()
	l.t.idle = append(l.t.idle, l.thread)
	l.t.mu.Unlock()
}

// WriteContext fills the Context (mp/proxy.capnp: thread, callbackThread)
// at pointer index ptr of the params: thread names the leased Thread,
// callbackThread this side's. The zero lease leaves the Context null, which
// Bulkhead's server accepts.
func (c Call) WriteContext(params capnp.Struct, ptr uint16, l ThreadLease) error {
	if l.t == nil {
		return nil
	}
	st, err := capnp.NewStruct(c.out.seg, capnp.ObjectSize{PointerCount: 2})
	if err != nil {
		return err
	}
	if err := params.SetPtr(ptr, st.ToPtr()); err != nil {
		return err
	}
	conn := c.client.conn
	th, err := conn.capFor(c.out, l.thread, func() Dispatcher { return l.t.h.ServeThread(l.thread) })
	if err != nil {
		return err
	}
	if err := st.SetPtr(0, th); err != nil {
		return err
	}
	cb, err := conn.capFor(c.out, l.t.callback, func() Dispatcher { return l.t.serveCallback })
	if err != nil {
		return err
	}
	return st.SetPtr(1, cb)
}
