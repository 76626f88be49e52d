package logging

import (
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

func TestCategoriesMatchArgsHelp(t *testing.T) {
	if got := strings.Join(Categories(), ", "); got != args.LogCategoriesHelp {
		t.Errorf("args.LogCategoriesHelp is out of date:\n got %s\nwant %s", args.LogCategoriesHelp, got)
	}
	if !slices.IsSorted(categories[:]) {
		t.Errorf("categories are not in Core's alphabetical order")
	}
	for _, want := range []string{"net", "tor", "mempool", "http", "bench", "zmq", "walletdb", "rpc", "estimatefee", "addrman", "selectcoins", "reindex", "cmpctblock", "rand", "prune", "proxy", "mempoolrej", "libevent", "coindb", "qt", "leveldb", "validation", "i2p", "ipc", "blockstorage", "txreconciliation", "scan", "txpackages", "kernel"} {
		if !slices.Contains(categories[:], want) {
			t.Errorf("category %q missing", want)
		}
	}
}

func TestLevelString(t *testing.T) {
	tests := map[slog.Level]string{
		LevelTrace:          "trace",
		LevelTrace - 1:      "trace",
		slog.LevelDebug:     "debug",
		slog.LevelDebug + 1: "debug",
		slog.LevelInfo:      "info",
		slog.LevelWarn:      "warning",
		slog.LevelError:     "error",
		slog.LevelError + 4: "error",
	}
	for l, want := range tests {
		if got := LevelString(l); got != want {
			t.Errorf("LevelString(%d) = %q, want %q", l, got, want)
		}
	}
}
