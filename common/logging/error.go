package logging

// ErrorKind identifies a class of error from this package. It satisfies
// error so that errors.Is(err, ErrUnsupportedCategory) works.
type ErrorKind string

// Error kinds.
const (
	// ErrUnsupportedCategory: -debug or -debugexclude names an unknown
	// category.
	ErrUnsupportedCategory = ErrorKind("ErrUnsupportedCategory")
	// ErrUnsupportedLevel: -loglevel has an unknown level or category.
	ErrUnsupportedLevel = ErrorKind("ErrUnsupportedLevel")
	// ErrOpenFile: the debug log file could not be opened.
	ErrOpenFile = ErrorKind("ErrOpenFile")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// Error is the error type of this package: a kind, Core's user-facing
// description, and the underlying error if there is one.
type Error struct {
	Kind        ErrorKind
	Description string
	Err         error
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is this error's kind.
func (e *Error) Is(target error) bool {
	k, ok := target.(ErrorKind)
	return ok && k == e.Kind
}
