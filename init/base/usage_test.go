package base

import (
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// TestUsageLayout: -help prints Core's layout: the version line, a
// description, "Usage: EXE [options]", then the option groups, the first
// of them "Options:" (once).
func TestUsageLayout(t *testing.T) {
	a := args.New(args.Common, NodeOptions())
	if err := a.ParseCommandLine([]string{"-help"}); err != nil {
		t.Fatal(err)
	}
	u := Usage("bitcoind", a)
	if !strings.HasPrefix(u, "Bulkhead bitcoind version "+Version+"\n\n") {
		t.Errorf("does not start with the version line and an empty line:\n%.200s", u)
	}
	if !strings.Contains(u, "\nUsage: bitcoind [options]\n\nOptions:\n\n  -alertnotify=<cmd>\n") {
		t.Errorf("no Core layout around Usage:\n%.800s", u)
	}
	if n := strings.Count(u, "\nOptions:\n"); n != 1 {
		t.Errorf("\"Options:\" heads %d groups", n)
	}
	if strings.Contains(u, "  -regtest\n") {
		t.Errorf("-help lists the debug option -regtest")
	}
	if err := a.ParseCommandLine([]string{"-help-debug"}); err != nil {
		t.Fatal(err)
	}
	if u := Usage("bitcoind", a); !strings.Contains(u, "  -regtest\n") || !strings.Contains(u, "\nWallet debugging/testing options:\n") {
		t.Errorf("-help-debug lacks the debug options")
	}
}
