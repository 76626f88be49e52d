package rpcerr

import (
	"errors"
	"fmt"
)

// Bitcoin Core's RPC error codes (src/rpc/protocol.h).
const (
	// Standard JSON-RPC 2.0 errors. RPC_INVALID_REQUEST maps to HTTP 400
	// and RPC_METHOD_NOT_FOUND to HTTP 404 for legacy requests.
	RPC_INVALID_REQUEST  = -32600
	RPC_METHOD_NOT_FOUND = -32601
	RPC_INVALID_PARAMS   = -32602
	RPC_INTERNAL_ERROR   = -32603
	RPC_PARSE_ERROR      = -32700

	// General application defined errors.
	RPC_MISC_ERROR                 = -1
	RPC_TYPE_ERROR                 = -3
	RPC_INVALID_ADDRESS_OR_KEY     = -5
	RPC_OUT_OF_MEMORY              = -7
	RPC_INVALID_PARAMETER          = -8
	RPC_DATABASE_ERROR             = -20
	RPC_DESERIALIZATION_ERROR      = -22
	RPC_VERIFY_ERROR               = -25
	RPC_VERIFY_REJECTED            = -26
	RPC_VERIFY_ALREADY_IN_UTXO_SET = -27
	RPC_IN_WARMUP                  = -28
	RPC_METHOD_DEPRECATED          = -32
	RPC_LIMIT_EXCEEDED             = -37

	// Aliases for backward compatibility.
	RPC_TRANSACTION_ERROR    = RPC_VERIFY_ERROR
	RPC_TRANSACTION_REJECTED = RPC_VERIFY_REJECTED

	// P2P client errors.
	RPC_CLIENT_NOT_CONNECTED         = -9
	RPC_CLIENT_IN_INITIAL_DOWNLOAD   = -10
	RPC_CLIENT_NODE_ALREADY_ADDED    = -23
	RPC_CLIENT_NODE_NOT_ADDED        = -24
	RPC_CLIENT_NODE_NOT_CONNECTED    = -29
	RPC_CLIENT_INVALID_IP_OR_SUBNET  = -30
	RPC_CLIENT_P2P_DISABLED          = -31
	RPC_CLIENT_NODE_CAPACITY_REACHED = -34

	// Chain errors.
	RPC_CLIENT_MEMPOOL_DISABLED = -33

	// Wallet errors.
	RPC_WALLET_ERROR                = -4
	RPC_WALLET_INSUFFICIENT_FUNDS   = -6
	RPC_WALLET_INVALID_LABEL_NAME   = -11
	RPC_WALLET_KEYPOOL_RAN_OUT      = -12
	RPC_WALLET_UNLOCK_NEEDED        = -13
	RPC_WALLET_PASSPHRASE_INCORRECT = -14
	RPC_WALLET_WRONG_ENC_STATE      = -15
	RPC_WALLET_ENCRYPTION_FAILED    = -16
	RPC_WALLET_ALREADY_UNLOCKED     = -17
	RPC_WALLET_NOT_FOUND            = -18
	RPC_WALLET_NOT_SPECIFIED        = -19
	RPC_WALLET_ALREADY_LOADED       = -35
	RPC_WALLET_ALREADY_EXISTS       = -36

	// Backwards compatible alias.
	RPC_WALLET_INVALID_ACCOUNT_NAME = RPC_WALLET_INVALID_LABEL_NAME

	// Unused reserved code, kept for backwards compatibility.
	RPC_FORBIDDEN_BY_SAFE_MODE = -2
)

// Error is a JSON-RPC error as Core's JSONRPCError(code, message) builds it.
// Handlers return it (or any error with an RPCCode method) to choose the code
// the client sees.
type Error struct {
	Code    int
	Message string
}

// NewError returns an *Error.
func NewError(code int, message string) *Error { return &Error{Code: code, Message: message} }

// Errorf returns an *Error whose message is formatted as fmt.Sprintf.
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error returns the message, as a client prints it.
func (e *Error) Error() string { return e.Message }

// RPCCode returns the JSON-RPC error code.
func (e *Error) RPCCode() int { return e.Code }

// Is makes errors.Is(err, &Error{Code: c}) match any *Error with code c when
// the target's message is empty, and match exactly otherwise.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
}

// coder is what an error needs to keep its RPC code across layers (and, with
// the same method on the IPC side, across processes).
type coder interface {
	error
	RPCCode() int
}

// ErrorCode returns the code and message the client gets for err: those of
// the first error in err's chain that has an RPCCode method, else Core's
// default for a failed command, RPC_MISC_ERROR with err's message (what
// JSONRPCError does with a std::exception).
func ErrorCode(err error) (code int, message string) {
	var c coder
	if errors.As(err, &c) {
		return c.RPCCode(), c.Error()
	}
	return RPC_MISC_ERROR, err.Error()
}

// AsError converts any error to an *Error as ErrorCode does.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	code, msg := ErrorCode(err)
	return &Error{Code: code, Message: msg}
}
