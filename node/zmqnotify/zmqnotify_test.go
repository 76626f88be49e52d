package zmqnotify

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/bulkhead-btc/bulkhead/zmq"
)

// TestNotifiers: Core's order (by type, then as given), "unix:" turned into
// "ipc://", each type's own high-water mark.
func TestNotifiers(t *testing.T) {
	opts := map[string][]string{
		"zmqpubsequence":  {"unix:/tmp/s"},
		"zmqpubrawtx":     {"tcp://127.0.0.1:1", "tcp://127.0.0.1:2"},
		"zmqpubhashblock": {"tcp://127.0.0.1:1"},
	}
	hwm := map[string]int64{"zmqpubrawtxhwm": 7}
	got := Notifiers(func(name string) []string { return opts[name] }, func(name string, def int64) int64 {
		if v, ok := hwm[name]; ok {
			return v
		}
		return def
	})
	want := []Notifier{
		{"pubhashblock", "tcp://127.0.0.1:1", 1000},
		{"pubrawtx", "tcp://127.0.0.1:1", 7},
		{"pubrawtx", "tcp://127.0.0.1:2", 7},
		{"pubsequence", "ipc:///tmp/s", 1000},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Notifiers = %v, want %v", got, want)
	}
}

// TestNewSharesSocketsAndFailsWhole: notifiers with one address share a
// socket; one address that cannot be bound fails the whole interface and
// releases what was bound.
func TestNewSharesSocketsAndFailsWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "z.sock")
	addr := "ipc://" + path
	z, err := New(&Config{Notifiers: []Notifier{{"pubhashblock", addr, 1000}, {"pubhashtx", addr, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(z.sockets) != 1 || len(z.Active()) != 2 {
		t.Fatalf("%d sockets, %d notifiers", len(z.sockets), len(z.Active()))
	}
	z.Close()
	if z.Active() != nil && len(z.Active()) != 0 {
		t.Fatal("notifiers left after Close")
	}
	_, err = New(&Config{Notifiers: []Notifier{{"pubhashblock", addr, 1000}, {"pubhashtx", "foo", 1000}}})
	if !errors.Is(err, zmq.ErrEndpoint) {
		t.Fatalf("New with a bad address: %v", err)
	}
	// The first address was released: it binds again.
	z, err = New(&Config{Notifiers: []Notifier{{"pubhashblock", addr, 1000}}})
	if err != nil {
		t.Fatalf("rebinding after a failed New: %v", err)
	}
	z.Close()
	var none *Interface
	if none.Active() != nil {
		t.Fatal("a nil Interface lists notifiers")
	}
}
