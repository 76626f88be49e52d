package args

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestIncludeconf(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfFilename), "includeconf=inc1.conf\nrpcuser=main\n[regtest]\nincludeconf=reg.conf\n[test]\nincludeconf=missing.conf\n")
	writeFile(t, filepath.Join(dir, "inc1.conf"), "rpcuser=inc\ndbcache=42\nincludeconf=nested.conf\n")
	writeFile(t, filepath.Join(dir, "reg.conf"), "uacomment=reg\n[regtest]\nport=7\n")
	writeFile(t, filepath.Join(dir, "nested.conf"), "maxmempool=1\n")

	a := New(Common, CoreServer)
	if err := a.ParseCommandLine([]string{"-datadir=" + dir, "-regtest"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if got := a.GetString("rpcuser", ""); got != "main" {
		t.Errorf("rpcuser = %q (the including file comes first)", got)
	}
	if got := a.GetInt("dbcache", 0); got != 42 {
		t.Errorf("dbcache = %d", got)
	}
	if got := a.GetString("uacomment", ""); got != "reg" {
		t.Errorf("uacomment = %q", got)
	}
	if got := a.GetInt("port", 0); got != 7 {
		t.Errorf("port = %d", got)
	}
	if a.IsSet("maxmempool") {
		t.Errorf("nested include was read")
	}
	if w := a.ConsoleWarnings(); !contains(w, "-includeconf cannot be used from included files; ignoring -includeconf=nested.conf") || contains(a.Warnings(), w[0]) {
		t.Errorf("console warnings = %q, warnings = %q", w, a.Warnings())
	}

	// The [test] include is not read on regtest, but is on testnet.
	b := New(Common, CoreServer)
	if err := b.ParseCommandLine([]string{"-datadir=" + dir, "-testnet"}); err != nil {
		t.Fatal(err)
	}
	err := b.ReadConfigFiles()
	if err == nil || err.Error() != "Error reading configuration file: Failed to include configuration file missing.conf" || !errors.Is(err, ErrConfig) {
		t.Errorf("err = %v", err)
	}

	// -noincludeconf skips every include.
	c := New(Common, CoreServer)
	if err := c.ParseCommandLine([]string{"-datadir=" + dir, "-testnet", "-noincludeconf"}); err != nil {
		t.Fatal(err)
	}
	if err := c.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if c.IsSet("dbcache") {
		t.Errorf("include read despite -noincludeconf")
	}
}

func TestIncludeconfNegatedAndDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfFilename), "includeconf=a.conf\nnoincludeconf=1\nincludeconf=b.conf\n")
	writeFile(t, filepath.Join(dir, "a.conf"), "dbcache=1\n")
	writeFile(t, filepath.Join(dir, "b.conf"), "maxmempool=2\n")
	a := New(Common, CoreServer)
	if err := a.ParseCommandLine([]string{"-datadir=" + dir}); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if a.IsSet("dbcache") || a.GetInt("maxmempool", 0) != 2 {
		t.Errorf("negation did not drop the earlier include")
	}

	if err := os.Mkdir(filepath.Join(dir, "d.conf"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ConfFilename), "includeconf=d.conf\n")
	err := a.ReadConfigFiles()
	want := `Error reading configuration file: Included config file "` + filepath.Join(dir, "d.conf") + `" is a directory.`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v", err)
	}
}

func TestConfPath(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "other.conf"), "dbcache=3\n")
	writeFile(t, filepath.Join(dir, "sub", "x.conf"), "dbcache=4\n")
	run := func(argv ...string) (*Args, error) {
		a := New(Common, CoreServer)
		if err := a.ParseCommandLine(append([]string{"-datadir=" + dir}, argv...)); err != nil {
			t.Fatal(err)
		}
		return a, a.ReadConfigFiles()
	}

	// Missing default config file: fine.
	a, err := run()
	if err != nil || a.ConfigPath() != filepath.Join(dir, ConfFilename) {
		t.Errorf("default: %v, %q", err, a.ConfigPath())
	}
	// Relative -conf is relative to the data directory.
	a, err = run("-conf=other.conf")
	if err != nil || a.GetInt("dbcache", 0) != 3 {
		t.Errorf("relative -conf: %v, dbcache=%d", err, a.GetInt("dbcache", 0))
	}
	a, err = run("-conf=./sub/../sub/x.conf")
	if err != nil || a.GetInt("dbcache", 0) != 4 {
		t.Errorf("relative -conf with dots: %v", err)
	}
	// Absolute -conf.
	a, err = run("-conf=" + filepath.Join(dir, "other.conf"))
	if err != nil || a.GetInt("dbcache", 0) != 3 {
		t.Errorf("absolute -conf: %v", err)
	}
	// Missing explicit -conf: error.
	_, err = run("-conf=nope.conf")
	want := `Error reading configuration file: specified config file "` + filepath.Join(dir, "nope.conf") + `" could not be opened.`
	if err == nil || err.Error() != want || !errors.Is(err, ErrConfig) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing -conf: %v", err)
	}
	// -conf naming a directory.
	_, err = run("-conf=sub")
	want = `Error reading configuration file: Config file "` + filepath.Join(dir, "sub") + `" is a directory.`
	if err == nil || err.Error() != want {
		t.Errorf("directory -conf: %v", err)
	}
	// -noconf reads nothing.
	writeFile(t, filepath.Join(dir, ConfFilename), "dbcache=9\n")
	a, err = run("-noconf")
	if err != nil || a.IsSet("dbcache") || a.ConfigPath() != "" {
		t.Errorf("-noconf: %v", err)
	}
}

