package args

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestConfigPrecedence(t *testing.T) {
	conf := `
# comment
rpcuser=top1
rpcuser=top2
uacomment = spaced value   # trailing comment is fine here
txindex=1
notxindex=1
dbcache=100
[regtest]
dbcache=200
rpcuser=reg
rpcport=1234
[main]
rpcport=9999
`
	tests := []struct {
		name string
		argv []string
		opt  string
		want string
		set  bool
	}{
		{"config first value wins", nil, "rpcuser", "top1", true},
		{"values are trimmed", nil, "uacomment", "spaced value", true},
		{"config negation cancels earlier values", nil, "txindex", "0", true},
		{"command line beats config", []string{"-rpcuser=cli"}, "rpcuser", "cli", true},
		{"command line last wins", []string{"-dbcache=1", "-dbcache=2"}, "dbcache", "2", true},
		{"chain section beats top level", []string{"-regtest"}, "dbcache", "200", true},
		{"chain section only for that chain", []string{"-testnet"}, "dbcache", "100", true},
		{"main section applies to main", nil, "rpcport", "9999", true},
		{"main section not to others", []string{"-testnet"}, "rpcport", "", false},
		{"network-only from own section", []string{"-regtest"}, "rpcport", "1234", true},
		{"command line beats section", []string{"-regtest", "-dbcache=5"}, "dbcache", "5", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := setup(t, conf, tc.argv...)
			got, ok := a.Get(tc.opt)
			if got != tc.want || ok != tc.set {
				t.Errorf("Get(%s) = %q, %v; want %q, %v", tc.opt, got, ok, tc.want, tc.set)
			}
		})
	}
}

func TestConfigGetAll(t *testing.T) {
	conf := "uacomment=a\nuacomment=b\n[regtest]\nuacomment=c\n"
	tests := []struct {
		argv []string
		want []string
	}{
		{nil, []string{"a", "b"}},
		{[]string{"-regtest"}, []string{"c", "a", "b"}},
		{[]string{"-uacomment=x"}, []string{"x", "a", "b"}},
		// A command-line negation drops the config values...
		{[]string{"-nouacomment"}, nil},
		// ...unless a value follows it: then Core brings the config values
		// back ("zombie" values) but not earlier command-line ones.
		{[]string{"-uacomment=x", "-nouacomment", "-uacomment=y"}, []string{"y", "a", "b"}},
	}
	for _, tc := range tests {
		a, _ := setup(t, conf, tc.argv...)
		if got := a.GetAll("uacomment"); !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%q: GetAll = %q, want %q", tc.argv, got, tc.want)
		}
	}
}

func TestConfigNegationInConfig(t *testing.T) {
	a, _ := setup(t, "nodebuglogfile=1\nnotxindex=0\n")
	if !a.IsNegated("debuglogfile") || a.GetPath("debuglogfile", "debug.log") != "" {
		t.Errorf("nodebuglogfile=1 not a negation")
	}
	if v, _ := a.Get("txindex"); v != "1" || !a.GetBool("txindex", false) {
		t.Errorf("notxindex=0: Get = %q", v)
	}
}

func TestNetworkOnlyOptions(t *testing.T) {
	conf := "rpcport=1111\nwallet=w1\nport=2222\nnorpcbind=1\n[regtest]\nport=3333\n"
	a, _ := setup(t, conf, "-regtest")
	if a.IsSet("rpcport") {
		t.Errorf("top-level rpcport applied to regtest")
	}
	if got := a.GetAll("wallet"); len(got) != 0 {
		t.Errorf("top-level wallet applied to regtest: %q", got)
	}
	if got := a.GetInt("port", 0); got != 3333 {
		t.Errorf("port = %d", got)
	}
	// Core applies a negation from the top level even to network-only
	// options.
	if !a.IsNegated("rpcbind") {
		t.Errorf("top-level norpcbind not applied")
	}
	err := a.CheckSectionOnly()
	want := "Config setting for -rpcport only applied on regtest network when in [regtest] section.\n" +
		"Config setting for -wallet only applied on regtest network when in [regtest] section."
	if err == nil || err.Error() != want || !errors.Is(err, ErrSectionOnly) {
		t.Errorf("CheckSectionOnly = %v", err)
	}

	// On main the top level applies and nothing is reported.
	m, _ := setup(t, conf)
	if m.GetInt("rpcport", 0) != 1111 || m.CheckSectionOnly() != nil {
		t.Errorf("main: rpcport = %d, check = %v", m.GetInt("rpcport", 0), m.CheckSectionOnly())
	}
	// Overridden on the command line: no error.
	o, _ := setup(t, conf, "-regtest", "-rpcport=5", "-wallet=x")
	if err := o.CheckSectionOnly(); err != nil {
		t.Errorf("overridden: %v", err)
	}
}

