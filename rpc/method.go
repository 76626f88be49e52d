package rpc

import (
	"context"
	"encoding/json"
)

// ArgType is the type of an RPC argument, as Core's RPCArg::Type. It decides
// the type check made before a handler runs and how help describes the
// argument.
type ArgType int

// Argument types.
const (
	ArgAny            ArgType = iota // no type check
	ArgStr                           // JSON string
	ArgStrHex                        // JSON string holding hex
	ArgNum                           // JSON number
	ArgAmount                        // number or string, checked by AmountFromValue
	ArgRange                         // number or [begin,end]
	ArgBool                          // JSON boolean
	ArgObj                           // JSON object with known keys
	ArgObjNamedParams                // options object whose Inner keys may also be passed by name
	ArgObjUserKeys                   // JSON object with user-defined keys
	ArgArr                           // JSON array
)

// Arg describes one parameter of a method.
type Arg struct {
	// Name is the parameter name used for named arguments; aliases are
	// separated by '|' as in Core ("label|dummy").
	Name string
	Type ArgType
	// Optional marks an argument that may be omitted. Arguments after the
	// last required one are optional too.
	Optional bool
	// Default is the help text's "default=…" ("" for none).
	Default string
	// Description is the help text of the argument.
	Description string
	// Inner lists, for ArgObjNamedParams, the keys that may be given as
	// named arguments of their own (Core's named-only parameters).
	Inner []Arg
	// Hidden leaves the argument (and all later ones) out of help.
	Hidden bool
	// SkipTypeCheck turns off the check made before the handler runs.
	SkipTypeCheck bool
}

// Handler runs a method. Its result is marshalled with encoding/json; an
// error becomes a JSON-RPC error (see ErrorCode).
type Handler func(ctx context.Context, req *Request) (any, error)

// Method is an RPC method in the table.
type Method struct {
	Name     string
	Category string // "hidden" keeps the method out of the help listing
	Args     []Arg
	// Help is the full text `help NAME` prints, its first line the summary
	// the listing shows. Empty makes a short text from Name and Args.
	Help    string
	Handler Handler
	// NoArgCheck skips the argument count and type checks Core's RPCHelpMan
	// makes before calling the handler.
	NoArgCheck bool
	// Forward hands the parameters to the handler as sent (Request.RawParams,
	// positional or named) without mapping or checking them: the method is
	// executed elsewhere (a wallet process) by Invoke with its full
	// definition.
	Forward bool
}

// Request is one call as a handler sees it.
type Request struct {
	Method string
	// Params are the positional parameters; named parameters have already
	// been mapped to positions by Method.Args. Missing trailing parameters
	// are absent, skipped ones are JSON null.
	Params []json.RawMessage
	// RawParams are the parameters as sent, for Forward methods: a JSON
	// array, object, or empty.
	RawParams json.RawMessage
	// URI is the HTTP path ("/" or "/wallet/<name>").
	URI string
	// WalletName is the URL-decoded name from a /wallet/<name> URI;
	// WalletEndpoint says whether such a URI was used.
	WalletName     string
	WalletEndpoint bool
	// AuthUser is the authenticated user name.
	AuthUser string
	// PeerAddr is the client's address ("" for IPC).
	PeerAddr string
	// ID is the request id (nil when the request had none).
	ID json.RawMessage
	// Version2 is true for JSON-RPC 2.0 requests.
	Version2 bool
}