func TestDataDirFromConfig(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfFilename), "datadir="+other+"\n")
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-conf=" + filepath.Join(dir, ConfFilename), "-regtest"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.DataDir(); got != other {
		t.Errorf("DataDir = %q, want %q", got, other)
	}
	if got, _ := a.NetDataDir(); got != filepath.Join(other, "regtest") {
		t.Errorf("NetDataDir = %q", got)
	}

	// A datadir= that does not exist is an error.
	writeFile(t, filepath.Join(dir, ConfFilename), "datadir=/nonexistent/bulkhead\n")
	err := a.ReadConfigFiles()
	want := `Error reading configuration file: specified data directory "/nonexistent/bulkhead" does not exist.`
	if err == nil || err.Error() != want || !errors.Is(err, ErrConfig) {
		t.Errorf("err = %v", err)
	}
}

func TestCheckIgnoredConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfFilename), "dbcache=1\n")
	writeFile(t, filepath.Join(dir, "other.conf"), "dbcache=2\n")

	run := func(argv ...string) (string, error) {
		a := New(Common, CoreServer)
		if err := a.ParseCommandLine(append([]string{"-datadir=" + dir}, argv...)); err != nil {
			t.Fatal(err)
		}
		if err := a.ReadConfigFiles(); err != nil {
			t.Fatal(err)
		}
		return a.CheckIgnoredConfig()
	}
	if w, err := run(); w != "" || err != nil {
		t.Errorf("own config: %q, %v", w, err)
	}
	_, err := run("-conf=other.conf")
	if err == nil || !errors.Is(err, ErrIgnoredConf) ||
		!strings.HasPrefix(err.Error(), `Data directory "`+dir+`" contains a "bitcoin.conf" file which is ignored, because a different configuration file "`+filepath.Join(dir, "other.conf")+`" from command line argument "-conf=other.conf" is being used instead.`) ||
		!strings.HasSuffix(err.Error(), "\n- Set allowignoredconf=1 option to treat this condition as a warning, not an error.") {
		t.Errorf("err = %v", err)
	}
	w, err := run("-conf=other.conf", "-allowignoredconf")
	if err != nil || !strings.HasPrefix(w, "Data directory") || strings.Contains(w, "allowignoredconf") {
		t.Errorf("allowignoredconf: %q, %v", w, err)
	}
	w, err = run("-noconf")
	if err != nil || w != `Data directory "`+dir+`" contains a "bitcoin.conf" file which is explicitly ignored using -noconf.` {
		t.Errorf("-noconf: %q, %v", w, err)
	}
}

func TestReadConfigFilesTwice(t *testing.T) {
	a, dir := setup(t, "dbcache=1\nfoo=1\n")
	writeFile(t, filepath.Join(dir, ConfFilename), "maxmempool=2\nfoo=1\n")
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if a.IsSet("dbcache") || a.GetInt("maxmempool", 0) != 2 {
		t.Errorf("re-read kept old values")
	}
	if w := a.Warnings(); len(w) != 1 || w[0] != "Ignoring unknown configuration value foo" {
		t.Errorf("warnings = %q", w)
	}
	if l := a.NoEffectLines(); !slices.Equal(l, []string{NoEffectLine("maxmempool")}) {
		t.Errorf("no-effect lines = %q", l)
	}

	// A datadir= from the first read does not move the second.
	other := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfFilename), "datadir="+other+"\ndbcache=5\n")
	writeFile(t, filepath.Join(other, ConfFilename), "dbcache=6\n")
	for i := 0; i < 2; i++ {
		if err := a.ReadConfigFiles(); err != nil {
			t.Fatal(err)
		}
		if got := a.GetInt("dbcache", 0); got != 5 {
			t.Errorf("read %d: dbcache = %d", i, got)
		}
	}
}
