package descriptor

// ErrorKind identifies a class of descriptor error; errors.Is(err, kind)
// matches every Error of that kind.
type ErrorKind string

// Error kinds.
const (
	// ErrParse: the text is not a valid descriptor (Core's Parse error).
	ErrParse = ErrorKind("ErrParse")
	// ErrChecksum: a missing, malformed or wrong "#checksum".
	ErrChecksum = ErrorKind("ErrChecksum")
	// ErrDerive: a script or key cannot be derived at the index (hardened
	// step without the private key, invalid child, unranged descriptor).
	ErrDerive = ErrorKind("ErrDerive")
	// ErrNoPrivateKeys: the descriptor lacks a private key the operation
	// needs.
	ErrNoPrivateKeys = ErrorKind("ErrNoPrivateKeys")
	// ErrAddress: an address that is not valid for the network.
	ErrAddress = ErrorKind("ErrAddress")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// Error is the error type of this package: a kind and a description, which
// for parse errors is Bitcoin Core's message.
type Error struct {
	Kind        ErrorKind
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is matches it.
func (e *Error) Unwrap() error { return e.Kind }

func parseErr(msg string) error { return &Error{Kind: ErrParse, Description: msg} }
