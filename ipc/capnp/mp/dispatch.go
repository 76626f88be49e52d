package mp

import (
	"context"

	"capnproto.org/go/capnp/v3"
)

// Interface describes one schema interface to the runtime: generated code
// declares one per wrapped interface.
type Interface struct {
	ID      uint64
	Name    string   // schema name, e.g. "Echo"
	Methods []Method // indexed by method ordinal
}

// Method describes one method of an Interface.
type Method struct {
	ID   uint16
	Name string // "Echo.echo"
	// Inline: the handler never blocks, so it runs on the reader goroutine.
	Inline bool
	// Stream: a "-> stream" method; callers don't wait for it, calls on one
	// capability run one after another, in order, within a flow window.
	Stream bool
	// Handle runs the call on the server; nil answers "unimplemented".
	Handle func(ctx context.Context, d Dispatcher, call *ServerCall) error
	// FormatParams and FormatResults render a payload for trace logs, with
	// secrets masked; nil logs no contents.
	FormatParams  func(capnp.Struct) string
	FormatResults func(capnp.Struct) string
}

// Dispatcher is a served capability: a generated server adapter around a Go
// implementation.
type Dispatcher interface {
	Interface() *Interface
}

// Proxy is implemented by generated clients; it gives the capability behind
// them so that passing one back to its own connection sends a reference
// instead of a new proxy around it.
type Proxy interface {
	MPClient() *Client
}
