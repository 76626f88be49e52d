package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Root returns the module's root directory (the one holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testenv: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Shared returns the path of name inside the project's shared folder:
// $BULKHEAD_SHARED if set, else the nearest "shared" folder beside the
// project root or one of its parents (../shared for a normal checkout). A
// missing file fails the test.
func Shared(t testing.TB, name string) string {
	t.Helper()
	dirs := []string{os.Getenv("BULKHEAD_SHARED")}
	for dir := Root(t); ; {
		parent := filepath.Dir(dir)
		dirs = append(dirs, filepath.Join(parent, "shared"))
		if parent == dir {
			break
		}
		dir = parent
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("testenv: shared test data %s not found in ../shared (set BULKHEAD_SHARED)", name)
	return ""
}

// Tool returns the path of an external program the test needs. A missing
// tool fails the test: make test installs every tool, so it never skips.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("testenv: %s not found on PATH (make test installs it): %v", name, err)
	}
	return p
}
