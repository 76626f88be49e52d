package args

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseCommandLineValues(t *testing.T) {
	tests := []struct {
		name   string
		argv   []string
		opt    string
		get    string
		set    bool
		neg    bool
		all    []string
		asBool bool
	}{
		{"bare", []string{"-txindex"}, "txindex", "", true, false, []string{""}, true},
		{"value", []string{"-rpcuser=alice"}, "rpcuser", "alice", true, false, []string{"alice"}, false},
		{"double dash", []string{"--rpcuser=alice"}, "rpcuser", "alice", true, false, []string{"alice"}, false},
		{"value with =", []string{"-rpcpassword=a=b"}, "rpcpassword", "a=b", true, false, []string{"a=b"}, false},
		{"empty value", []string{"-rpcuser="}, "rpcuser", "", true, false, []string{""}, true},
		{"negated", []string{"-notxindex"}, "txindex", "0", true, true, nil, false},
		{"negated =1", []string{"-notxindex=1"}, "txindex", "0", true, true, nil, false},
		{"double negative", []string{"-notxindex=0"}, "txindex", "1", true, false, []string{"1"}, true},
		{"zero is not negation", []string{"-txindex=0"}, "txindex", "0", true, false, []string{"0"}, false},
		{"last wins", []string{"-rpcuser=a", "-rpcuser=b"}, "rpcuser", "b", true, false, []string{"a", "b"}, false},
		{"negation then value", []string{"-connect=a", "-noconnect", "-connect=b"}, "connect", "b", true, false, []string{"b"}, false},
		{"value then negation", []string{"-connect=a", "-noconnect"}, "connect", "0", true, true, nil, false},
		{"unset", nil, "txindex", "", false, false, []string{}, false},
		{"dash in name", []string{"-reindex-chainstate"}, "reindex-chainstate", "", true, false, []string{""}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := New(Common, CoreServer)
			if err := a.ParseCommandLine(tc.argv); err != nil {
				t.Fatal(err)
			}
			got, ok := a.Get(tc.opt)
			if got != tc.get || ok != tc.set {
				t.Errorf("Get = %q, %v; want %q, %v", got, ok, tc.get, tc.set)
			}
			if a.IsSet("-"+tc.opt) != tc.set {
				t.Errorf("IsSet = %v", !tc.set)
			}
			if a.IsNegated(tc.opt) != tc.neg {
				t.Errorf("IsNegated = %v", !tc.neg)
			}
			if all := a.GetAll(tc.opt); !(len(all) == 0 && len(tc.all) == 0) && !reflect.DeepEqual(all, tc.all) {
				t.Errorf("GetAll = %q, want %q", all, tc.all)
			}
			if b := a.GetBool(tc.opt, false); b != tc.asBool {
				t.Errorf("GetBool = %v", b)
			}
		})
	}
}

func TestParseCommandLineDoubleNegativeWarns(t *testing.T) {
	a := New(Common, CoreServer)
	if err := a.ParseCommandLine([]string{"-notxindex=0"}); err != nil {
		t.Fatal(err)
	}
	w := a.Warnings()
	if len(w) == 0 || w[0] != "Parsed potentially confusing double-negative -txindex=0" {
		t.Errorf("Warnings = %q", w)
	}
}

func TestParseCommandLineErrors(t *testing.T) {
	tests := []struct {
		argv []string
		kind ErrorKind
		msg  string
	}{
		{[]string{"-foo"}, ErrInvalidParameter, "Invalid parameter -foo"},
		{[]string{"-foo=1"}, ErrInvalidParameter, "Invalid parameter -foo=1"},
		{[]string{"--foo"}, ErrInvalidParameter, "Invalid parameter --foo"},
		{[]string{"-nofoo"}, ErrInvalidParameter, "Invalid parameter -nofoo"},
		{[]string{"-regtest.rpcport=1"}, ErrInvalidParameter, "Invalid parameter -regtest.rpcport=1"},
		{[]string{"-no"}, ErrInvalidParameter, "Invalid parameter -no"},
		{[]string{"--"}, ErrInvalidParameter, "Invalid parameter --"},
		{[]string{"-txindex", "-bar", "x"}, ErrInvalidParameter, "Invalid parameter -bar"},
		{[]string{"-nodatadir"}, ErrNegation, "Negating of -datadir is meaningless and therefore forbidden"},
		{[]string{"-nologlevel"}, ErrNegation, "Negating of -loglevel is meaningless and therefore forbidden"},
		{[]string{"-loglevel"}, ErrMissingValue, "Can not set -loglevel with no value. Please specify value with -loglevel=value."},
		{[]string{"-proxy"}, ErrMissingValue, "Can not set -proxy with no value. Please specify value with -proxy=value."},
		{[]string{"-includeconf=x.conf"}, ErrIncludeConf, `-includeconf cannot be used from commandline; -includeconf="x.conf"`},
		{[]string{"-noincludeconf", "-includeconf=y"}, ErrIncludeConf, `-includeconf cannot be used from commandline; -includeconf="y"`},
	}
	for _, tc := range tests {
		a := New(Common, CoreServer)
		err := a.ParseCommandLine(tc.argv)
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%q: err = %v, want %q", tc.argv, err, tc.msg)
			continue
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("%q: errors.Is(%v, %v) = false", tc.argv, err, tc.kind)
		}
	}
}

func TestParseCommandLineNoIncludeconf(t *testing.T) {
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-noincludeconf"}); err != nil {
		t.Fatal(err)
	}
}

func TestPositional(t *testing.T) {
	tests := []struct {
		argv []string
		pos  []string
		set  []string
	}{
		{[]string{"-regtest", "getblockcount"}, []string{"getblockcount"}, []string{"regtest"}},
		{[]string{"-regtest", "sendtoaddress", "-addr", "1"}, []string{"sendtoaddress", "-addr", "1"}, []string{"regtest"}},
		{[]string{"create", "-regtest"}, []string{"create", "-regtest"}, nil},
		{[]string{"-txindex", "-", "-regtest"}, nil, []string{"txindex"}},
		{[]string{"", "x"}, []string{"", "x"}, nil},
		{[]string{"a=b", "c"}, []string{"a=b", "c"}, nil},
	}
	for _, tc := range tests {
		a := New(Common, CoreServer)
		if err := a.ParseCommandLine(tc.argv); err != nil {
			t.Fatalf("%q: %v", tc.argv, err)
		}
		if got := a.Positional(); !reflect.DeepEqual(got, tc.pos) && !(len(got) == 0 && len(tc.pos) == 0) {
			t.Errorf("%q: Positional = %q, want %q", tc.argv, got, tc.pos)
		}
		for _, s := range tc.set {
			if !a.IsSet(s) {
				t.Errorf("%q: %s not set", tc.argv, s)
			}
		}
		if a.IsSet("regtest") && !contains(tc.set, "regtest") {
			t.Errorf("%q: -regtest after the end of options was parsed", tc.argv)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseCommandLineReplacesPrevious(t *testing.T) {
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-rpcuser=a", "cmd"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ParseCommandLine([]string{"-rpcpassword=b"}); err != nil {
		t.Fatal(err)
	}
	if a.IsSet("rpcuser") || len(a.Positional()) != 0 || a.GetString("rpcpassword", "") != "b" {
		t.Errorf("second parse did not replace the first")
	}
}

func TestExecutableRejectsOptionsItDoesNotList(t *testing.T) {
	a := New(Common) // e.g. bitcoin-cli: no server options
	err := a.ParseCommandLine([]string{"-txindex"})
	if err == nil || err.Error() != "Invalid parameter -txindex" {
		t.Errorf("err = %v", err)
	}
}
