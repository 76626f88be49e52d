package base

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// TestSubVersion: -uacomment comments join the user agent as Core's
// FormatSubVersion; unsafe characters and an over-long user agent are
// refused with Core's messages.
func TestSubVersion(t *testing.T) {
	for _, tc := range []struct {
		argv      []string
		want, err string
	}{
		{nil, "/Bulkhead:0.1.0/", ""},
		{[]string{"-uacomment=testnode0"}, "/Bulkhead:0.1.0(testnode0)/", ""},
		{[]string{"-uacomment=testnode0", "-uacomment=a b.c,d;e-f_g?h@i"}, "/Bulkhead:0.1.0(testnode0; a b.c,d;e-f_g?h@i)/", ""},
		{[]string{"-uacomment=a/b"}, "", "User Agent comment (a/b) contains unsafe characters."},
		{[]string{"-uacomment=₿"}, "", "User Agent comment (₿) contains unsafe characters."},
		{[]string{"-uacomment=" + strings.Repeat("a", 256)}, "", "Total length of network version string (274) exceeds maximum length (256). Reduce the number or size of uacomments."},
	} {
		got, err := SubVersion(nodeArgs(t, "", tc.argv...))
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("%q: %q, %v; want %q, %q", tc.argv, got, err, tc.want, tc.err)
		}
	}
}

// startTestDaemon starts a daemon of a node's options on a fresh regtest
// data directory.
func startTestDaemon(t *testing.T, dir string, argv ...string) (*Daemon, error) {
	t.Helper()
	a := args.New(args.Claim(args.Common, "pid"), NodeOptions())
	if err := a.ParseCommandLine(append([]string{"-regtest", "-datadir=" + dir, "-printtoconsole=0"}, argv...)); err != nil {
		t.Fatal(err)
	}
	return StartDaemon("bitcoind", a, io.Discard)
}

// TestDaemonPidFileAndLock: a node writes its pid to <netdatadir>/
// bitcoind.pid (or -pid, none with -nopid) and removes it at exit; a
// second daemon on the same data directory stops with Core's lock message
// and leaves the first one's pid file alone.
func TestDaemonPidFileAndLock(t *testing.T) {
	dir := t.TempDir()
	d, err := startTestDaemon(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "regtest", "bitcoind.pid")
	if b, err := os.ReadFile(pidFile); err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("pid file: %q, %v", b, err)
	}
	_, err = startTestDaemon(t, dir, "-pid=other.pid")
	want := "Cannot obtain a lock on directory " + filepath.Join(dir, "regtest") + ". Bulkhead is probably already running."
	if err == nil || err.Error() != want {
		t.Errorf("second daemon: %v, want %q", err, want)
	}
	if _, err := os.Stat(pidFile); err != nil {
		t.Errorf("the second daemon removed the first one's pid file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "regtest", "other.pid")); err == nil {
		t.Errorf("the refused daemon wrote its pid file")
	}
	d.Close()
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Errorf("pid file left after Close: %v", err)
	}

	abs := filepath.Join(t.TempDir(), "node.pid")
	d, err = startTestDaemon(t, dir, "-pid="+abs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Errorf("-pid=%s: %v", abs, err)
	}
	d.Close()
	d, err = startTestDaemon(t, dir, "-nopid")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Errorf("-nopid wrote %s", pidFile)
	}
	d.Close()
}