func TestConfigUnknownKeysAndSections(t *testing.T) {
	a, dir := setup(t, "foo=1\n[regtest]\nbar=2\n[bogus]\ntxindex=1\nmainnet.x=1\n", "-debug=net")
	w := strings.Join(a.Warnings(), "\n")
	conf := filepath.Join(dir, ConfFilename)
	for _, want := range []string{
		"Ignoring unknown configuration value foo",
		"Ignoring unknown configuration value regtest.bar",
		conf + ":4 Section [bogus] is not recognized.",
		conf + ":6 Section [bogus.mainnet] is not recognized.",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
}

func TestConfigParseErrors(t *testing.T) {
	tests := []struct {
		conf string
		msg  string
		kind ErrorKind
	}{
		{"-txindex=1\n", "parse error on line 1: -txindex=1, options in configuration file must be specified without leading -", ErrConfig},
		{"\n\ntxindex\n", "parse error on line 3: txindex", ErrConfig},
		{"notxindex\n", "parse error on line 1: notxindex, if you intended to specify a negated option, use notxindex=1 instead", ErrConfig},
		{"rpcpassword=abc#def\n", "parse error on line 1, using # in rpcpassword can be ambiguous and should be avoided", ErrConfig},
		{"[regtest]\nrpcpassword=x # comment\n", "parse error on line 2, using # in rpcpassword can be ambiguous and should be avoided", ErrConfig},
		{"conf=other.conf\n", "conf cannot be set in the configuration file; use includeconf= if you want to include additional config files", ErrConfig},
		{"[regtest]\nnoconf=1\n", "conf cannot be set in the configuration file; use includeconf= if you want to include additional config files", ErrConfig},
		{"nodatadir=1\n", "Negating of -datadir is meaningless and therefore forbidden", ErrNegation},
		{"regtest=1\ntestnet=1\n", "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.", ErrChain},
	}
	for _, tc := range tests {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, ConfFilename), tc.conf)
		a := New(Common, CoreServer)
		if err := a.ParseCommandLine([]string{"-datadir=" + dir}); err != nil {
			t.Fatal(err)
		}
		err := a.ReadConfigFiles()
		want := "Error reading configuration file: " + tc.msg
		if tc.kind == ErrChain {
			want = tc.msg
		}
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v\nwant %q", tc.conf, err, want)
			continue
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("%q: kind of %v is not %v", tc.conf, err, tc.kind)
		}
	}
}

func TestConfigSyntax(t *testing.T) {
	// CRLF line ends, tabs, empty values, '=' in values, comments.
	a, _ := setup(t, "rpcuser=a=b\r\n\tuacomment = x \t\r\n# rpcpassword=#\n\nrpcpassword=\n[]\ndbcache=7\n")
	if got := a.GetString("rpcuser", ""); got != "a=b" {
		t.Errorf("rpcuser = %q", got)
	}
	if got := a.GetString("uacomment", ""); got != "x" {
		t.Errorf("uacomment = %q", got)
	}
	if v, ok := a.Get("rpcpassword"); !ok || v != "" {
		t.Errorf("rpcpassword = %q, %v", v, ok)
	}
	// Core quirk: an empty section header makes ".dbcache", which is the
	// top level again.
	if got := a.GetInt("dbcache", 0); got != 7 {
		t.Errorf("dbcache = %d", got)
	}
}

func TestReindexInConfigWarns(t *testing.T) {
	a, _ := setup(t, "reindex=1\n")
	if w := a.Warnings(); len(w) == 0 || !strings.HasPrefix(w[0], "reindex=1 is set in the configuration file") {
		t.Errorf("warnings = %q", w)
	}
}
