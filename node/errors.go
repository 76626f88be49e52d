package node

// ErrorKind is a kind of error from this package; errors.Is(err, kind)
// tests for it.
type ErrorKind string

// Error kinds.
const (
	// ErrConfig: Config is incomplete or an option has a bad value.
	ErrConfig = ErrorKind("ErrConfig")
	// ErrDatabase: the chain database could not be opened or used.
	ErrDatabase = ErrorKind("ErrDatabase")
	// ErrBlockNotFound: no block with that hash (or height) is known.
	ErrBlockNotFound = ErrorKind("ErrBlockNotFound")
	// ErrInvalidBlock: a block failed validation.
	ErrInvalidBlock = ErrorKind("ErrInvalidBlock")
	// ErrOutOfRange: a value is outside the range it must be in.
	ErrOutOfRange = ErrorKind("ErrOutOfRange")
	// ErrClosed: the node has been closed.
	ErrClosed = ErrorKind("ErrClosed")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// Error is this package's error: a kind, Core's (or a plain) description,
// and the underlying error if any.
type Error struct {
	Kind        ErrorKind
	Description string
	Err         error
}

// Error returns the description.
func (e *Error) Error() string {
	if e.Description == "" && e.Err != nil {
		return e.Err.Error()
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
