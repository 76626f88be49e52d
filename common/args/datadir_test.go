package args

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDataDir(t *testing.T) {
	dir := t.TempDir()
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-datadir=" + dir + "/sub/../", "-regtest"}); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	got, err := a.DataDir()
	if err != nil || got != dir {
		t.Errorf("DataDir = %q, %v", got, err)
	}
	net, err := a.NetDataDir()
	if err != nil || net != filepath.Join(dir, "regtest") {
		t.Errorf("NetDataDir = %q, %v", net, err)
	}
	p, err := a.AbsPathNet("debug.log")
	if err != nil || p != filepath.Join(dir, "regtest", "debug.log") {
		t.Errorf("AbsPathNet = %q, %v", p, err)
	}
	if p, _ := a.AbsPathNet("/abs/x"); p != "/abs/x" {
		t.Errorf("AbsPathNet(abs) = %q", p)
	}
	if p, _ := a.AbsPathNet(""); p != "" {
		t.Errorf("AbsPathNet(\"\") = %q", p)
	}
	if p, _ := a.AbsPathBase("x.conf"); p != filepath.Join(dir, "x.conf") {
		t.Errorf("AbsPathBase = %q", p)
	}
}

func TestNetDataDirPerChain(t *testing.T) {
	dir := t.TempDir()
	for chain, sub := range map[string]string{"main": "", "test": "testnet3", "testnet4": "testnet4", "signet": "signet", "regtest": "regtest"} {
		a := New(Common)
		if err := a.ParseCommandLine([]string{"-datadir=" + dir, "-chain=" + chain}); err != nil {
			t.Fatal(err)
		}
		if err := a.ReadConfigFiles(); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.NetDataDir(); got != filepath.Join(dir, sub) {
			t.Errorf("%s: NetDataDir = %q", chain, got)
		}
	}
}

func TestDataDirMissing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	writeFile(t, file, "")
	for _, d := range []string{filepath.Join(dir, "missing"), file} {
		a := New(Common)
		if err := a.ParseCommandLine([]string{"-datadir=" + d}); err != nil {
			t.Fatal(err)
		}
		want := `Specified data directory "` + d + `" does not exist.`
		if _, err := a.DataDir(); err == nil || err.Error() != want || !errors.Is(err, ErrDataDir) {
			t.Errorf("DataDir: %v", err)
		}
		if err := a.ReadConfigFiles(); err == nil || err.Error() != want {
			t.Errorf("ReadConfigFiles: %v", err)
		}
		if _, err := a.NetDataDir(); err == nil {
			t.Errorf("NetDataDir: no error")
		}
	}
}

func TestDefaultDataDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks the Unix layout")
	}
	t.Setenv("HOME", "/home/satoshi")
	if got := DefaultDataDir(); got != "/home/satoshi/.bitcoin" {
		t.Errorf("DefaultDataDir = %q", got)
	}
	t.Setenv("HOME", "")
	if got := DefaultDataDir(); got != "/.bitcoin" {
		t.Errorf("DefaultDataDir without HOME = %q", got)
	}
	t.Setenv("HOME", "/home/satoshi")
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-testnet4"}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.NetDataDir(); err != nil || got != "/home/satoshi/.bitcoin/testnet4" {
		t.Errorf("NetDataDir = %q, %v", got, err)
	}
}

func TestGetPath(t *testing.T) {
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-pid=a/./b/../c/", "-nodebuglogfile", "-rpccookiefile="}); err != nil {
		t.Fatal(err)
	}
	if got := a.GetPath("pid", "x"); got != "a/c" {
		t.Errorf("pid = %q", got)
	}
	if got := a.GetPath("debuglogfile", "debug.log"); got != "" {
		t.Errorf("negated = %q", got)
	}
	if got := a.GetPath("rpccookiefile", ".cookie"); got != ".cookie" {
		t.Errorf("empty = %q", got)
	}
	if got := a.GetPath("settings", "settings.json"); got != "settings.json" {
		t.Errorf("unset = %q", got)
	}
}

func TestCreateDataDirs(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	a := New(Common)
	if err := a.ParseCommandLine([]string{"-regtest"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateDataDirs(); err != nil {
		t.Fatal(err)
	}
	base := DefaultDataDir()
	for _, d := range []string{filepath.Join(base, "wallets"), filepath.Join(base, "regtest", "wallets")} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v", d, err)
		}
	}
	// An existing net data directory gets no wallets subdirectory.
	dir := t.TempDir()
	b := New(Common)
	if err := b.ParseCommandLine([]string{"-datadir=" + dir}); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateDataDirs(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "wallets")); !os.IsNotExist(err) {
		t.Errorf("wallets created in an existing datadir: %v", err)
	}
}
