package interop_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// testLogger passes go-capnp's rpc log lines to t.Log while the test runs
// (go-capnp may log from its goroutines after the test has ended; those
// lines are dropped).
type testLogger struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func newTestLogger(t *testing.T) *testLogger {
	l := &testLogger{t: t}
	t.Cleanup(func() {
		l.mu.Lock()
		l.done = true
		l.mu.Unlock()
	})
	return l
}

func (l *testLogger) log(level, msg string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return
	}
	var b strings.Builder
	b.WriteString("go-capnp " + level + ": " + msg)
	for i := 0; i+1 < len(args); i += 2 {
		fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
	}
	l.t.Log(b.String())
}

func (l *testLogger) Debug(msg string, args ...any) {}
func (l *testLogger) Info(msg string, args ...any)  { l.log("info", msg, args) }
func (l *testLogger) Warn(msg string, args ...any)  { l.log("warn", msg, args) }
func (l *testLogger) Error(msg string, args ...any) { l.log("error", msg, args) }
