package nodetest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/common/logging"
)

// TestErrorLineMatchesLogging renders lines with common/logging under every
// prefix option and checks that exactly the error-level ones match.
func TestErrorLineMatchesLogging(t *testing.T) {
	for _, cfg := range []logging.Config{
		{},
		{Timestamps: true},
		{Timestamps: true, TimeMicros: true},
		{Timestamps: true, ThreadNames: true, ThreadName: "main"},
		{Timestamps: true, SourceLocations: true, ThreadNames: true},
		{AlwaysPrintCategoryLevel: true, Debug: []string{"ipc"}},
	} {
		var buf bytes.Buffer
		cfg.PrintToConsole, cfg.Console = true, &buf
		l, err := logging.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, cat := range []string{"", "ipc", "walletdb"} {
			lg := l.Logger(cat).With(logging.ThreadKey, "msg hand")
			lg.Error("E fault", "err", "[error] inside")
			lg.Warn("W [error] in a warning")
			lg.Info("I [error] in an info line")
			lg.Debug("D [ipc:error] in a debug line")
		}
		l.Close()
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			isError := strings.Contains(line, "E fault")
			if errorLine.MatchString(line) != isError {
				t.Errorf("%+v: %q: matched %v", cfg, line, !isError)
			}
		}
	}
}

// recorder is a testing.TB that keeps what Errorf reports instead of
// failing the test.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errs
}

// TestUnexpectedErrorLineFailsTest runs a real process that prints log
// lines: an error line nobody expects fails the test, with or without a
// category; one the test expects does not, nor do other levels.
func TestUnexpectedErrorLineFailsTest(t *testing.T) {
	rec := &recorder{TB: t}
	lines := []string{
		"2026-11-26T12:34:56Z [ipc:error] IPC handler panicked method=Echo.echo",
		"2026-11-26T12:34:56Z [error] Failed to flush the chain state: disk full",
		"2026-11-26T12:34:56Z [walletdb:error] provoked on purpose",
		"2026-11-26T12:34:56Z [net:warning] misbehaving peer=2",
		"2026-11-26T12:34:56Z an info line about an [error]",
	}
	p := StartProc(rec, "/bin/sh", "-c", "sleep 0.2; printf '%s\\n' \"$@\"", "sh", lines[0], lines[1], lines[2], lines[3], lines[4])
	p.ExpectErrors(ExpectedError{Text: "provoked on purpose", Reason: "this test prints it"})
	if code := p.Wait(10 * time.Second); code != 0 {
		t.Fatalf("exit %d", code)
	}
	got := rec.errors()
	if len(got) != 2 || !strings.Contains(got[0], lines[0]) || !strings.Contains(got[1], lines[1]) {
		t.Fatalf("reported %d failures, want the first two lines:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// TestErrorLinesOfSharedLog: error lines that another process (a node's
// spawned bitcoin-wallet) writes only to the shared debug.log count, those
// written before the start do not, and a line both printed and logged is
// reported once.
func TestErrorLinesOfSharedLog(t *testing.T) {
	rec := &recorder{TB: t}
	log := filepath.Join(t.TempDir(), "debug.log")
	old := "2026-11-26T12:34:56Z [error] from an earlier run\n"
	if err := os.WriteFile(log, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	printed := "2026-11-26T12:34:57Z [error] printed and logged"
	child := "2026-11-26T12:34:58Z [walletdb:error] logged by the child only"
	var o output
	cmd := exec.Command("/bin/sh", "-c", `printf '%s\n' "$1"; printf '%s\n%s\n' "$1" "$2" >> "$3"`, "sh", printed, child, log)
	<-o.start(rec, cmd, log)
	got := rec.errors()
	if len(got) != 2 || !strings.Contains(got[0], printed) || !strings.Contains(got[1], child) {
		t.Fatalf("reported %d failures, want the printed line once and the child's:\n%s", len(got), strings.Join(got, "\n"))
	}
}
