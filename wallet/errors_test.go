package wallet

import (
	"errors"
	"fmt"
	"testing"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// TestErrorKinds pins errors.Is/As and the RPC code of every kind.
func TestErrorKinds(t *testing.T) {
	for kind, code := range map[ErrorKind]int{
		ErrLocked: -13, ErrWrongPassphrase: -14, ErrWrongEncState: -15, ErrEncryptionFailed: -16,
		ErrNotFound: -18, ErrAlreadyLoaded: -35, ErrAlreadyExists: -4, ErrLockedByOtherProcess: -4,
		ErrInsufficientFunds: -6, ErrKeypoolRanOut: -12, ErrInvalidAddress: -5, ErrTxNotFound: -5,
		ErrInvalidParameter: -8, ErrDatabase: -4, ErrWallet: -4,
	} {
		cause := errors.New("cause")
		err := fmt.Errorf("context: %w", wrapErr(kind, "message", cause))
		if !errors.Is(err, kind) || !errors.Is(err, cause) {
			t.Errorf("%s: errors.Is fails", kind)
		}
		var we *Error
		if !errors.As(err, &we) || we.Kind != kind {
			t.Errorf("%s: errors.As fails", kind)
		}
		if c, msg := rpcerr.ErrorCode(err); c != code || msg != "message" {
			t.Errorf("%s: RPC code %d %q, want %d", kind, c, msg, code)
		}
		for other := range map[ErrorKind]bool{ErrLocked: true, ErrWallet: true} {
			if other != kind && errors.Is(err, other) {
				t.Errorf("%s matches %s", kind, other)
			}
		}
	}
}
