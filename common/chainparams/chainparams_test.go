package chainparams

import (
	"errors"
	"testing"
)

func TestFor(t *testing.T) {
	tests := []struct {
		name            ChainName
		subdir          string
		rpc, p2p, onion int
	}{
		{Main, "", 8332, 8333, 8334},
		{Testnet, "testnet3", 18332, 18333, 18334},
		{Testnet4, "testnet4", 48332, 48333, 48334},
		{Signet, "signet", 38332, 38333, 38334},
		{Regtest, "regtest", 18443, 18444, 18445},
	}
	for _, tc := range tests {
		p, err := For(tc.name)
		if err != nil {
			t.Fatalf("For(%q): %v", tc.name, err)
		}
		if p.Name != tc.name || p.DataSubdir != tc.subdir || p.RPCPort != tc.rpc || p.P2PPort != tc.p2p || p.OnionPort != tc.onion {
			t.Errorf("For(%q) = %+v", tc.name, *p)
		}
		// The caller gets a copy: changing it must not leak.
		p.RPCPort = 1
		if q, _ := For(tc.name); q.RPCPort != tc.rpc {
			t.Errorf("For(%q) returned shared state", tc.name)
		}
	}
}

func TestForUnknown(t *testing.T) {
	_, err := For("testnet3")
	if err == nil || err.Error() != "Unknown chain testnet3." {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, ErrUnknownChain) {
		t.Errorf("errors.Is(%v, ErrUnknownChain) = false", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrUnknownChain {
		t.Errorf("errors.As: %v", err)
	}
}

func TestParseAndNames(t *testing.T) {
	for _, n := range Names() {
		got, ok := Parse(string(n))
		if !ok || got != n {
			t.Errorf("Parse(%q) = %q, %v", n, got, ok)
		}
	}
	for _, bad := range []string{"", "mainnet", "testnet", "Main", "testnet3"} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if got := Names(); len(got) != 5 || got[0] != Main || got[4] != Regtest {
		t.Errorf("Names() = %v", got)
	}
}
