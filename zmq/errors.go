package zmq

// ErrorKind is a kind of error from this package; errors.Is(err, kind)
// tests for it.
type ErrorKind string

// Error kinds.
const (
	// ErrEndpoint: the endpoint is not one this package can bind
	// ("tcp://host:port" or "ipc://path").
	ErrEndpoint = ErrorKind("ErrEndpoint")
	// ErrBind: binding the endpoint failed (address in use, no such
	// interface, permission).
	ErrBind = ErrorKind("ErrBind")
	// ErrProtocol: a peer broke ZMTP (bad greeting, unknown mechanism,
	// incompatible socket type, oversized frame); its connection is closed.
	ErrProtocol = ErrorKind("ErrProtocol")
	// ErrClosed: the socket is closed.
	ErrClosed = ErrorKind("ErrClosed")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// Error is this package's error: a kind, a description and the underlying
// error if any.
type Error struct {
	Kind        ErrorKind
	Description string
	Err         error
}

// Error returns the description.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Description + ": " + e.Err.Error()
	}
	return e.Description
}

// Unwrap returns the kind and the underlying error, so errors.Is matches
// either.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

func newError(kind ErrorKind, desc string, err error) *Error {
	return &Error{Kind: kind, Description: desc, Err: err}
}
