package wallet

import (
	"context"
	"testing"

	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// TestBoolOptionsReadAsCore: every boolean wallet option reads its value
// as Core's InterpretBool: "" (a bare -name) is true, numbers by their
// value, any other word (false, true, no, yes) is 0, so false. Values
// arrive as Chain.GetSetting hands them over, a negated option as "0".
func TestBoolOptionsReadAsCore(t *testing.T) {
	forms := []struct {
		value string
		want  bool
	}{{"0", false}, {"1", true}, {"false", false}, {"true", false}, {"", true}, {"2", true}, {" 1", true}, {"no", false}}
	options := []struct {
		name string
		get  func(o options) bool
	}{
		{"walletrbf", func(o options) bool { return o.walletRBF }},
		{"spendzeroconfchange", func(o options) bool { return o.spendZeroConfChange }},
		{"walletbroadcast", func(o options) bool { return o.broadcast }},
	}
	for _, opt := range options {
		c := fakechain.New()
		o, err := readOptions(context.Background(), c, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !opt.get(o) {
			t.Errorf("-%s unset reads false; Core's default is true", opt.name)
		}
		for _, f := range forms {
			c.SetSetting(opt.name, f.value)
			o, err := readOptions(context.Background(), c, 0)
			if err != nil {
				t.Fatalf("-%s=%q: %v", opt.name, f.value, err)
			}
			if got := opt.get(o); got != f.want {
				t.Errorf("-%s=%q reads %v, Core reads %v", opt.name, f.value, got, f.want)
			}
		}
	}
}

// TestEmptyOutputTypeOptionsIgnored: an empty -addresstype or -changetype
// means the default, as in Core; an unknown one is Core's error.
func TestEmptyOutputTypeOptionsIgnored(t *testing.T) {
	for _, name := range []string{"addresstype", "changetype"} {
		c := fakechain.New()
		c.SetSetting(name, "")
		o, err := readOptions(context.Background(), c, 0)
		if err != nil || o.addressType != "bech32" || o.changeType != "" {
			t.Errorf("-%s=: %+v, %v; want the defaults", name, o, err)
		}
		c.SetSetting(name, "p2pkh")
		if _, err := readOptions(context.Background(), c, 0); err == nil {
			t.Errorf("-%s=p2pkh accepted", name)
		}
	}
}
