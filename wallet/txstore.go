package wallet

import (
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// txSync is the state a transaction is seen in.
type txSync struct {
	state     txState
	blockHash chainhash.Hash
	height    int32
	time      int64
	index     int
}

// isRelevant: the transaction pays a watched script or spends a wallet
// output (Core's IsMine || IsFromMe).
func (w *Wallet) isRelevant(tx *wire.MsgTx) bool {
	for _, o := range tx.TxOut {
		if _, ok := w.scripts[string(o.PkScript)]; ok {
			return true
		}
	}
	return w.debit(tx) > 0
}

// debit is the value of the wallet outputs tx spends (Core's GetDebit).
func (w *Wallet) debit(tx *wire.MsgTx) int64 {
	var d int64
	for _, in := range tx.TxIn {
		if o, ok := w.outputs[in.PreviousOutPoint]; ok {
			d += o.value
		}
	}
	return d
}

// syncTx is Core's SyncTransaction: it marks wallet transactions a
// confirmed one conflicts with, updates a known transaction's state, or
// adds a relevant new one with its outputs and spends. w.mu is held.
func (w *Wallet) syncTx(tx *wire.MsgTx, st txSync, b *batch) error {
	txid := tx.TxHash()
	coinbase := blockchainIsCoinbase(tx)
	if st.state == stateConfirmed && !coinbase {
		for _, in := range tx.TxIn {
			for _, other := range w.spenders[in.PreviousOutPoint] {
				if other != txid {
					w.markConflicted(other, st.blockHash, st.height, b)
				}
			}
		}
	}
	if t, ok := w.txs[txid]; ok {
		if w.updateState(t, st) {
			b.txs[txid] = t
		}
		return nil
	}
	if !w.isRelevant(tx) {
		return nil
	}
	t := &walletTx{tx: tx, txid: txid, orderPos: w.nextOrder, timeReceived: now(), fromMe: w.debit(tx) > 0}
	w.nextOrder++
	w.updateState(t, st)
	t.timeSmart = w.smartTime(t)
	w.recordTx(t, b)
	return nil
}

// recordTx adds a new transaction: its wallet outputs (moving the keypool
// on), its inputs, and the spends of wallet outputs. w.mu is held.
func (w *Wallet) recordTx(t *walletTx, b *batch) {
	coinbase := t.isCoinbase()
	for i, o := range t.tx.TxOut {
		si, ok := w.scripts[string(o.PkScript)]
		if !ok {
			continue
		}
		out := &walletOutput{op: wire.OutPoint{Hash: t.txid, Index: uint32(i)}, value: o.Value, script: o.PkScript, coinbase: coinbase}
		w.outputs[out.op] = out
		b.outputs = append(b.outputs, out)
		if err := w.markUsed(si, b); err != nil {
			w.log.Error("topping up the keypool failed", "err", err)
		}
	}
	if !coinbase {
		for _, in := range t.tx.TxIn {
			if _, mine := w.outputs[in.PreviousOutPoint]; mine {
				b.spends = append(b.spends, [2]any{in.PreviousOutPoint, t.txid})
			}
		}
	}
	w.addTxMem(t)
	b.txs[t.txid] = t
}

// updateState applies a sighting to a transaction and reports a change.
func (w *Wallet) updateState(t *walletTx, st txSync) bool {
	switch st.state {
	case stateConfirmed:
		if t.state == stateConfirmed && t.blockHash == st.blockHash && t.blockIndex == st.index {
			return false
		}
		t.state = stateConfirmed
		t.blockHash, t.blockHeight, t.blockTime, t.blockIndex = st.blockHash, st.height, st.time, st.index
		t.conflictHash, t.conflictHeight = chainhash.Hash{}, 0
		return true
	case stateMempool:
		if t.state == stateConfirmed || t.state == stateMempool {
			return false
		}
		t.state = stateMempool
		t.conflictHash, t.conflictHeight = chainhash.Hash{}, 0
		return true
	case stateInactive:
		if t.state != stateMempool {
			return false
		}
		t.state = stateInactive
		return true
	}
	return false
}

// markConflicted marks a wallet transaction and its wallet descendants as
// conflicting with a block (Core's MarkConflicted).
func (w *Wallet) markConflicted(txid chainhash.Hash, blockHash chainhash.Hash, height int32, b *batch) {
	t, ok := w.txs[txid]
	if !ok || t.state == stateConfirmed {
		return
	}
	if t.state == stateConflicted && t.conflictHeight <= height {
		return
	}
	t.state = stateConflicted
	t.conflictHash, t.conflictHeight = blockHash, height
	b.txs[txid] = t
	for i := range t.tx.TxOut {
		for _, child := range w.spenders[wire.OutPoint{Hash: txid, Index: uint32(i)}] {
			w.markConflicted(child, blockHash, height, b)
		}
	}
}

// smartTime is Core's ComputeTimeSmart: for a transaction first seen in a
// block, the block time clamped between the latest earlier wallet entry
// and the time it was received.
func (w *Wallet) smartTime(t *walletTx) int64 {
	if t.state != stateConfirmed {
		return t.timeReceived
	}
	latestNow := t.timeReceived
	latestTolerated := latestNow + 300
	var latestEntry int64
	for i := len(w.ordered) - 1; i >= 0; i-- {
		if ts := w.ordered[i].timeSmart; ts <= latestTolerated {
			latestEntry = ts
			break
		}
	}
	return max(latestEntry, min(t.blockTime, latestNow))
}

func blockchainIsCoinbase(tx *wire.MsgTx) bool {
	return len(tx.TxIn) == 1 && tx.TxIn[0].PreviousOutPoint.Index == wire.MaxPrevOutIndex &&
		tx.TxIn[0].PreviousOutPoint.Hash == (chainhash.Hash{})
}
