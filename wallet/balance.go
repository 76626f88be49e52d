package wallet

import (
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// Balances are Core's getbalances "mine" amounts in satoshis.
type Balances struct {
	Trusted          int64 // confirmed, or unconfirmed from the wallet itself
	UntrustedPending int64 // unconfirmed from others, in the mempool
	Immature         int64 // immature coinbase outputs
}

// depth is Core's GetTxDepthInMainChain: confirmations, negative for a
// conflicted transaction, 0 unconfirmed. w.mu is held.
func (w *Wallet) depth(t *walletTx) int32 {
	switch t.state {
	case stateConfirmed:
		return w.lastBlock.Height - t.blockHeight + 1
	case stateConflicted:
		return -(w.lastBlock.Height - t.conflictHeight + 1)
	}
	return 0
}

// blocksToMaturity is Core's GetTxBlocksToMaturity.
func (w *Wallet) blocksToMaturity(t *walletTx) int32 {
	if !t.isCoinbase() {
		return 0
	}
	return max(0, coinbaseMaturity+1-w.depth(t))
}

func (w *Wallet) immature(t *walletTx) bool { return w.blocksToMaturity(t) > 0 }

// isSpent: an active wallet transaction spends the output (Core's
// IsSpent).
func (w *Wallet) isSpent(op wire.OutPoint) bool {
	for _, s := range w.spenders[op] {
		if t, ok := w.txs[s]; ok && t.active() {
			return true
		}
	}
	return false
}

// isTrusted is Core's CachedTxIsTrusted.
func (w *Wallet) isTrusted(t *walletTx, cache map[chainhash.Hash]bool) bool {
	d := w.depth(t)
	if d >= 1 {
		return true
	}
	if d < 0 || !w.opts.spendZeroConfChange || !t.fromMe || t.state != stateMempool {
		return false
	}
	if v, ok := cache[t.txid]; ok {
		return v
	}
	cache[t.txid] = false // breaks cycles
	for _, in := range t.tx.TxIn {
		parent, ok := w.txs[in.PreviousOutPoint.Hash]
		if !ok {
			return false
		}
		if _, mine := w.outputs[in.PreviousOutPoint]; !mine {
			return false
		}
		if !w.isTrusted(parent, cache) {
			return false
		}
	}
	cache[t.txid] = true
	return true
}

// credit sums the wallet outputs of t, all or only unspent ones.
func (w *Wallet) credit(t *walletTx, unspentOnly bool) int64 {
	var c int64
	for i := range t.tx.TxOut {
		op := wire.OutPoint{Hash: t.txid, Index: uint32(i)}
		o, ok := w.outputs[op]
		if !ok || unspentOnly && w.isSpent(op) {
			continue
		}
		c += o.value
	}
	return c
}

// Balances computes Core's GetBalance with min_depth (for a wallet without
// the avoid_reuse flag, the only kind there is).
func (w *Wallet) Balances(minDepth int) Balances {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.balancesLocked(int32(minDepth))
}

func (w *Wallet) balancesLocked(minDepth int32) Balances {
	var b Balances
	cache := map[chainhash.Hash]bool{}
	for _, t := range w.ordered {
		trusted := w.isTrusted(t, cache)
		d := w.depth(t)
		var available int64
		if !w.immature(t) {
			available = w.credit(t, true)
		}
		if trusted && d >= minDepth {
			b.Trusted += available
		}
		if !trusted && d == 0 && t.state == stateMempool {
			b.UntrustedPending += available
		}
		if w.immature(t) && d > 0 {
			b.Immature += w.credit(t, false)
		}
	}
	return b
}
