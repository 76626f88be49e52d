package ipc

import (
	"context"
	"errors"
	"reflect"
	"slices"
)

// ErrorKind identifies a kind of IPC error. Test with errors.Is.
type ErrorKind string

// Error kinds of this package.
const (
	// ErrDisconnected: the connection to the other process is gone; calls in
	// flight and calls made later fail with it.
	ErrDisconnected = ErrorKind("ErrDisconnected")
	// ErrUnimplemented: the other side does not implement the method.
	ErrUnimplemented = ErrorKind("ErrUnimplemented")
	// ErrOverloaded: the other process refused a call because the calls of
	// this connection already waiting for its handlers hold too many bytes;
	// the connection goes on, and the call may be retried later.
	ErrOverloaded = ErrorKind("ErrOverloaded")
	// ErrProtocol: the peer sent a message that breaks the protocol.
	ErrProtocol = ErrorKind("ErrProtocol")
	// ErrSpawn: a child process could not be started.
	ErrSpawn = ErrorKind("ErrSpawn")
	// ErrAddress: an -ipcbind or -ipcconnect address is not usable.
	ErrAddress = ErrorKind("ErrAddress")
	// ErrCredentials: IPC credentials (-ipccredentials, -ipcnewclient, the
	// node's <netDataDir>/ipc files) are missing, malformed or rejected.
	ErrCredentials = ErrorKind("ErrCredentials")
	// ErrRefused: the listening process refused the connection: an unknown
	// client certificate, a wrong node certificate, or a connection limit.
	ErrRefused = ErrorKind("ErrRefused")
)

func (k ErrorKind) Error() string { return string(k) }

// Error is an error of this package: a kind and a description.
type Error struct {
	Kind        ErrorKind
	Description string
	Err         error // the cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Description + ": " + e.Err.Error()
	}
	return e.Description
}

// Unwrap lets errors.Is match the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// Errorf returns an *Error of the given kind.
func newError(kind ErrorKind, desc string, cause error) *Error {
	return &Error{Kind: kind, Description: desc, Err: cause}
}

// RemoteError is an error that a handler in another process returned. Its
// message is the original one; errors.Is holds for every error kind the
// original error carried (any string-typed error constant of a named package
// type, as STYLE.md's ErrorKind), and RPCCode returns its JSON-RPC code.
type RemoteError struct {
	Message string
	// Kinds are the keys (KindKey) of the kinds the original error matched.
	Kinds []string
	// Code is the JSON-RPC error code the original error carried, 0 if none.
	Code int
}

func (e *RemoteError) Error() string { return e.Message }

// Is reports whether target is one of the kinds the remote error carried.
func (e *RemoteError) Is(target error) bool {
	key := KindKey(target)
	return key != "" && slices.Contains(e.Kinds, key)
}

// RPCCode returns the JSON-RPC error code of the original error.
func (e *RemoteError) RPCCode() int { return e.Code }

// sentinels are standard library errors that keep their identity across
// processes.
var sentinels = map[error]string{
	context.Canceled:         "context.Canceled",
	context.DeadlineExceeded: "context.DeadlineExceeded",
}

// KindKey names an error kind so that it can be rebuilt in another process:
// "<package path>.<type>=<value>" for string-typed kinds, a fixed name for a
// few standard sentinels, and "" for anything else.
func KindKey(err error) string {
	if err == nil {
		return ""
	}
	t := reflect.TypeOf(err)
	if t.Kind() == reflect.String && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name() + "=" + reflect.ValueOf(err).String()
	}
	if t.Comparable() {
		if name, ok := sentinels[err]; ok {
			return name
		}
	}
	return ""
}

// Kinds returns the keys of every kind found in err's tree, so that the other
// process can answer errors.Is for them.
func Kinds(err error) []string {
	var keys []string
	var walk func(error)
	walk = func(e error) {
		for e != nil {
			if r, ok := e.(*RemoteError); ok {
				keys = append(keys, r.Kinds...)
			}
			if k := KindKey(e); k != "" && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
			switch u := e.(type) {
			case interface{ Unwrap() []error }:
				for _, c := range u.Unwrap() {
					walk(c)
				}
				return
			case interface{ Unwrap() error }:
				e = u.Unwrap()
			default:
				return
			}
		}
	}
	walk(err)
	return keys
}

// RPCCode returns the JSON-RPC code carried by err (any error in its tree
// with a method RPCCode() int), or 0.
func RPCCode(err error) int {
	var c interface{ RPCCode() int }
	if errors.As(err, &c) {
		return c.RPCCode()
	}
	return 0
}
