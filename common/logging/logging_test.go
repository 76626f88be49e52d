package logging

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var testTime = time.Date(2026, 11, 26, 12, 34, 56, 789012345, time.UTC)

// newTest returns a Logging writing to a buffer, with a fixed clock.
func newTest(t *testing.T, cfg Config) (*Logging, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	cfg.PrintToConsole = true
	cfg.Console = &buf
	cfg.Now = func() time.Time { return testTime }
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l, &buf
}

func TestEnabled(t *testing.T) {
	l, _ := newTest(t, Config{
		Debug:  []string{"net", "ipc", "rpc", "http"},
		Levels: map[string]slog.Level{"ipc": LevelTrace, "rpc": slog.LevelInfo},
	})
	tests := []struct {
		cat   string
		level slog.Level
		want  bool
	}{
		{"net", slog.LevelDebug, true},
		{"net", LevelTrace, false},
		{"ipc", LevelTrace, true},
		{"rpc", slog.LevelDebug, false}, // -loglevel=rpc:info
		{"rpc", slog.LevelInfo, true},
		{"tor", slog.LevelDebug, false},
		{"tor", slog.LevelInfo, true},
		{"tor", slog.LevelWarn, true},
		{"tor", slog.LevelError, true},
		{"", slog.LevelDebug, false},
		{"", slog.LevelInfo, true},
		{"nosuch", slog.LevelDebug, false},
		{"nosuch", slog.LevelWarn, true},
	}
	for _, tc := range tests {
		if got := l.Enabled(tc.cat, tc.level); got != tc.want {
			t.Errorf("Enabled(%q, %v) = %v", tc.cat, tc.level, got)
		}
		if got := l.Logger(tc.cat).Enabled(context.Background(), tc.level); got != tc.want {
			t.Errorf("Logger(%q).Enabled(%v) = %v", tc.cat, tc.level, got)
		}
	}

	// Global trace level.
	g, _ := newTest(t, Config{Debug: []string{"net"}, Levels: map[string]slog.Level{"": LevelTrace}})
	if !g.Enabled("net", LevelTrace) || g.Enabled("tor", LevelTrace) {
		t.Errorf("global trace level not applied")
	}
	// -debug=1 enables uncategorised debug lines too.
	a, _ := newTest(t, Config{Debug: append([]string{""}, Categories()...)})
	if !a.Enabled("", slog.LevelDebug) || !a.Enabled("zmq", slog.LevelDebug) || a.Enabled("zmq", LevelTrace) {
		t.Errorf("-debug=1 state wrong")
	}
}

