package args

import (
	"math"
	"strings"
)

// InterpretBool reads a string as Core's InterpretBool does: the empty
// string is true, anything else is true when atoi reads it as non-zero. So
// "1", "2", " 1", "1abc" are true and "0", "false", "true", "no" are false.
func InterpretBool(s string) bool {
	if s == "" {
		return true
	}
	return atoi(s, math.MinInt32, math.MaxInt32) != 0
}

// Atoi64 reads a string as Core's LocaleIndependentAtoi<int64_t>: leading
// and trailing whitespace is ignored, one leading '+' is allowed, digits are
// read up to the first non-digit, out-of-range values saturate, and
// anything without leading digits is 0.
func Atoi64(s string) int64 {
	return atoi(s, math.MinInt64, math.MaxInt64)
}

func atoi(s string, lo, hi int64) int64 {
	s = strings.Trim(s, " \f\n\r\t\v")
	if strings.HasPrefix(s, "+") {
		if strings.HasPrefix(s, "+-") {
			return 0
		}
		s = s[1:]
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = s[1:]
	}
	n, digits := uint64(0), 0
	overflow := false
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		d := uint64(s[digits] - '0')
		if n > (math.MaxUint64-d)/10 {
			overflow = true
			continue
		}
		n = n*10 + d
	}
	if digits == 0 {
		return 0
	}
	if neg {
		if overflow || n > uint64(-lo) {
			return lo
		}
		return -int64(n)
	}
	if overflow || n > uint64(hi) {
		return hi
	}
	return int64(n)
}
