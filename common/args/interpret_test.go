package args

import (
	"math"
	"testing"
)

func TestInterpretBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"1", true},
		{"0", false},
		{"2", true},
		{"-1", true},
		{" 1", true},
		{"1 ", true},
		{"1abc", true},
		{"+1", true},
		{"+-1", false},
		{"true", false}, // Core: atoi("true") == 0
		{"false", false},
		{"yes", false},
		{"0x1", false},
		{"00", false},
		{"0.9", false},
		{"1.5", true},
		{"4294967296", true}, // saturates, non-zero
		{"-", false},
	}
	for _, tc := range tests {
		if got := InterpretBool(tc.in); got != tc.want {
			t.Errorf("InterpretBool(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestAtoi64(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"", 0},
		{"0", 0},
		{"12", 12},
		{"-12", -12},
		{"+12", 12},
		{"+-12", 0},
		{"--12", 0},
		{"12abc", 12},
		{"abc", 0},
		{" \t12\n", 12},
		{"1 2", 1},
		{"9223372036854775807", math.MaxInt64},
		{"9223372036854775808", math.MaxInt64},
		{"99999999999999999999999", math.MaxInt64},
		{"-9223372036854775808", math.MinInt64},
		{"-9223372036854775809", math.MinInt64},
		{"-99999999999999999999999", math.MinInt64},
	}
	for _, tc := range tests {
		if got := Atoi64(tc.in); got != tc.want {
			t.Errorf("Atoi64(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
