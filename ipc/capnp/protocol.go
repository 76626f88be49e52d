package capnp

import (
	"context"
	"io"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
)

// Protocol returns the Cap'n Proto protocol for package ipc.
func Protocol() ipc.Protocol { return protocol{} }

type protocol struct{}

// Connect bootstraps the peer's Init and sets up Bitcoin Core's thread
// handshake for the calls made on the connection (see mp.Conn.UseThreads):
// Core's bitcoin-node refuses calls whose Context names no Thread; Bulkhead's
// takes them either way.
func (protocol) Connect(ctx context.Context, rwc io.ReadWriteCloser, cfg *ipc.ConnConfig) (interfaces.Init, ipc.Connection, error) {
	c := mp.New(rwc, &mp.Config{
		Logger: cfg.Logger, Name: cfg.Name, Peer: cfg.Peer,
		MaxMessageSize: cfg.MaxMessageSize, MaxQueuedBytes: cfg.MaxQueuedBytes,
	})
	boot, err := c.Bootstrap(ctx)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	init := &InitClient{client: boot}
	c.UseThreads(mp.Handshake{
		Construct:   init.Construct,
		ServeThread: func(t mp.Thread) mp.Dispatcher { return NewThreadServer(t) },
	})
	return init, c, nil
}

func (protocol) Serve(rwc io.ReadWriteCloser, init interfaces.Init, cfg *ipc.ConnConfig) ipc.Connection {
	return mp.New(rwc, &mp.Config{
		Logger: cfg.Logger, Name: cfg.Name, Peer: cfg.Peer, Bootstrap: NewInitServer(init),
		Workers: cfg.MaxPendingCalls, MaxAnswers: 16 * cfg.MaxPendingCalls,
		MaxMessageSize: cfg.MaxMessageSize, MaxQueuedBytes: cfg.MaxQueuedBytes,
	})
}
