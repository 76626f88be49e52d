package logging

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// useGlobal marks a category without a level of its own.
const useGlobal = int64(1) << 40

// Logging is one process's log: its filter state and the writer every
// Logger shares. It is safe for concurrent use.
type Logging struct {
	cfg Config

	// global is the threshold for enabled categories without their own.
	global atomic.Int64
	// enabled[i] and level[i] hold category i's state (index 0 is
	// uncategorised); level is useGlobal when the category has none.
	enabled []atomic.Bool
	level   []atomic.Int64

	mu      sync.Mutex // serialises writes and guards the fields below
	file    *os.File
	console io.Writer
	closed  bool
}

// New opens the log described by cfg: it checks the categories and levels,
// shrinks the file if asked, opens it for appending (creating it 0600) and
// writes Core's five-newline separator.
func New(cfg Config) (*Logging, error) {
	l := &Logging{
		cfg:     cfg,
		enabled: make([]atomic.Bool, len(categories)+1),
		level:   make([]atomic.Int64, len(categories)+1),
	}
	l.global.Store(int64(slog.LevelDebug))
	for i := range l.level {
		l.level[i].Store(useGlobal)
	}
	for _, c := range cfg.Debug {
		i, ok := categoryIndex(c)
		if !ok {
			return nil, &Error{Kind: ErrUnsupportedCategory, Description: fmt.Sprintf("Unsupported logging category %s=%s.", "-debug", c)}
		}
		l.enabled[i].Store(true)
	}
	for c, lv := range cfg.Levels {
		i, ok := categoryIndex(c)
		if !ok {
			return nil, &Error{Kind: ErrUnsupportedLevel, Description: fmt.Sprintf("Unsupported logging category %s for -loglevel.", c)}
		}
		if i == 0 {
			l.global.Store(int64(lv))
		} else {
			l.level[i].Store(int64(lv))
		}
	}
	if cfg.PrintToConsole {
		l.console = cfg.Console
		if l.console == nil {
			l.console = os.Stdout
		}
	}
	if cfg.FilePath != "" {
		if cfg.ShrinkFile {
			shrinkFile(cfg.FilePath)
		}
		f, err := openLogFile(cfg.FilePath)
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteString("\n\n\n\n\n"); err != nil {
			return nil, errors.Join(openError(cfg.FilePath, err), f.Close())
		}
		l.file = f
	}
	return l, nil
}

func openLogFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, openError(path, err)
	}
	return f, nil
}

func openError(path string, err error) error {
	return &Error{Kind: ErrOpenFile, Description: fmt.Sprintf("Could not open debug log file %s", path), Err: err}
}

// Logger returns a logger for a category ("" for uncategorised lines). All
// loggers share this Logging's writer and filter.
func (l *Logging) Logger(category string) *slog.Logger {
	return slog.New(l.handler(category))
}

// Enabled reports whether a line of this category and level would be
// written. It is cheap; hot paths call it before building arguments.
// Info, warning and error lines are always written.
func (l *Logging) Enabled(category string, level slog.Level) bool {
	if level >= slog.LevelInfo {
		return true
	}
	i, ok := categoryIndex(category)
	return ok && l.enabledIndex(i, level)
}

func (l *Logging) enabledIndex(i int, level slog.Level) bool {
	if level >= slog.LevelInfo {
		return true
	}
	if !l.enabled[i].Load() {
		return false
	}
	threshold := l.level[i].Load()
	if threshold == useGlobal {
		threshold = l.global.Load()
	}
	return int64(level) >= threshold
}

// SetCategory turns a category's debug lines on or off at run time (the
// logging RPC); "all" or "1" means every category.
func (l *Logging) SetCategory(category string, on bool) error {
	if isAll(category) {
		for i := range l.enabled {
			l.enabled[i].Store(on)
		}
		return nil
	}
	i, ok := categoryIndex(category)
	if !ok || category == "" {
		return &Error{Kind: ErrUnsupportedCategory, Description: fmt.Sprintf("unknown logging category %s", category)}
	}
	l.enabled[i].Store(on)
	return nil
}

// CategoryStates reports, for every category, whether its debug lines are
// on (the logging RPC's answer).
func (l *Logging) CategoryStates() map[string]bool {
	out := make(map[string]bool, len(categories))
	for i, c := range categories {
		out[c] = l.enabled[i+1].Load()
	}
	return out
}

// LogIPs reports -logips.
func (l *Logging) LogIPs() bool { return l.cfg.LogIPs }

// FilePath returns the log file's path ("" when there is none).
func (l *Logging) FilePath() string { return l.cfg.FilePath }

// Reopen closes and reopens the log file, for log rotation (Core does it
// on SIGHUP).
func (l *Logging) Reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil || l.closed {
		return nil
	}
	f, err := openLogFile(l.cfg.FilePath)
	if err != nil {
		return err
	}
	old := l.file
	l.file = f
	if err := old.Close(); err != nil {
		return fmt.Errorf("close old debug log: %w", err)
	}
	return nil
}

// Close closes the log file. Lines logged afterwards are dropped.
func (l *Logging) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.file == nil {
		return nil
	}
	if err := l.file.Close(); err != nil {
		return fmt.Errorf("close debug log: %w", err)
	}
	return nil
}

// write writes one formatted line to the file and the console. A file
// write goes straight to the operating system, so a crash loses nothing
// already logged.
func (l *Logging) write(line []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if l.file != nil {
		_, _ = l.file.Write(line) // like Core, a failed write is not reported
	}
	if l.console != nil {
		_, _ = l.console.Write(line)
	}
}

// now returns the time for a record.
func (l *Logging) now(t time.Time) time.Time {
	if l.cfg.Now != nil {
		return l.cfg.Now()
	}
	if t.IsZero() {
		return time.Now()
	}
	return t
}
