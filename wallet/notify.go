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
