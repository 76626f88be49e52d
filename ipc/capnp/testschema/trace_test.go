package testschema_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

type lines struct {
	mu  sync.Mutex
	all []string
}

func (l *lines) Enabled(context.Context, slog.Level) bool { return true }
func (l *lines) Handle(_ context.Context, r slog.Record) error {
	s := r.Message
	r.Attrs(func(a slog.Attr) bool { s += " " + a.String(); return true })
	l.mu.Lock()
	l.all = append(l.all, s)
	l.mu.Unlock()
	return nil
}
func (l *lines) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *lines) WithGroup(string) slog.Handler      { return l }

// TestTraceLogsMaskSecrets: at trace level both sides log arguments, with
// $Mp.secret values masked.
func TestTraceLogsMaskSecrets(t *testing.T) {
	var cliLog, srvLog lines
	a, b := testenv.SocketPair(t)
	srv := mp.New(a, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("x")), Logger: slog.New(&srvLog), Name: "server"})
	cli := mp.New(b, &mp.Config{Logger: slog.New(&cliLog), Name: "client"})
	defer srv.Close()
	defer cli.Close()
	ctx := context.Background()
	boot, err := cli.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tester := testschema.NewTesterClient(boot)
	if ok, err := tester.Unlock(ctx, "correct horse", 60); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, err := tester.Echo(ctx, "visible"); err != nil {
		t.Fatal(err)
	}
	for side, l := range map[string]*lines{"client": &cliLog, "server": &srvLog} {
		l.mu.Lock()
		all := strings.Join(l.all, "\n")
		l.mu.Unlock()
		if strings.Contains(all, "correct horse") {
			t.Errorf("%s trace log shows the passphrase:\n%s", side, all)
		}
		for _, want := range []string{"passphrase = ***", "timeout = 60", `msg = "visible"`, "Tester.unlock$Params", "Tester.echo$Results"} {
			if !strings.Contains(all, want) {
				t.Errorf("%s trace log lacks %q:\n%s", side, want, all)
			}
		}
	}
}
