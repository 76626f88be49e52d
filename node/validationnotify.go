package node

import (
	"context"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// ValidationNotifications is what a subscriber in the node's own process
// (ZMQ) may implement beside interfaces.ChainNotifications to receive what
// Core's CValidationInterface passes and interfaces::Chain's notifications
// leave out: the mempool sequence number of each mempool event (Core's
// GetAndIncrementSequence, the number before the increment) and whether
// the node was in initial block download when the tip changed. For a
// subscriber passed to Chain().HandleNotifications that implements it,
// these methods replace TransactionAddedToMempool,
// TransactionRemovedFromMempool and UpdatedBlockTip.
type ValidationNotifications interface {
	MempoolTransactionAdded(ctx context.Context, tx *wire.MsgTx, mempoolSequence uint64) error
	MempoolTransactionRemoved(ctx context.Context, tx *wire.MsgTx, reason int32, mempoolSequence uint64) error
	BlockTipUpdated(ctx context.Context, tip interfaces.BlockRef, initialDownload bool) error
}

// deliverValidation delivers ev through v when v has a method for it.
func deliverValidation(ctx context.Context, v ValidationNotifications, ev *event) bool {
	switch ev.kind {
	case evTxAdded:
		v.MempoolTransactionAdded(ctx, ev.tx, ev.seq)
	case evTxRemoved:
		v.MempoolTransactionRemoved(ctx, ev.tx, ev.reason, ev.seq)
	case evTip:
		v.BlockTipUpdated(ctx, ev.ref, ev.ibd)
	default:
		return false
	}
	return true
}

// nextPoolSeq is Core's CTxMemPool::GetAndIncrementSequence: it returns the
// mempool sequence number and counts one more. n.mu is held.
func (n *Node) nextPoolSeq() uint64 { return n.poolSeq.Add(1) - 1 }
