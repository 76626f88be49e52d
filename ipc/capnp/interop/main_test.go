package interop_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// buildDir holds what the tests build once per run (the C++ peers); it is
// removed when the run ends.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bulkhead-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testCtx is a context that ends when the test does, or after 30 s.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// sockDir returns a short directory for unix socket paths (they are limited
// to about 100 bytes, which t.TempDir can exceed).
func sockDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "bhi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// waitFor polls cond until it holds or d passes, running the garbage
// collector in between so that dropped capabilities get released.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after %v: %s", d, what)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// within fails the test unless ch is closed or receives within d.
func within[T any](t *testing.T, d time.Duration, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("%s: nothing after %v", what, d)
		panic("unreachable")
	}
}
