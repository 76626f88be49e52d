package wallet

import (
	"context"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// notifier is the Loader's one chain subscription; it hands each event to
// every loaded wallet in load order.
type notifier struct{ l *Loader }

var _ interfaces.ChainNotifications = notifier{}

func (n notifier) each(f func(w *Wallet) error) error {
	for _, w := range n.l.Wallets() {
		if err := f(w); err != nil {
			w.log.Warn("processing a chain notification failed", "err", err)
		}
	}
	return nil
}

func (n notifier) TransactionAddedToMempool(ctx context.Context, tx *wire.MsgTx) error {
	return n.each(func(w *Wallet) error { return w.transactionAddedToMempool(ctx, tx) })
}

func (n notifier) TransactionRemovedFromMempool(ctx context.Context, tx *wire.MsgTx, reason int32) error {
	return n.each(func(w *Wallet) error { return w.transactionRemovedFromMempool(ctx, tx, reason) })
}

func (n notifier) BlockConnected(ctx context.Context, b interfaces.BlockInfo) error {
	return n.each(func(w *Wallet) error { return w.blockConnected(ctx, b) })
}

func (n notifier) BlockDisconnected(ctx context.Context, b interfaces.BlockInfo) error {
	return n.each(func(w *Wallet) error { return w.blockDisconnected(ctx, b) })
}

// UpdatedBlockTip notes the time of the new tip (the block notifications
// carry the work).
func (n notifier) UpdatedBlockTip(context.Context, interfaces.BlockRef) error {
	return n.each(func(w *Wallet) error { w.updatedBlockTip(); return nil })
}

// ChainStateFlushed writes each wallet's last processed block, as Core's
// chainStateFlushed writes the best block locator.
func (n notifier) ChainStateFlushed(ctx context.Context, _ interfaces.BlockRef) error {
	return n.each(func(w *Wallet) error { return w.Flush(ctx) })
}

// NotificationsDropped: the node ended the subscription because this
// process fell too far behind. The loader subscribes again and catches its
// wallets up (resubscribe); this returns at once.
func (n notifier) NotificationsDropped(_ context.Context, reason string) error {
	n.l.resubscribe(reason)
	return nil
}

// resubscribe replaces the subscription the node dropped, in the
// background: it subscribes again first, then catches every wallet up from
// its last processed block, as after a restart, so that no block falls
// between the two. Notifications already under way are harmless: a wallet
// skips blocks it processed and catches up over gaps.
func (l *Loader) resubscribe(reason string) {
	l.mu.Lock()
	if !l.started || l.resubbing {
		l.mu.Unlock()
		return
	}
	l.resubbing = true
	ctx := l.bg
	l.bgWork.Add(1)
	l.mu.Unlock()
	l.log.Warn("The node dropped this process's chain notifications; subscribing again and catching up from each wallet's last processed block", "reason", reason)
	go func() {
		defer l.bgWork.Done()
		defer func() {
			l.mu.Lock()
			l.resubbing = false
			l.mu.Unlock()
		}()
		h, err := l.chain.HandleNotifications(ctx, notifier{l})
		if err != nil {
			l.log.Warn("Subscribing to the chain's notifications again failed", "err", err)
			return
		}
		l.mu.Lock()
		old := l.notify
		started := l.started
		if started {
			l.notify = h
		}
		l.mu.Unlock()
		if !started { // stopped meanwhile
			h.Disconnect(context.WithoutCancel(ctx))
			return
		}
		if old != nil {
			old.Disconnect(ctx)
		}
		for _, w := range l.Wallets() {
			w.syncMu.Lock()
			err := w.catchUp(ctx)
			w.syncMu.Unlock()
			if err != nil {
				w.log.Warn("Catching up after the node dropped the notifications failed", "err", err)
			}
		}
	}()
}
