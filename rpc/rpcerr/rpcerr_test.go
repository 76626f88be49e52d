package rpcerr

import (
	"errors"
	"fmt"
	"testing"
)

// coded is an error from elsewhere (an IPC peer) that carries a code.
type coded struct{}

func (coded) Error() string { return "remote" }
func (coded) RPCCode() int  { return RPC_WALLET_UNLOCK_NEEDED }

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
		msg  string
	}{
		{errors.New("plain"), RPC_MISC_ERROR, "plain"},
		{NewError(RPC_INVALID_PARAMETER, "bad"), RPC_INVALID_PARAMETER, "bad"},
		{fmt.Errorf("context: %w", Errorf(RPC_WALLET_NOT_FOUND, "Requested wallet %q", "w")), RPC_WALLET_NOT_FOUND, `Requested wallet "w"`},
		{fmt.Errorf("wrapped: %w", coded{}), RPC_WALLET_UNLOCK_NEEDED, "remote"},
	} {
		code, msg := ErrorCode(tc.err)
		if code != tc.code || msg != tc.msg {
			t.Errorf("ErrorCode(%v) = %d %q, want %d %q", tc.err, code, msg, tc.code, tc.msg)
		}
		if e := AsError(tc.err); e.Code != tc.code || e.Message != tc.msg {
			t.Errorf("AsError(%v) = %+v", tc.err, e)
		}
	}
	e := Errorf(RPC_WALLET_NOT_FOUND, "Requested wallet %q", "w")
	if !errors.Is(e, &Error{Code: RPC_WALLET_NOT_FOUND}) || errors.Is(e, &Error{Code: -1}) ||
		!errors.Is(e, &Error{Code: RPC_WALLET_NOT_FOUND, Message: `Requested wallet "w"`}) || errors.Is(e, &Error{Code: RPC_WALLET_NOT_FOUND, Message: "other"}) {
		t.Error("Is")
	}
	var target *Error
	if !errors.As(fmt.Errorf("x: %w", e), &target) || target != e {
		t.Error("As")
	}
}

// TestCoreCodes pins codes clients rely on to Core's protocol.h values.
func TestCoreCodes(t *testing.T) {
	for code, want := range map[int]int{
		RPC_MISC_ERROR: -1, RPC_TYPE_ERROR: -3, RPC_WALLET_ERROR: -4, RPC_INVALID_ADDRESS_OR_KEY: -5,
		RPC_INVALID_PARAMETER: -8, RPC_VERIFY_REJECTED: -26, RPC_IN_WARMUP: -28, RPC_WALLET_NOT_FOUND: -18,
		RPC_METHOD_NOT_FOUND: -32601, RPC_PARSE_ERROR: -32700, RPC_TRANSACTION_ERROR: -25,
	} {
		if code != want {
			t.Errorf("code %d, Core's is %d", code, want)
		}
	}
}
