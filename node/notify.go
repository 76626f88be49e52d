package node

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// How far behind a subscriber may fall: the notifications queued for it
// and not yet delivered, and their size (the transactions and blocks they
// carry, serialized, plus eventOverhead each). A subscriber beyond either
// is dropped: a stuck or hostile one cannot make the node hold more. A
// wallet that falls this far behind (5,000 notifications are some 2,500
// blocks, or minutes of mempool traffic; 32 MiB a dozen full blocks)
// loses nothing it cannot get back: it catches up from its last processed
// block, as after a restart.
const (
	MaxQueuedNotifications = 5000
	MaxQueuedBytes         = 32 << 20
	// eventOverhead is what a queued event costs beside its payload.
	eventOverhead = 256
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
	// seq is the mempool sequence number of a mempool event, ibd the
	// initial-download state of a tip event (for ValidationNotifications).
	seq  uint64
	ibd  bool
	size int // what it counts against MaxQueuedBytes
}

// withSize sets the event's size: its payload serialized, and the
// overhead.
func (ev event) withSize() event {
	ev.size = eventOverhead
	if ev.tx != nil {
		ev.size += ev.tx.SerializeSize()
	}
	if ev.block.Block != nil {
		ev.size += ev.block.Block.SerializeSize()
	}
	return ev
}

// notifier fans events out to the subscribers. publish is called with the
// node's mu held, which fixes the order every subscriber sees. Each
// subscriber has its own queue and goroutine, so one that is slow or
// stuck delays no other and never validation; it is dropped when its
// queue reaches maxEvents or maxBytes (0: MaxQueuedNotifications,
// MaxQueuedBytes).
type notifier struct {
	log                 *slog.Logger // nil: no log lines
	maxEvents, maxBytes int

	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

// subscriber is one ChainNotifications with its own FIFO queue and
// delivery goroutine.
type subscriber struct {
	target interfaces.ChainNotifications
	owner  *notifier
	name   string // for the log: the target's String, if it has one

	mu      sync.Mutex
	queue   []event
	bytes   int           // the sizes of the queued events
	wake    chan struct{} // capacity 1: something was queued or closed
	closed  bool
	dropped string        // why the subscriber was dropped; "" while it is not
	busy    bool          // events queued or being delivered
	idle    chan struct{} // closed when busy turns false
	done    chan struct{} // closed when the goroutine has exited
	ctx     context.Context
	cancel  context.CancelFunc
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
		name:   "a subscriber",
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	if n, ok := target.(fmt.Stringer); ok {
		s.name = n.String()
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

// publish queues ev for every subscriber, and drops those that are too
// far behind.
func (nt *notifier) publish(ev event) {
	ev = ev.withSize()
	maxEvents, maxBytes := nt.maxEvents, nt.maxBytes
	if maxEvents <= 0 {
		maxEvents = MaxQueuedNotifications
	}
	if maxBytes <= 0 {
		maxBytes = MaxQueuedBytes
	}
	nt.mu.Lock()
	defer nt.mu.Unlock()
	for s := range nt.subs {
		if !s.push(ev, maxEvents, maxBytes) {
			delete(nt.subs, s)
		}
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

// push queues ev, unless the subscriber ended or would be too far behind
// with it: then it is dropped (its queue freed, its goroutine told to say
// so) and push reports false.
func (s *subscriber) push(ev event, maxEvents, maxBytes int) bool {
	s.mu.Lock()
	if s.closed || s.dropped != "" {
		s.mu.Unlock()
		return false
	}
	if len(s.queue)+1 > maxEvents || s.bytes+ev.size > maxBytes {
		s.dropped = fmt.Sprintf("it fell %d notifications behind (%d bytes; the limit is %d notifications or %d bytes)",
			len(s.queue), s.bytes, maxEvents, maxBytes)
		s.queue, s.bytes = nil, 0
		reason := s.dropped
		s.mu.Unlock()
		if log := s.owner.log; log != nil {
			log.Warn(fmt.Sprintf("Dropped the chain notifications of %s: %s; it is told to catch up from its last processed block", s.name, reason))
		}
		s.signal()
		return false
	}
	s.queue = append(s.queue, ev)
	s.bytes += ev.size
	if !s.busy {
		s.busy = true
		s.idle = make(chan struct{})
	}
	s.mu.Unlock()
	s.signal()
	return true
}

// signal wakes the delivery goroutine.
func (s *subscriber) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// ended says whether the subscription ended: disconnected, or dropped.
func (s *subscriber) ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed || s.dropped != ""
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
	s.queue, s.bytes = nil, 0
	s.mu.Unlock()
	s.signal()
}

func (s *subscriber) run() {
	defer close(s.done)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed && s.dropped == "" {
			s.setIdle()
			s.mu.Unlock()
			<-s.wake
			s.mu.Lock()
		}
		if s.closed || s.dropped != "" {
			reason := s.dropped
			if s.closed {
				reason = "" // it left on its own: nothing to tell
			}
			s.setIdle()
			s.mu.Unlock()
			if reason != "" {
				s.target.NotificationsDropped(s.ctx, "the node dropped this subscription: "+reason)
			}
			return
		}
		ev := s.queue[0]
		s.queue[0] = event{}
		s.queue = s.queue[1:]
		s.bytes -= ev.size
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
	if v, ok := t.(ValidationNotifications); ok && deliverValidation(ctx, v, &ev) {
		return
	}
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

// Ended says whether the subscription ended: disconnected, or dropped
// because the subscriber fell too far behind.
func (h handler) Ended() bool { return h.s.ended() }

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
