package rpc

import (
	"encoding/json"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Amount is a number of satoshis. Its JSON is Core's ValueFromAmount: a
// number with exactly eight decimals, "50.00000000", "-0.00010000".
type Amount int64

// String is the JSON text of a.
func (a Amount) String() string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = -u
	}
	q, r := u/amount.COIN, u%amount.COIN
	s := strconv.FormatUint(q, 10) + "." + pad8(r)
	if neg {
		return "-" + s
	}
	return s
}

func pad8(r uint64) string {
	s := strconv.FormatUint(r, 10)
	for len(s) < 8 {
		s = "0" + s
	}
	return s
}

// MarshalJSON writes a as Core's ValueFromAmount.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a number or string as AmountFromValue does.
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := AmountFromValue(b)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// AmountFromValue parses an amount in BTC, given as a JSON number or string,
// with Core's rules and errors: "Amount is not a number or string",
// "Invalid amount" (not a fixed-point number, or more than eight decimals)
// and "Amount out of range", all rpcerr.RPC_TYPE_ERROR.
func AmountFromValue(raw json.RawMessage) (Amount, error) {
	return AmountFromValueDecimals(raw, 8)
}

// AmountFromValueDecimals is AmountFromValue for a unit with the given
// number of decimals (Core uses 3 for fee rates in sat/vB).
func AmountFromValueDecimals(raw json.RawMessage, decimals int) (Amount, error) {
	v, err := parseRaw(raw)
	if err != nil {
		return 0, err
	}
	if v.Kind != univalue.Number && v.Kind != univalue.String {
		return 0, rpcerr.NewError(rpcerr.RPC_TYPE_ERROR, "Amount is not a number or string")
	}
	n, ok := amount.ParseFixedPoint(v.Str, decimals)
	if !ok {
		return 0, rpcerr.NewError(rpcerr.RPC_TYPE_ERROR, "Invalid amount")
	}
	if !amount.MoneyRange(n) {
		return 0, rpcerr.NewError(rpcerr.RPC_TYPE_ERROR, "Amount out of range")
	}
	return Amount(n), nil
}
