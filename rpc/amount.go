package rpc

import (
	"encoding/json"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
)

// COIN is the number of satoshis in one bitcoin.
const COIN = 100_000_000

// MaxMoney is Core's MAX_MONEY: no amount is larger.
const MaxMoney = 21_000_000 * COIN

// Amount is a number of satoshis. Its JSON is Core's ValueFromAmount: a
// number with exactly eight decimals, "50.00000000", "-0.00010000".
type Amount int64

// MoneyRange reports whether a is between 0 and MaxMoney, as Core's.
func MoneyRange(a Amount) bool { return a >= 0 && a <= MaxMoney }

// String is the JSON text of a.
func (a Amount) String() string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = -u
	}
	q, r := u/COIN, u%COIN
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
// and "Amount out of range", all RPC_TYPE_ERROR.
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
		return 0, NewError(RPC_TYPE_ERROR, "Amount is not a number or string")
	}
	n, ok := ParseFixedPoint(v.Str, decimals)
	if !ok {
		return 0, NewError(RPC_TYPE_ERROR, "Invalid amount")
	}
	if !MoneyRange(Amount(n)) {
		return 0, NewError(RPC_TYPE_ERROR, "Amount out of range")
	}
	return Amount(n), nil
}

const fixedPointUpperBound = 1_000_000_000_000_000_000 - 1

// ParseFixedPoint parses a decimal number (with optional exponent) into an
// integer scaled by 10^decimals, failing when it has more decimals than
// that or does not fit, as Core's ParseFixedPoint.
func ParseFixedPoint(val string, decimals int) (int64, bool) {
	var mantissa, exponent int64
	tzeros := 0
	negative, expNegative := false, false
	ptr, end, pointOfs := 0, len(val), 0
	digit := func(c byte) bool {
		if c == '0' {
			tzeros++
			return true
		}
		for i := 0; i <= tzeros; i++ {
			if mantissa > fixedPointUpperBound/10 {
				return false
			}
			mantissa *= 10
		}
		mantissa += int64(c - '0')
		tzeros = 0
		return true
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	if ptr < end && val[ptr] == '-' {
		negative = true
		ptr++
	}
	switch {
	case ptr >= end:
		return 0, false
	case val[ptr] == '0':
		ptr++
	case val[ptr] >= '1' && val[ptr] <= '9':
		for ptr < end && isDigit(val[ptr]) {
			if !digit(val[ptr]) {
				return 0, false
			}
			ptr++
		}
	default:
		return 0, false
	}
	if ptr < end && val[ptr] == '.' {
		ptr++
		if ptr >= end || !isDigit(val[ptr]) {
			return 0, false
		}
		for ptr < end && isDigit(val[ptr]) {
			if !digit(val[ptr]) {
				return 0, false
			}
			ptr++
			pointOfs++
		}
	}
	if ptr < end && (val[ptr] == 'e' || val[ptr] == 'E') {
		ptr++
		if ptr < end && val[ptr] == '+' {
			ptr++
		} else if ptr < end && val[ptr] == '-' {
			expNegative = true
			ptr++
		}
		if ptr >= end || !isDigit(val[ptr]) {
			return 0, false
		}
		for ptr < end && isDigit(val[ptr]) {
			if exponent > fixedPointUpperBound/10 {
				return 0, false
			}
			exponent = exponent*10 + int64(val[ptr]-'0')
			ptr++
		}
	}
	if ptr != end {
		return 0, false
	}
	if expNegative {
		exponent = -exponent
	}
	exponent = exponent - int64(pointOfs) + int64(tzeros)
	if negative {
		mantissa = -mantissa
	}
	exponent += int64(decimals)
	if exponent < 0 || exponent >= 18 {
		return 0, false
	}
	for i := int64(0); i < exponent; i++ {
		if mantissa > fixedPointUpperBound/10 || mantissa < -(fixedPointUpperBound/10) {
			return 0, false
		}
		mantissa *= 10
	}
	if mantissa > fixedPointUpperBound || mantissa < -fixedPointUpperBound {
		return 0, false
	}
	return mantissa, true
}
