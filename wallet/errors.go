package wallet

import (
	"errors"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// ErrorKind identifies a class of wallet error; errors.Is(err, kind) holds
// for every Error of that kind, in this process or across IPC.
type ErrorKind string

// Error kinds. Each maps to Bitcoin Core's RPC error code (RPCCode).
const (
	// ErrLocked: the wallet is encrypted and locked (-13).
	ErrLocked = ErrorKind("ErrLocked")
	// ErrWrongPassphrase: the passphrase does not decrypt the wallet (-14).
	ErrWrongPassphrase = ErrorKind("ErrWrongPassphrase")
	// ErrWrongEncState: encrypting an encrypted wallet, unlocking an
	// unencrypted one (-15).
	ErrWrongEncState = ErrorKind("ErrWrongEncState")
	// ErrEncryptionFailed: encryption is impossible or failed (-16).
	ErrEncryptionFailed = ErrorKind("ErrEncryptionFailed")
	// ErrNotFound: no such wallet, or it is not loaded (-18).
	ErrNotFound = ErrorKind("ErrNotFound")
	// ErrAlreadyLoaded: the wallet is loaded already (-35).
	ErrAlreadyLoaded = ErrorKind("ErrAlreadyLoaded")
	// ErrAlreadyExists: creating a wallet whose database exists (-4, as
	// createwallet reports it).
	ErrAlreadyExists = ErrorKind("ErrAlreadyExists")
	// ErrLockedByOtherProcess: another process (or handle) holds the
	// wallet's database lock, or another wallet process attached to the
	// node has a wallet of that name (-4).
	ErrLockedByOtherProcess = ErrorKind("ErrLockedByOtherProcess")
	// ErrInsufficientFunds: a transaction cannot be created: funds, fee
	// estimation, amounts (-6, as Core's SendMoney reports every
	// CreateTransaction failure).
	ErrInsufficientFunds = ErrorKind("ErrInsufficientFunds")
	// ErrKeypoolRanOut: no address of the requested type (-12).
	ErrKeypoolRanOut = ErrorKind("ErrKeypoolRanOut")
	// ErrInvalidAddress: an address or key that does not parse (-5).
	ErrInvalidAddress = ErrorKind("ErrInvalidAddress")
	// ErrTxNotFound: a transaction the wallet does not have (-5).
	ErrTxNotFound = ErrorKind("ErrTxNotFound")
	// ErrInvalidParameter: a parameter out of range (-8).
	ErrInvalidParameter = ErrorKind("ErrInvalidParameter")
	// ErrDatabase: the wallet file cannot be read or written (-4).
	ErrDatabase = ErrorKind("ErrDatabase")
	// ErrWallet: any other wallet failure (-4, RPC_WALLET_ERROR).
	ErrWallet = ErrorKind("ErrWallet")
)

// Error returns the kind's name.
func (k ErrorKind) Error() string { return string(k) }

// RPCCode returns the Core RPC code of the kind.
func (k ErrorKind) RPCCode() int {
	switch k {
	case ErrLocked:
		return rpcerr.RPC_WALLET_UNLOCK_NEEDED
	case ErrWrongPassphrase:
		return rpcerr.RPC_WALLET_PASSPHRASE_INCORRECT
	case ErrWrongEncState:
		return rpcerr.RPC_WALLET_WRONG_ENC_STATE
	case ErrEncryptionFailed:
		return rpcerr.RPC_WALLET_ENCRYPTION_FAILED
	case ErrNotFound:
		return rpcerr.RPC_WALLET_NOT_FOUND
	case ErrAlreadyLoaded:
		return rpcerr.RPC_WALLET_ALREADY_LOADED
	case ErrInsufficientFunds:
		return rpcerr.RPC_WALLET_INSUFFICIENT_FUNDS
	case ErrKeypoolRanOut:
		return rpcerr.RPC_WALLET_KEYPOOL_RAN_OUT
	case ErrInvalidAddress, ErrTxNotFound:
		return rpcerr.RPC_INVALID_ADDRESS_OR_KEY
	case ErrInvalidParameter:
		return rpcerr.RPC_INVALID_PARAMETER
	}
	return rpcerr.RPC_WALLET_ERROR
}

// Error is the wallet's error: a kind, Core's message, and an optional
// cause. Its RPCCode is the kind's.
type Error struct {
	Kind        ErrorKind
	Description string
	Err         error
}

// Error returns the description, as Core's message.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind and the cause, so errors.Is matches both.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// RPCCode returns the JSON-RPC error code for the error.
func (e *Error) RPCCode() int { return e.Kind.RPCCode() }

func newErr(kind ErrorKind, msg string) error { return &Error{Kind: kind, Description: msg} }

func wrapErr(kind ErrorKind, msg string, cause error) error {
	return &Error{Kind: kind, Description: msg, Err: cause}
}

// errLocked is Core's EnsureWalletIsUnlocked error.
var errLocked = &Error{Kind: ErrLocked, Description: "Error: Please enter the wallet passphrase with walletpassphrase first."}

// dbErr wraps a storage failure.
func dbErr(op string, err error) error {
	var we *Error
	if errors.As(err, &we) {
		return err
	}
	return &Error{Kind: ErrDatabase, Description: "wallet database: " + op + ": " + err.Error(), Err: err}
}
