package args

// ErrorKind identifies a class of error from this package. It satisfies
// error so that errors.Is(err, ErrInvalidParameter) works.
type ErrorKind string

// Error kinds.
const (
	// ErrInvalidParameter: an unknown option, or a section-prefixed option,
	// on the command line ("Invalid parameter -foo").
	ErrInvalidParameter = ErrorKind("ErrInvalidParameter")
	// ErrNegation: -noX for an option that cannot be negated.
	ErrNegation = ErrorKind("ErrNegation")
	// ErrMissingValue: -X without =value for an option that needs one.
	ErrMissingValue = ErrorKind("ErrMissingValue")
	// ErrIncludeConf: -includeconf given on the command line.
	ErrIncludeConf = ErrorKind("ErrIncludeConf")
	// ErrConfig: a config file could not be read or parsed. The text starts
	// with "Error reading configuration file: " as Core prints it.
	ErrConfig = ErrorKind("ErrConfig")
	// ErrDataDir: -datadir names something that is not a directory.
	ErrDataDir = ErrorKind("ErrDataDir")
	// ErrChain: conflicting chain options or an unknown -chain.
	ErrChain = ErrorKind("ErrChain")
	// ErrSectionOnly: a network-only option set only at the top level of
	// bitcoin.conf while a non-main chain is selected.
	ErrSectionOnly = ErrorKind("ErrSectionOnly")
	// ErrIgnoredConf: the data directory holds a bitcoin.conf that is not
	// the config file in use.
	ErrIgnoredConf = ErrorKind("ErrIgnoredConf")
	// ErrSettings: the settings file (settings.json) could not be read or
	// written, or is disabled (-nosettings) when a change needs writing.
	ErrSettings = ErrorKind("ErrSettings")
	// ErrNotSupported: a Limited option has a value Bulkhead does not
	// support (-prune=550, -txindex).
	ErrNotSupported = ErrorKind("ErrNotSupported")
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

func newError(kind ErrorKind, desc string) *Error {
	return &Error{Kind: kind, Description: desc}
}
