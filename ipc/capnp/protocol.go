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
	return NewInitClient(boot), c, nil
}

func (protocol) Serve(rwc io.ReadWriteCloser, init interfaces.Init, cfg *ipc.ConnConfig) ipc.Connection {
	return mp.New(rwc, &mp.Config{
		Logger: cfg.Logger, Name: cfg.Name, Peer: cfg.Peer, Bootstrap: NewInitServer(init),
		Workers: cfg.MaxPendingCalls, MaxAnswers: 16 * cfg.MaxPendingCalls,
		MaxMessageSize: cfg.MaxMessageSize, MaxQueuedBytes: cfg.MaxQueuedBytes,
	})
}