func TestSetCategory(t *testing.T) {
	l, _ := newTest(t, Config{})
	if err := l.SetCategory("net", true); err != nil || !l.Enabled("net", slog.LevelDebug) || !l.CategoryStates()["net"] {
		t.Errorf("SetCategory(net, true): %v", err)
	}
	if err := l.SetCategory("all", true); err != nil || !l.CategoryStates()["zmq"] {
		t.Errorf("SetCategory(all): %v", err)
	}
	if err := l.SetCategory("net", false); err != nil || l.Enabled("net", slog.LevelDebug) {
		t.Errorf("SetCategory(net, false): %v", err)
	}
	if err := l.SetCategory("foo", true); !errors.Is(err, ErrUnsupportedCategory) {
		t.Errorf("SetCategory(foo) = %v", err)
	}
	if len(l.CategoryStates()) != len(Categories()) {
		t.Errorf("CategoryStates has %d entries", len(l.CategoryStates()))
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	if _, err := New(Config{Debug: []string{"foo"}}); !errors.Is(err, ErrUnsupportedCategory) {
		t.Errorf("bad category: %v", err)
	}
	if _, err := New(Config{Levels: map[string]slog.Level{"foo": 0}}); !errors.Is(err, ErrUnsupportedLevel) {
		t.Errorf("bad level category: %v", err)
	}
}

func TestLineFormat(t *testing.T) {
	l, buf := newTest(t, Config{Timestamps: true, Debug: []string{"ipc", "net"}, Levels: map[string]slog.Level{"ipc": LevelTrace}})
	l.Logger("").Info("Bitcoin Core version v0.1.0")
	l.Logger("").Warn("disk space is low")
	l.Logger("").Error("fatal internal error", "err", errors.New("boom"))
	l.Logger("ipc").Debug("IPC client send", "method", "Echo.echo")
	l.Logger("ipc").Log(context.Background(), LevelTrace, "IPC client args", "n", 3)
	l.Logger("net").Info("connected", "peer", 1)
	l.Logger("net").Warn("misbehaving", "peer", 2)
	l.Logger("net").Log(context.Background(), LevelTrace, "dropped: trace not enabled for net")
	l.Logger("tor").Debug("dropped: tor not enabled")

	want := "2026-11-26T12:34:56Z Bitcoin Core version v0.1.0\n" +
		"2026-11-26T12:34:56Z [warning] disk space is low\n" +
		"2026-11-26T12:34:56Z [error] fatal internal error err=boom\n" +
		"2026-11-26T12:34:56Z [ipc] IPC client send method=Echo.echo\n" +
		"2026-11-26T12:34:56Z [ipc:trace] IPC client args n=3\n" +
		"2026-11-26T12:34:56Z [net:info] connected peer=1\n" +
		"2026-11-26T12:34:56Z [net:warning] misbehaving peer=2\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLineFormatOptions(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		log  func(l *Logging)
		want string
	}{
		{"no timestamps", Config{}, func(l *Logging) { l.Logger("").Info("x") }, "x\n"},
		{"micros", Config{Timestamps: true, TimeMicros: true}, func(l *Logging) { l.Logger("").Info("x") }, "2026-11-26T12:34:56.789012Z x\n"},
		{"thread default", Config{ThreadNames: true}, func(l *Logging) { l.Logger("").Info("x") }, "[unknown] x\n"},
		{"thread from config", Config{ThreadNames: true, ThreadName: "main"}, func(l *Logging) { l.Logger("").Info("x") }, "[main] x\n"},
		{"thread attr", Config{ThreadNames: true}, func(l *Logging) { l.Logger("").With(ThreadKey, "msghand").Info("x", "a", 1) }, "[msghand] x a=1\n"},
		{"thread attr on record", Config{ThreadNames: true}, func(l *Logging) { l.Logger("").Info("x", ThreadKey, "scheduler") }, "[scheduler] x\n"},
		{"thread attr without -logthreadnames", Config{}, func(l *Logging) { l.Logger("").Info("x", ThreadKey, "scheduler") }, "x\n"},
		{"always category level", Config{AlwaysPrintCategoryLevel: true, Debug: []string{"net"}}, func(l *Logging) {
			l.Logger("").Info("a")
			l.Logger("net").Debug("b")
		}, "[all:info] a\n[net:debug] b\n"},
		{"uncategorised debug", Config{Debug: []string{""}}, func(l *Logging) { l.Logger("").Debug("a") }, "[debug] a\n"},
		{"quoted values", Config{}, func(l *Logging) {
			l.Logger("").Info("m", "s", "two words", "eq", "a=b", "q", `say "hi"`, "bs", `a\b`, "nl", "a\nb", "tab", "a\tb", "ctl", "a\x01b", "empty", "")
		}, `m s="two words" eq="a=b" q="say \"hi\"" bs="a\\b" nl="a\nb" tab="a\tb" ctl="a\x01b" empty=` + "\n"},
		{"kinds", Config{}, func(l *Logging) {
			l.Logger("").Info("m", "b", true, "f", 1.5, "d", 2*time.Second, "t", testTime, "u", uint64(7), "any", []int{1, 2})
		}, "m b=true f=1.5 d=2s t=2026-11-26T12:34:56.789012345Z u=7 any=\"[1 2]\"\n"},
		{"groups", Config{}, func(l *Logging) {
			l.Logger("").WithGroup("rpc").With("user", "alice").Info("m", slog.Group("req", "id", 1), "ok", true)
		}, "m rpc.user=alice rpc.req.id=1 rpc.ok=true\n"},
		{"with attrs accumulate", Config{}, func(l *Logging) {
			base := l.Logger("").With("a", 1)
			base.With("b", 2).Info("m")
			base.Info("n")
		}, "m a=1 b=2\nn a=1\n"},
		{"escaped message", Config{}, func(l *Logging) { l.Logger("").Info("bad\x1b[31mred\x7f") }, "bad\\x1b[31mred\\x7f\n"},
		{"multi-line message", Config{}, func(l *Logging) { l.Logger("").Info("a\nb") }, "a\nb\n"},
		{"trailing newline", Config{}, func(l *Logging) { l.Logger("").Info("a\n", "k", "v") }, "a\nk=v\n"},
		{"empty attr ignored", Config{}, func(l *Logging) { l.Logger("").Info("m", slog.Attr{}) }, "m\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, buf := newTest(t, tc.cfg)
			tc.log(l)
			if got := buf.String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSourceLocation(t *testing.T) {
	l, buf := newTest(t, Config{SourceLocations: true})
	l.Logger("").Info("here")
	got := buf.String()
	if !strings.HasPrefix(got, "[logging/logging_test.go:") || !strings.Contains(got, "] [logging.TestSourceLocation] here\n") {
		t.Errorf("got %q", got)
	}
}

func TestFileOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "debug.log")
	if err := os.WriteFile(path, []byte("old line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := New(Config{FilePath: path, Now: func() time.Time { return testTime }})
	if err != nil {
		t.Fatal(err)
	}
	l.Logger("").Info("first")
	// Written straight through: visible before Close.
	data, _ := os.ReadFile(path)
	if string(data) != "old line\n\n\n\n\n\nfirst\n" {
		t.Errorf("file = %q", data)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.Logger("").Info("after close")
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	data, _ = os.ReadFile(path)
	if strings.Contains(string(data), "after close") {
		t.Errorf("line written after Close")
	}
}

func TestFileCreatedPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	l, err := New(Config{FilePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, %v", fi.Mode(), err)
	}
	if l.FilePath() != path {
		t.Errorf("FilePath = %q", l.FilePath())
	}
}

func TestFileOpenError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "debug.log")
	_, err := New(Config{FilePath: path})
	if err == nil || err.Error() != "Could not open debug log file "+path || !errors.Is(err, ErrOpenFile) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "debug.log")
	l, err := New(Config{FilePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Logger("").Info("one")
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Logger("").Info("two")
	rotated, _ := os.ReadFile(path + ".1")
	fresh, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(rotated), "one\n") || string(fresh) != "two\n" {
		t.Errorf("rotated %q fresh %q", rotated, fresh)
	}
}

func TestConcurrentWritesDoNotInterleave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	l, err := New(Config{FilePath: path, Debug: []string{"net"}})
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, lines = 8, 200
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log := l.Logger("net").With("g", g)
			for i := 0; i < lines; i++ {
				log.Debug("line", "i", i, "pad", strings.Repeat("x", 100))
				if i == lines/2 && g == 0 {
					_ = l.Reopen()
				}
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := strings.Split(strings.TrimLeft(string(data), "\n"), "\n")
	if len(got) != goroutines*lines+1 {
		t.Fatalf("%d lines", len(got))
	}
	for _, line := range got[:len(got)-1] {
		var g, i int
		if n, _ := fmt.Sscanf(line, "[net] line g=%d i=%d", &g, &i); n != 2 || !strings.HasSuffix(line, strings.Repeat("x", 100)) {
			t.Fatalf("mangled line %q", line)
		}
	}
}

func TestShrink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	big := bytes.Repeat([]byte("0123456789"), (shrinkThreshold/10)+1)
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := New(Config{FilePath: path, ShrinkFile: true})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	fi, _ := os.Stat(path)
	if fi.Size() != shrinkKeep+5 {
		t.Errorf("size after shrink = %d", fi.Size())
	}
	// At or below the threshold nothing happens; nor without ShrinkFile.
	small := bytes.Repeat([]byte("a"), 100)
	if err := os.WriteFile(path, small, 0o600); err != nil {
		t.Fatal(err)
	}
	shrinkFile(path)
	if fi, _ := os.Stat(path); fi.Size() != 100 {
		t.Errorf("small file shrunk")
	}
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	l, _ = New(Config{FilePath: path})
	l.Close()
	if fi, _ := os.Stat(path); fi.Size() != int64(len(big))+5 {
		t.Errorf("shrunk without ShrinkFile")
	}
}

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrUnsupportedCategory, ErrUnsupportedLevel, ErrOpenFile}
	for _, k := range kinds {
		err := error(&Error{Kind: k, Description: "d", Err: os.ErrPermission})
		if !errors.Is(err, k) || !errors.Is(err, os.ErrPermission) || err.Error() != "d" {
			t.Errorf("%v: Is/Unwrap/Error broken", k)
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%v matches %v", k, other)
			}
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != k {
			t.Errorf("errors.As(%v)", k)
		}
	}
}

func TestZeroConfigWritesNothing(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	l.Logger("net").Error("nowhere")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if l.LogIPs() {
		t.Errorf("LogIPs")
	}
}

func BenchmarkEnabledDisabledDebug(b *testing.B) {
	l, err := New(Config{Debug: []string{"net"}})
	if err != nil {
		b.Fatal(err)
	}
	log := l.Logger("ipc")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if l.Enabled("ipc", slog.LevelDebug) || log.Enabled(ctx, slog.LevelDebug) {
			b.Fatal("enabled")
		}
	}
}
