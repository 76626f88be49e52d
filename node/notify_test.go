package node

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer for a logger that several goroutines
// write.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestStuckSubscriberIsDropped: a subscriber whose notifications do not
// return is dropped once its queue reaches the bound, with a log line; the
// others (and block processing) go on; once it returns it gets what was
// in delivery, then NotificationsDropped, then nothing; it may subscribe
// again. The byte bound drops it the same way.
func TestStuckSubscriberIsDropped(t *testing.T) {
	for _, bound := range []string{"count", "bytes"} {
		t.Run(bound, func(t *testing.T) {
			var logs lockedBuffer
			n := openNode(t, t.TempDir(), nil)
			n.notifier.log = slog.New(slog.NewTextHandler(&logs, nil))
			if bound == "count" {
				n.notifier.maxEvents = 10
			} else {
				n.notifier.maxBytes = 10 * eventOverhead // a few empty blocks' notifications
			}
			k := newKey(t)
			ctx := context.Background()
			chain := n.Chain()

			release := make(chan struct{})
			stuck := newRecorder()
			stuck.during = func(kind string) {
				if !strings.HasPrefix(kind, "dropped") {
					<-release
				}
			}
			h, err := chain.HandleNotifications(ctx, stuck)
			if err != nil {
				t.Fatal(err)
			}
			fine := newRecorder()
			chain.HandleNotifications(ctx, fine)

			// 40 notifications, one block at a time so that the fine
			// subscriber never falls behind, however slow the machine.
			for i := 1; i <= 20; i++ {
				mine(t, n, k.p2wpkh, 1)
				fine.waitFor(t, "every notification", func(ev []string) bool { return len(ev) >= 2*i })
			}
			if !h.(interface{ Ended() bool }).Ended() {
				t.Fatal("the stuck subscriber was not dropped")
			}
			if !strings.Contains(logs.String(), "Dropped the chain notifications of a subscriber: it fell") {
				t.Errorf("no log line:\n%s", logs.String())
			}
			close(release)
			got := stuck.waitFor(t, "the drop notice", func(ev []string) bool {
				return len(ev) > 0 && strings.HasPrefix(ev[len(ev)-1], "dropped")
			})
			if len(got) > 12 || !strings.Contains(got[len(got)-1], "the node dropped this subscription: it fell") {
				t.Fatalf("the stuck subscriber got %d notifications, the last %q", len(got), got[len(got)-1])
			}
			mine(t, n, k.p2wpkh, 1)
			fine.waitFor(t, "one more block", func(ev []string) bool { return len(ev) >= 42 })
			if again := stuck.list(); len(again) != len(got) {
				t.Fatalf("delivered after the drop: %v", again[len(got):])
			}
			if err := h.Disconnect(ctx); err != nil {
				t.Fatalf("Disconnect of a dropped subscription: %v", err)
			}
			again := newRecorder()
			chain.HandleNotifications(ctx, again)
			mine(t, n, k.p2wpkh, 1)
			again.waitFor(t, "a new subscription's notifications", func(ev []string) bool { return len(ev) >= 2 })
		})
	}
}
