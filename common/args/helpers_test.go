package args

import (
	"os"
	"path/filepath"
	"testing"
)

// setup makes a data directory holding bitcoin.conf with the given text
// (none if conf is ""), and returns Args that parsed argv plus
// -datadir=<dir> and read the config files.
func setup(t *testing.T, conf string, argv ...string) (*Args, string) {
	t.Helper()
	dir := t.TempDir()
	if conf != "" {
		writeFile(t, filepath.Join(dir, ConfFilename), conf)
	}
	a := New(Common, CoreServer)
	if err := a.ParseCommandLine(append([]string{"-datadir=" + dir}, argv...)); err != nil {
		t.Fatalf("ParseCommandLine: %v", err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatalf("ReadConfigFiles: %v", err)
	}
	return a, dir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
