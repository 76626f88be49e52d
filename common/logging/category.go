package logging

import (
	"log/slog"
	"strings"
)

// LevelTrace is Core's trace level, below slog.LevelDebug.
const LevelTrace = slog.LevelDebug - 4

// categories are Bitcoin Core's logging categories (logging.cpp
// LOG_CATEGORIES_BY_STR, without the debug-build-only "lock"), in the
// alphabetical order Core lists them.
var categories = [...]string{
	"addrman", "bench", "blockstorage", "cmpctblock", "coindb", "estimatefee",
	"http", "i2p", "ipc", "kernel", "leveldb", "libevent", "mempool",
	"mempoolrej", "net", "privatebroadcast", "proxy", "prune", "qt", "rand",
	"reindex", "rpc", "scan", "selectcoins", "tor", "txpackages",
	"txreconciliation", "validation", "walletdb", "zmq",
}

// Categories returns the category names in Core's (alphabetical) order.
func Categories() []string {
	return append([]string(nil), categories[:]...)
}

// categoryIndex returns the index of a category: 0 for uncategorised
// (""), 1+i for categories[i]; ok is false for unknown names.
func categoryIndex(name string) (int, bool) {
	if name == "" {
		return 0, true
	}
	for i, c := range categories {
		if c == name {
			return i + 1, true
		}
	}
	return 0, false
}

// isAll reports whether a -debug value means every category.
func isAll(name string) bool {
	return name == "" || name == "1" || name == "all"
}

// userLevels are the levels -loglevel accepts, in Core's order.
var userLevels = [...]string{"info", "debug", "trace"}

// parseUserLevel reads a -loglevel level (info, debug or trace).
func parseUserLevel(s string) (slog.Level, bool) {
	switch s {
	case "info":
		return slog.LevelInfo, true
	case "debug":
		return slog.LevelDebug, true
	case "trace":
		return LevelTrace, true
	}
	return 0, false
}

// LevelString names a level as Core does: trace, debug, info, warning,
// error (levels between them take the lower name).
func LevelString(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "error"
	case l >= slog.LevelWarn:
		return "warning"
	case l >= slog.LevelInfo:
		return "info"
	case l >= slog.LevelDebug:
		return "debug"
	}
	return "trace"
}

func joinLevels() string { return strings.Join(userLevels[:], ", ") }

func joinCategories() string { return strings.Join(categories[:], ", ") }
