package chainparams

// ErrorKind identifies a class of error from this package. It satisfies
// error so that errors.Is(err, ErrUnknownChain) works.
type ErrorKind string

// Error kinds.
const (
	// ErrUnknownChain: a chain name that is not main, test, testnet4,
	// signet or regtest.
	ErrUnknownChain = ErrorKind("ErrUnknownChain")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// Error is the error type of this package: a kind plus Core's user-facing
// description.
type Error struct {
	Kind        ErrorKind
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is matches it.
func (e *Error) Unwrap() error { return e.Kind }
