package ipc

import (
	"context"
	"io"
	"log/slog"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Protocol carries interface calls over a byte stream. ipc/capnp provides
// the Cap'n Proto one; this package never sees its types.
type Protocol interface {
	// Connect starts a connection on rwc and returns the peer's Init.
	Connect(ctx context.Context, rwc io.ReadWriteCloser, cfg *ConnConfig) (interfaces.Init, Connection, error)
	// Serve starts serving init to the peer on rwc.
	Serve(rwc io.ReadWriteCloser, init interfaces.Init, cfg *ConnConfig) Connection
}

// ConnConfig describes one connection to the protocol.
type ConnConfig struct {
	// Logger gets -debug=ipc call logs.
	Logger *slog.Logger
	// Name names this side in logs: "bitcoin-node-1234".
	Name string
	// Peer describes the other side in logs.
	Peer string
	// MaxPendingCalls bounds the peer's calls that run at once on this
	// connection; further ones wait (0: the protocol's default). See Limits.
	MaxPendingCalls int
	// MaxMessageSize bounds one message from the peer, and MaxQueuedBytes
	// the bytes of its calls waiting for a handler (0: the protocol's
	// defaults).
	MaxMessageSize, MaxQueuedBytes int
}

// Connection is one live connection.
type Connection interface {
	// Done is closed when the connection has ended and its handlers have
	// returned.
	Done() <-chan struct{}
	// Context ends as soon as the connection does, without waiting for its
	// handlers.
	Context() context.Context
	// Err says why it ended.
	Err() error
	// Close ends it and waits for its handlers.
	Close() error
}
