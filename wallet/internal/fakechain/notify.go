package fakechain

import (
	"context"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

type event func(ctx context.Context, n interfaces.ChainNotifications) error

// sub is one subscriber with its own ordered queue, drained by a goroutine
// outside the chain's lock.
type sub struct {
	n       interfaces.ChainNotifications
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []event
	busy    bool
	stopped bool
	done    chan struct{}
}

func (s *sub) run() {
	defer close(s.done)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.stopped {
			s.cond.Wait()
		}
		if s.stopped {
			s.mu.Unlock()
			return
		}
		ev := s.queue[0]
		s.queue = s.queue[1:]
		s.busy = true
		s.mu.Unlock()
		_ = ev(context.Background(), s.n)
		s.mu.Lock()
		s.busy = false
		s.cond.Broadcast()
		s.mu.Unlock()
	}
}

// notify queues an event for every subscriber; called with c.mu held, so
// events keep the chain's order.
func (c *Chain) notify(ev event) {
	for s := range c.subs {
		s.mu.Lock()
		s.queue = append(s.queue, ev)
		s.cond.Broadcast()
		s.mu.Unlock()
	}
}

type handler struct {
	c *Chain
	s *sub
}

// Disconnect ends the subscription; no notification is delivered after it
// returns (one in progress finishes first).
func (h handler) Disconnect(context.Context) error {
	h.c.mu.Lock()
	delete(h.c.subs, h.s)
	h.c.mu.Unlock()
	h.s.mu.Lock()
	for h.s.busy {
		h.s.cond.Wait()
	}
	h.s.stopped = true
	h.s.cond.Broadcast()
	h.s.mu.Unlock()
	<-h.s.done
	return nil
}

// HandleNotifications subscribes n.
func (c *Chain) HandleNotifications(_ context.Context, n interfaces.ChainNotifications) (interfaces.Handler, error) {
	s := &sub{n: n, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	c.mu.Lock()
	c.subs[s] = true
	c.mu.Unlock()
	go s.run()
	return handler{c, s}, nil
}

// Sync waits until every queued notification has been delivered (Core's
// SyncWithValidationInterfaceQueue).
func (c *Chain) Sync() {
	c.mu.Lock()
	subs := make([]*sub, 0, len(c.subs))
	for s := range c.subs {
		subs = append(subs, s)
	}
	c.mu.Unlock()
	for _, s := range subs {
		s.mu.Lock()
		for (len(s.queue) > 0 || s.busy) && !s.stopped {
			s.cond.Wait()
		}
		s.mu.Unlock()
	}
}

// Subscribers counts the current subscriptions.
func (c *Chain) Subscribers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.subs)
}

// DropSubscribers ends every subscription as a node does with subscribers
// that fell too far behind: what is queued is discarded, the last call
// each gets is NotificationsDropped, and nothing more is delivered.
func (c *Chain) DropSubscribers(reason string) {
	c.mu.Lock()
	subs := c.subs
	c.subs = map[*sub]bool{}
	c.mu.Unlock()
	for s := range subs {
		s.mu.Lock()
		s.queue = []event{func(ctx context.Context, n interfaces.ChainNotifications) error {
			return n.NotificationsDropped(ctx, reason)
		}}
		s.cond.Broadcast()
		s.mu.Unlock()
	}
}
