package amount

import "testing"

func TestParseFixedPoint(t *testing.T) {
	for _, tc := range []struct {
		in       string
		decimals int
		want     int64
		ok       bool
	}{
		{"0", 8, 0, true}, {"1", 8, COIN, true}, {"0.00000001", 8, 1, true}, {"1e-8", 8, 1, true},
		{"-0.1", 8, -COIN / 10, true}, {"0.1e1", 8, COIN, true}, {"21000000", 8, MaxMoney, true},
		{"1.5", 3, 1500, true}, {"1.0000", 3, 1000, true}, {"00.5", 8, 0, false},
		{"0.000000001", 8, 0, false}, {"", 8, 0, false}, {"1.", 8, 0, false}, {".5", 8, 0, false},
		{"1 ", 8, 0, false}, {"abc", 8, 0, false}, {"1e20", 8, 0, false}, {"1e", 8, 0, false},
		{"999999999.99999999", 8, 99999999999999999, true}, {"10000000000", 8, 0, false},
	} {
		got, ok := ParseFixedPoint(tc.in, tc.decimals)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseFixedPoint(%q, %d) = %d %v, want %d %v", tc.in, tc.decimals, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseBTC(t *testing.T) {
	for in, want := range map[string]int64{"0.0002": 20_000, "21000000": MaxMoney, "0": 0} {
		if got, ok := ParseBTC(in); !ok || got != want {
			t.Errorf("ParseBTC(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"-0.0001", "21000000.00000001", "0.000000001", "x"} {
		if got, ok := ParseBTC(in); ok {
			t.Errorf("ParseBTC(%q) = %d, want a refusal", in, got)
		}
	}
	if MoneyRange(-1) || !MoneyRange(0) || !MoneyRange(MaxMoney) || MoneyRange(MaxMoney+1) {
		t.Error("MoneyRange")
	}
}
