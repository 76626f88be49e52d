package args

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

func TestChainSelection(t *testing.T) {
	const conflict = "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one."
	tests := []struct {
		name string
		conf string
		argv []string
		want chainparams.ChainName
		err  string
	}{
		{"default", "", nil, chainparams.Main, ""},
		{"regtest", "", []string{"-regtest"}, chainparams.Regtest, ""},
		{"testnet", "", []string{"-testnet"}, chainparams.Testnet, ""},
		{"testnet4", "", []string{"-testnet4"}, chainparams.Testnet4, ""},
		{"signet", "", []string{"-signet"}, chainparams.Signet, ""},
		{"chain=", "", []string{"-chain=regtest"}, chainparams.Regtest, ""},
		{"chain=main", "", []string{"-chain=main"}, chainparams.Main, ""},
		{"chain=test", "", []string{"-chain=test"}, chainparams.Testnet, ""},
		{"regtest=0", "", []string{"-regtest=0"}, chainparams.Main, ""},
		{"regtest and its negation", "", []string{"-regtest", "-noregtest"}, chainparams.Main, ""},
		{"from config", "regtest=1\n", nil, chainparams.Regtest, ""},
		{"chain= from config", "chain=signet\n", nil, chainparams.Signet, ""},
		{"config last value wins for chains", "testnet=1\ntestnet=0\n", nil, chainparams.Main, ""},
		{"section chain switch ignored", "[regtest]\nregtest=1\n", nil, chainparams.Main, ""},
		// Core quirk: a negated chain switch on the command line does not
		// override the config file.
		{"-noregtest ignored", "regtest=1\n", []string{"-noregtest"}, chainparams.Regtest, ""},
		{"conflict", "", []string{"-regtest", "-testnet"}, "", conflict},
		{"conflict with chain", "", []string{"-chain=main", "-signet"}, "", conflict},
		{"conflict cli and config", "testnet4=1\n", []string{"-regtest"}, "", conflict},
		{"unknown chain", "", []string{"-chain=foo"}, "", "Unknown chain foo."},
		{"unknown chain testnet3", "", []string{"-chain=testnet3"}, "", "Unknown chain testnet3."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.conf != "" {
				writeFile(t, filepath.Join(dir, ConfFilename), tc.conf)
			}
			a := New(Common)
			if err := a.ParseCommandLine(append([]string{"-datadir=" + dir}, tc.argv...)); err != nil {
				t.Fatal(err)
			}
			err := a.ReadConfigFiles()
			if tc.err != "" {
				if err == nil || err.Error() != tc.err || !errors.Is(err, ErrChain) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if _, err := a.ChainArg(); err == nil {
					t.Errorf("ChainArg: no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Chain(); got != tc.want {
				t.Errorf("Chain() = %q, want %q", got, tc.want)
			}
			if got, err := a.ChainArg(); err != nil || got != tc.want {
				t.Errorf("ChainArg() = %q, %v", got, err)
			}
		})
	}
}

func TestChainBeforeReadConfigFiles(t *testing.T) {
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-regtest"}); err != nil {
		t.Fatal(err)
	}
	if a.Chain() != chainparams.Regtest {
		t.Errorf("Chain() = %q", a.Chain())
	}
	if err := a.ParseCommandLine([]string{"-regtest", "-signet"}); err != nil {
		t.Fatal(err)
	}
	if a.Chain() != chainparams.Main {
		t.Errorf("conflict: Chain() = %q", a.Chain())
	}
}
