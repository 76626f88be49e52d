package amount

// COIN is the number of satoshis in one bitcoin.
const COIN = 100_000_000

// MaxMoney is Core's MAX_MONEY: no amount is larger.
const MaxMoney = 21_000_000 * COIN

// MoneyRange reports whether sat is between 0 and MaxMoney, as Core's.
func MoneyRange(sat int64) bool { return sat >= 0 && sat <= MaxMoney }

// ParseBTC parses an amount in bitcoins ("0.0002", "1e-4") into satoshis
// as Core's ParseMoney reads option values: a fixed-point number with at
// most eight decimals, within MoneyRange.
func ParseBTC(s string) (int64, bool) {
	n, ok := ParseFixedPoint(s, 8)
	return n, ok && MoneyRange(n)
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
