package rpc

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

func TestAmountJSON(t *testing.T) {
	for a, want := range map[Amount]string{
		50 * amount.COIN: "50.00000000", -10000: "-0.00010000", 0: "0.00000000", 1: "0.00000001",
		amount.MaxMoney: "21000000.00000000", -9223372036854775808: "-92233720368.54775808",
	} {
		b, err := json.Marshal(a)
		if err != nil || string(b) != want {
			t.Errorf("Marshal(%d) = %s %v, want %s", a, b, err, want)
		}
	}
	b, _ := json.Marshal(struct {
		V Amount `json:"v"`
	}{12345})
	if string(b) != `{"v":0.00012345}` {
		t.Errorf("in struct: %s", b)
	}
}

func TestAmountFromValue(t *testing.T) {
	for in, want := range map[string]Amount{
		`1`: amount.COIN, `"0.1"`: amount.COIN / 10, `0.00000001`: 1, `1e-8`: 1, `21000000`: amount.MaxMoney, `0.1e1`: amount.COIN, `"0"`: 0,
	} {
		got, err := AmountFromValue(json.RawMessage(in))
		if err != nil || got != want {
			t.Errorf("AmountFromValue(%s) = %d %v, want %d", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		`true`: "Amount is not a number or string", `null`: "Amount is not a number or string", `[1]`: "Amount is not a number or string",
		`0.000000001`: "Invalid amount", `"abc"`: "Invalid amount", `"1 "`: "Invalid amount", `1e20`: "Invalid amount",
		`-1`: "Amount out of range", `21000000.00000001`: "Amount out of range",
	} {
		_, err := AmountFromValue(json.RawMessage(in))
		var e *rpcerr.Error
		if !errors.As(err, &e) || e.Code != rpcerr.RPC_TYPE_ERROR || e.Message != msg {
			t.Errorf("AmountFromValue(%s) = %v, want %q", in, err, msg)
		}
	}
}

func TestParamHelpers(t *testing.T) {
	r := &Request{Params: []json.RawMessage{json.RawMessage(`"s"`), json.RawMessage(`5`), json.RawMessage(`null`), json.RawMessage(`1.5`), json.RawMessage(`3000000000`)}}
	if s, err := r.String(0); s != "s" || err != nil {
		t.Error("String")
	}
	if _, err := r.String(1); err == nil || err.Error() != "JSON value of type number is not of expected type string" || rpcerr.AsError(err).Code != rpcerr.RPC_TYPE_ERROR {
		t.Errorf("String(num): %v", err)
	}
	if n, err := r.IntOr(2, 7); n != 7 || err != nil {
		t.Error("IntOr null")
	}
	if n, err := r.IntOr(9, 8); n != 8 || err != nil {
		t.Error("IntOr missing")
	}
	if _, err := r.Int(3); err == nil || err.Error() != "JSON integer out of range" || rpcerr.AsError(err).Code != rpcerr.RPC_MISC_ERROR {
		t.Errorf("Int(1.5): %v", err)
	}
	if _, err := r.Int(4); err == nil {
		t.Error("Int(3e9) fits an int32?")
	}
	if n, err := r.Int64(4); n != 3000000000 || err != nil {
		t.Error("Int64")
	}
	if _, err := r.Bool(2); err == nil || err.Error() != "JSON value of type null is not of expected type bool" {
		t.Errorf("Bool(null): %v", err)
	}
	if f, err := r.Float64(3); f != 1.5 || err != nil {
		t.Error("Float64")
	}
}
