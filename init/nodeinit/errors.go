package nodeinit

import "fmt"

// ErrorKind identifies a kind of error of this package. Test with errors.Is.
type ErrorKind string

func (k ErrorKind) Error() string { return string(k) }

// Error kinds of this package.
const (
	// ErrNotPermitted: the client's credential does not grant the Init
	// method it called, or a wallet process asked for a node option that
	// is not given to wallet processes.
	ErrNotPermitted = ErrorKind("ErrNotPermitted")
	// ErrUnknownMethod: a wallet process registered a method that is not
	// one of the node's wallet methods, or one it registered already.
	ErrUnknownMethod = ErrorKind("ErrUnknownMethod")
	// ErrLimit: a wallet process registered more than the node keeps for
	// one client (RPC methods and their help, subscriptions, wallet
	// names; see MaxClientBytes).
	ErrLimit = ErrorKind("ErrLimit")
	// ErrClaimRefused: a wallet name is held by another wallet process,
	// kept for the node's own wallet process, or names no wallet the
	// claiming process serves.
	ErrClaimRefused = ErrorKind("ErrClaimRefused")
)

// Error is an error of this package: its kind and what happened.
type Error struct {
	Kind        ErrorKind
	Description string
}

func (e *Error) Error() string { return e.Description }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

func newError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Description: fmt.Sprintf(format, args...)}
}
