package base

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// walletBoolOptions are the boolean options the wallet reads through
// Chain.GetSetting (in bitcoind, from bitcoin-node over IPC, or from an
// attached wallet's own command line).
var walletBoolOptions = []string{"walletrbf", "spendzeroconfchange", "walletbroadcast"}

// nodeArgs parses a node's command line and bitcoin.conf (conf, may be
// empty) with the wallet options a node implements.
func nodeArgs(t *testing.T, conf string, cmdline ...string) *args.Args {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, args.ConfFilename), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	a := args.New(args.Common, NodeOptions(WalletOptionNames...))
	if err := a.ParseCommandLine(append([]string{"-datadir=" + dir}, cmdline...)); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSettingCarriesBoolOptionsAsCore: what Setting hands a wallet for a
// boolean option, read the wallet's way (the last value, by
// InterpretBool), is what Core's GetBoolArg reads in every form: 0, 1,
// false, true, a bare -name, -noname, -noname=0, and with the command line
// overriding bitcoin.conf, in which the first value counts.
func TestSettingCarriesBoolOptionsAsCore(t *testing.T) {
	for _, name := range walletBoolOptions {
		for _, c := range []struct {
			conf    string
			cmdline []string
			want    bool
		}{
			{"", []string{"-" + name + "=0"}, false},
			{"", []string{"-" + name + "=1"}, true},
			{"", []string{"-" + name + "=false"}, false},
			{"", []string{"-" + name + "=true"}, false},
			{"", []string{"-" + name}, true},
			{"", []string{"-no" + name}, false},
			{"", []string{"-no" + name + "=0"}, true},
			{"", []string{"-" + name + "=0", "-" + name + "=1"}, true},
			{name + "=0\n", nil, false},
			{name + "=false\n", nil, false},
			{"no" + name + "=1\n", nil, false},
			{name + "=0\n", []string{"-" + name + "=1"}, true},
			{name + "=1\n", []string{"-" + name + "=0"}, false},
			{name + "=1\n", []string{"-no" + name}, false},
			{name + "=0\n" + name + "=1\n", nil, false},
			{"[regtest]\n" + name + "=0\n", []string{"-regtest", "-" + name + "=1"}, true},
			{name + "=1\n[regtest]\n" + name + "=0\n", []string{"-regtest"}, false},
		} {
			a := nodeArgs(t, c.conf, c.cmdline...)
			vals := Setting(a, name)
			got := true // the wallet's default for each of them
			if len(vals) > 0 {
				got = args.InterpretBool(vals[len(vals)-1])
			}
			if core := a.GetBool(name, true); got != c.want || core != c.want {
				t.Errorf("conf %q, command line %q: Setting %q reads %v, GetBool %v; want %v", c.conf, c.cmdline, vals, got, core, c.want)
			}
		}
	}
}

// TestSettingTakesTheEffectiveValue: a single-valued option arrives as the
// one value Core's GetArg reads (the command line over bitcoin.conf); a
// list option arrives with all its values.
func TestSettingTakesTheEffectiveValue(t *testing.T) {
	a := nodeArgs(t, "fallbackfee=0.002\nwallet=c\n", "-fallbackfee=0.001", "-wallet=a", "-wallet=b")
	if got := Setting(a, "fallbackfee"); !slices.Equal(got, []string{"0.001"}) {
		t.Errorf("fallbackfee = %q, want the command line's [0.001]", got)
	}
	if got := Setting(a, "wallet"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("wallet = %q, want every value [a b c]", got)
	}
	if got := Setting(a, "maxtxfee"); len(got) != 0 {
		t.Errorf("unset maxtxfee = %q, want nothing", got)
	}
}

// TestWalletOptionsAreImplemented: a node given any of the wallet's
// boolean options honours it, so it must not warn that it ignores it.
func TestWalletOptionsAreImplemented(t *testing.T) {
	var cmdline []string
	for _, name := range walletBoolOptions {
		cmdline = append(cmdline, "-"+name+"=0")
	}
	for _, w := range nodeArgs(t, "", cmdline...).Warnings() {
		if strings.Contains(w, "not implemented") {
			t.Error(w)
		}
	}
}
