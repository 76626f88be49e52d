package wallet

import (
	"context"
	"errors"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

const (
	// flushInterval: without wallet activity the last block is written
	// at least every this many blocks (re-scanning them after a crash is
	// harmless).
	flushInterval = 1000
	// recentBlocks is how many processed block hashes stay in memory to
	// recognise notifications for blocks a catch-up already processed.
	recentBlocks = 10_000
)

// blockConnected processes a connected block: in order it applies to the
// last processed block; a gap or fork makes the wallet catch up from the
// chain; a block it already processed is skipped.
func (w *Wallet) blockConnected(ctx context.Context, info interfaces.BlockInfo) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	last := w.lastBlock
	known := info.Height <= last.Height && w.recent[info.Height] == info.Hash
	w.mu.Unlock()
	switch {
	case info.Hash == last.Hash || known:
		return nil
	case info.PrevHash == last.Hash && info.Block != nil:
		return w.applyBlock(ctx, info.Hash, info.Height, info.Block)
	}
	return w.catchUp(ctx)
}

// blockDisconnected undoes the wallet's last processed block.
func (w *Wallet) blockDisconnected(ctx context.Context, info interfaces.BlockInfo) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || info.Hash != w.lastBlock.Hash {
		return nil
	}
	return w.rewindLocked(ctx, blockRef(info.PrevHash, info.Height-1))
}

// rewindLocked makes every effect of blocks above fork unconfirmed again
// (Core's blockDisconnected for each of them) and sets the last block to
// fork. w.mu is held.
func (w *Wallet) rewindLocked(ctx context.Context, fork interfaces.BlockRef) error {
	b := newBatch()
	for _, t := range w.ordered {
		switch {
		case t.state == stateConfirmed && t.blockHeight > fork.Height:
			t.state = stateInactive
			t.blockHash, t.blockHeight, t.blockTime, t.blockIndex = chainhash.Hash{}, 0, 0, 0
			b.txs[t.txid] = t
		case t.state == stateConflicted && t.conflictHeight > fork.Height:
			t.state = stateInactive
			t.conflictHash, t.conflictHeight = chainhash.Hash{}, 0
			b.txs[t.txid] = t
		}
	}
	for h := range w.recent {
		if h > fork.Height {
			delete(w.recent, h)
		}
	}
	w.lastBlock = fork
	w.signalProgress()
	b.info = true
	return w.commit(ctx, b)
}

// applyBlock adds a block's effects and moves the last block to it, in one
// database transaction when the block touches the wallet.
func (w *Wallet) applyBlock(ctx context.Context, hash chainhash.Hash, height int32, block *wire.MsgBlock) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	b := newBatch()
	st := txSync{state: stateConfirmed, blockHash: hash, height: height, time: block.Header.Timestamp.Unix()}
	for i, tx := range block.Transactions {
		st.index = i
		if err := w.syncTx(tx, st, b); err != nil {
			return err
		}
	}
	w.lastBlock = blockRef(hash, height)
	w.signalProgress()
	w.recent[height] = hash
	delete(w.recent, height-recentBlocks)
	if !b.empty() || height-w.lastWritten.Height >= flushInterval {
		b.info = true
	}
	return w.commit(ctx, b)
}

// catchUp brings the wallet from its last processed block to the chain's
// tip: back to the fork point when its block left the active chain, then
// forward block by block. While it reads blocks the wallet is scanning
// (Scanning). syncMu is held.
func (w *Wallet) catchUp(ctx context.Context) error {
	defer w.endScan()
	for attempt := 0; attempt < 10; attempt++ {
		tip, err := w.chain.GetTip(ctx)
		if err != nil {
			return err
		}
		w.mu.Lock()
		last, closed := w.lastBlock, w.closed
		w.mu.Unlock()
		if closed || last.Hash == tip.Hash {
			return nil
		}
		fork := interfaces.BlockRef{Height: -1}
		if last.Height >= 0 && last.Hash != (chainhash.Hash{}) {
			fork, err = w.chain.FindForkPoint(ctx, last.Hash)
			if errors.Is(err, interfaces.ErrNotFound) {
				fork = interfaces.BlockRef{Height: -1}
			} else if err != nil {
				return err
			}
		}
		if fork.Height < last.Height {
			w.mu.Lock()
			err := w.rewindLocked(ctx, fork)
			w.mu.Unlock()
			if err != nil {
				return err
			}
			w.log.Info("wallet rewound to the fork point", "height", fork.Height)
		}
		w.beginScan(fork.Height, tip.Height)
		if done, err := w.forward(ctx, fork, tip.Height); err != nil || done {
			return err
		}
	}
	return newErr(ErrWallet, "wallet: the chain kept changing during catch-up")
}

