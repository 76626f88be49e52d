package mp

import (
	"context"
	"sync/atomic"
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
