package node

import (
	"context"
	"sync"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

type eventKind int

const (
	evTxAdded eventKind = iota
	evTxRemoved
	evConnected
	evDisconnected
	evTip
	evFlushed
)

// event is one queued notification.
type event struct {
	kind   eventKind
	tx     *wire.MsgTx
	reason int32
	block  interfaces.BlockInfo
	ref    interfaces.BlockRef
}

// notifier fans events out to the subscribers. publish is called with the
// node's mu held, which fixes the order every subscriber sees.
type notifier struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

// subscriber is one ChainNotifications with its own FIFO queue and
// delivery goroutine. The queue is unbounded.
type subscriber struct {
	target interfaces.ChainNotifications
	owner  *notifier

	mu     sync.Mutex
	queue  []event
	wake   chan struct{} // capacity 1: something was queued or closed
	closed bool
	busy   bool          // events queued or being delivered
	idle   chan struct{} // closed when busy turns false
	done   chan struct{} // closed when the goroutine has exited
	ctx    context.Context
	cancel context.CancelFunc
}

// closedChan is a closed channel.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// deliveryKey marks the context handed to a notification method, so a
// Disconnect made from inside it does not wait for its own return.
type deliveryKey struct{}

func (nt *notifier) subscribe(target interfaces.ChainNotifications) *subscriber {
	s := &subscriber{
		target: target,
		owner:  nt,
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	s.ctx, s.cancel = context.WithCancel(context.WithValue(context.Background(), deliveryKey{}, s))
	nt.mu.Lock()
	if nt.subs == nil {
		nt.subs = make(map[*subscriber]struct{})
	}
	nt.subs[s] = struct{}{}
	nt.mu.Unlock()
	go s.run()
	return s
}

// publish queues ev for every subscriber.
func (nt *notifier) publish(ev event) {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	for s := range nt.subs {
		s.push(ev)
	}
}

// count is the number of subscribers.
func (nt *notifier) count() int {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	return len(nt.subs)
}

// drain waits until every subscriber has delivered what is queued, or ctx
// ends.
func (nt *notifier) drain(ctx context.Context) error {
	nt.mu.Lock()
	subs := make([]*subscriber, 0, len(nt.subs))
	for s := range nt.subs {
		subs = append(subs, s)
	}
	nt.mu.Unlock()
	for _, s := range subs {
		select {
		case <-s.idleChan():
		case <-s.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// closeAll ends every subscription and waits for the goroutines (their
// contexts are cancelled, so a well-behaved subscriber returns promptly).
func (nt *notifier) closeAll() {
	nt.mu.Lock()
	subs := make([]*subscriber, 0, len(nt.subs))
	for s := range nt.subs {
		subs = append(subs, s)
	}
	nt.subs = nil
	nt.mu.Unlock()
	for _, s := range subs {
		s.close()
		s.cancel()
	}
	for _, s := range subs {
		<-s.done
	}
}

func (s *subscriber) push(ev event) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.queue = append(s.queue, ev)
	if !s.busy {
		s.busy = true
		s.idle = make(chan struct{})
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// idleChan returns a channel closed when the queue is (or becomes) empty
// and nothing is being delivered.
func (s *subscriber) idleChan() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.busy {
		return closedChan
	}
	return s.idle
}

func (s *subscriber) close() {
	s.mu.Lock()
	s.closed = true
	s.queue = nil
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *subscriber) run() {
	defer close(s.done)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.setIdle()
			s.mu.Unlock()
			<-s.wake
			s.mu.Lock()
		}
		if s.closed {
			s.setIdle()
			s.mu.Unlock()
			return
		}
		ev := s.queue[0]
		s.queue[0] = event{}
		s.queue = s.queue[1:]
		s.mu.Unlock()
		s.deliver(ev)
	}
}

// setIdle marks the queue empty; s.mu is held.
func (s *subscriber) setIdle() {
	if s.busy {
		s.busy = false
		close(s.idle)
	}
}

// deliver calls the subscriber; its errors are its own business (Core's
// validation interface has no way to report them either).
func (s *subscriber) deliver(ev event) {
	ctx := s.ctx
	t := s.target
	switch ev.kind {
	case evTxAdded:
		t.TransactionAddedToMempool(ctx, ev.tx)
	case evTxRemoved:
		t.TransactionRemovedFromMempool(ctx, ev.tx, ev.reason)
	case evConnected:
		t.BlockConnected(ctx, ev.block)
	case evDisconnected:
		t.BlockDisconnected(ctx, ev.block)
	case evTip:
		t.UpdatedBlockTip(ctx, ev.ref)
	case evFlushed:
		t.ChainStateFlushed(ctx, ev.ref)
	}
}

// handler is the interfaces.Handler of a subscription.
type handler struct{ s *subscriber }

// Disconnect ends the subscription: nothing is delivered after it returns.
// Called from inside one of the subscriber's own notifications (with the
// context it was given), it returns at once and nothing further is
// delivered after that notification returns.
func (h handler) Disconnect(ctx context.Context) error {
	s := h.s
	nt := s.owner
	nt.mu.Lock()
	delete(nt.subs, s)
	nt.mu.Unlock()
	s.close()
	if ctx != nil && ctx.Value(deliveryKey{}) == s {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