// forward applies blocks fork+1..tipHeight; false when the chain changed
// under it.
func (w *Wallet) forward(ctx context.Context, fork interfaces.BlockRef, tipHeight int32) (bool, error) {
	prev := fork.Hash
	for h := fork.Height + 1; h <= tipHeight; h++ {
		hash, err := w.chain.GetBlockHash(ctx, h)
		if errors.Is(err, interfaces.ErrNotFound) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		block, err := w.chain.GetBlock(ctx, hash)
		if err != nil {
			return false, err
		}
		if h > 0 && block.Header.PrevBlock != prev {
			return false, nil
		}
		if err := w.applyBlock(ctx, hash, h, block); err != nil {
			return false, err
		}
		prev = hash
	}
	return true, nil
}

// syncWait is how long BlockUntilSynced waits for notifications to move
// the wallet on before it catches up from the chain itself.
const syncWait = 250 * time.Millisecond

// BlockUntilSynced returns once the wallet has processed the chain's
// current tip (Core's BlockUntilSyncedToCurrentChain): it waits while
// notifications keep moving the wallet on, and catches up from the chain
// itself when they stall.
func (w *Wallet) BlockUntilSynced(ctx context.Context) error {
	for {
		tip, err := w.chain.GetTip(ctx)
		if err != nil {
			return err
		}
		w.mu.Lock()
		last, closed, progress := w.lastBlock, w.closed, w.progress
		w.mu.Unlock()
		if closed {
			return newErr(ErrNotFound, "Requested wallet does not exist or is not loaded")
		}
		if last.Hash == tip.Hash {
			return nil
		}
		timer := time.NewTimer(syncWait)
		select {
		case <-progress:
			timer.Stop()
			continue
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		w.syncMu.Lock()
		err = w.catchUp(ctx)
		w.syncMu.Unlock()
		return err
	}
}

// signalProgress wakes BlockUntilSynced waiters; w.mu is held.
func (w *Wallet) signalProgress() {
	close(w.progress)
	w.progress = make(chan struct{})
}

// transactionAddedToMempool records a relevant mempool transaction.
func (w *Wallet) transactionAddedToMempool(ctx context.Context, tx *wire.MsgTx) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	b := newBatch()
	if err := w.syncTx(tx, txSync{state: stateMempool}, b); err != nil {
		return err
	}
	return w.commit(ctx, b)
}

// transactionRemovedFromMempool marks a wallet transaction as no longer in
// the mempool (removals for a block are not notified: the block confirms
// it).
func (w *Wallet) transactionRemovedFromMempool(ctx context.Context, tx *wire.MsgTx, reason int32) error {
	if reason == interfaces.RemovalBlock {
		return nil
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[tx.TxHash()]
	if w.closed || !ok || t.state != stateMempool {
		return nil
	}
	t.state = stateInactive
	b := newBatch()
	b.txs[t.txid] = t
	return w.commit(ctx, b)
}

// afterLoad catches a loaded wallet up with the chain and submits its
// unconfirmed transactions to the mempool (Core's postInitProcess:
// ResubmitWalletTransactions with force).
func (w *Wallet) afterLoad(ctx context.Context) error {
	w.syncMu.Lock()
	err := w.catchUp(ctx)
	w.syncMu.Unlock()
	if err != nil {
		return err
	}
	w.resubmit(ctx, 0, true)
	return nil
}
