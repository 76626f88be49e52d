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

// Shared returns the path of name inside the shared folder beside the
// project (../shared from the project root), failing the test if it is missing.
func Shared(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Root(t), "..", "shared", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testenv: shared test data missing: %v", err)
	}
	return p
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
