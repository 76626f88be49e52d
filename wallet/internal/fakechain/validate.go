package fakechain

import (
	"context"
	"fmt"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// RejectError is a rejected transaction with Core's RPC code.
type RejectError struct {
	Code    int
	Message string
}

func (e *RejectError) Error() string { return e.Message }

// RPCCode returns the JSON-RPC error code.
func (e *RejectError) RPCCode() int { return e.Code }

const (
	rpcVerifyError    = -25
	rpcVerifyRejected = -26
)

// view looks coins up for a transaction being checked.
type view func(op wire.OutPoint) (coin, bool)

// checkTx validates tx against the coins of view at spendHeight: inputs
// exist and are mature, amounts add up, and every input script verifies.
// It returns the fee.
func checkTx(tx *wire.MsgTx, spendHeight int32, lookup view) (int64, error) {
	if len(tx.TxIn) == 0 || len(tx.TxOut) == 0 {
		return 0, &RejectError{rpcVerifyRejected, "bad-txns-vin-empty"}
	}
	seen := map[wire.OutPoint]bool{}
	prevs := map[wire.OutPoint]*wire.TxOut{}
	var in, out int64
	for _, ti := range tx.TxIn {
		if seen[ti.PreviousOutPoint] {
			return 0, &RejectError{rpcVerifyRejected, "bad-txns-inputs-duplicate"}
		}
		seen[ti.PreviousOutPoint] = true
		c, ok := lookup(ti.PreviousOutPoint)
		if !ok {
			return 0, &RejectError{rpcVerifyError, "bad-txns-inputs-missingorspent"}
		}
		if c.coinbase && spendHeight-c.height < CoinbaseMaturity {
			return 0, &RejectError{rpcVerifyRejected, "bad-txns-premature-spend-of-coinbase"}
		}
		o := c.out
		prevs[ti.PreviousOutPoint] = &o
		in += c.out.Value
	}
	for _, o := range tx.TxOut {
		if o.Value < 0 {
			return 0, &RejectError{rpcVerifyRejected, "bad-txns-vout-negative"}
		}
		out += o.Value
	}
	if in < out {
		return 0, &RejectError{rpcVerifyRejected, "bad-txns-in-belowout"}
	}
	fetcher := txscript.NewMultiPrevOutFetcher(prevs)
	hashes := txscript.NewTxSigHashes(tx, fetcher)
	for i, ti := range tx.TxIn {
		prev := prevs[ti.PreviousOutPoint]
		vm, err := txscript.NewEngine(prev.PkScript, tx, i, txscript.StandardVerifyFlags, nil, hashes, prev.Value, fetcher)
		if err != nil {
			return 0, &RejectError{rpcVerifyRejected, fmt.Sprintf("mandatory-script-verify-flag-failed (%v)", err)}
		}
		if err := vm.Execute(); err != nil {
			return 0, &RejectError{rpcVerifyRejected, fmt.Sprintf("mandatory-script-verify-flag-failed (%v)", err)}
		}
	}
	return in - out, nil
}

// VSize is a transaction's virtual size.
func VSize(tx *wire.MsgTx) int64 {
	weight := int64(tx.SerializeSizeStripped()*3 + tx.SerializeSize())
	return (weight + 3) / 4
}

// poolView sees the UTXO set plus unspent mempool outputs, minus what the
// mempool spends.
func (c *Chain) poolView(op wire.OutPoint) (coin, bool) {
	if _, spent := c.poolSpnd[op]; spent {
		return coin{}, false
	}
	if co, ok := c.utxo[op]; ok {
		return co, true
	}
	if tx, ok := c.inPool[op.Hash]; ok && int(op.Index) < len(tx.TxOut) {
		return coin{out: *tx.TxOut[op.Index], height: c.tip().height + 1}, true
	}
	return coin{}, false
}

// BroadcastTransaction accepts tx into the mempool and notifies
// subscribers. A transaction already in the mempool is accepted again.
// While LoseBroadcasts is in force, the call fails instead.
func (c *Chain) BroadcastTransaction(_ context.Context, tx *wire.MsgTx, maxFee int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lost.n > 0 {
		c.lost.n--
		if c.lost.accepted {
			c.acceptLocked(tx, maxFee) //nolint:errcheck // the answer is what gets lost
		}
		return c.lost.err
	}
	c.broadcasts++
	return c.acceptLocked(tx, maxFee)
}

// LoseBroadcasts makes the next n BroadcastTransaction calls fail with err,
// as a broadcast whose answer never arrives: the node accepted the
// transaction (accepted) or never saw it. With an error carrying an RPC
// code instead, it plays the node's rejection.
func (c *Chain) LoseBroadcasts(n int, accepted bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lost.n, c.lost.accepted, c.lost.err = n, accepted, err
}

// Broadcasts counts the BroadcastTransaction calls that reached the chain
// (not lost).
func (c *Chain) Broadcasts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broadcasts
}

// Evict removes a transaction and its descendants from the mempool (as
// Core's expiry), notifying subscribers.
func (c *Chain) Evict(txid chainhash.Hash) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeWithDescendants(txid, interfaces.RemovalExpiry)
}

func (c *Chain) acceptLocked(tx *wire.MsgTx, maxFee int64) error {
	txid := tx.TxHash()
	if _, ok := c.inPool[txid]; ok {
		return nil
	}
	if _, ok := c.utxo[wire.OutPoint{Hash: txid, Index: 0}]; ok {
		return &RejectError{-27, "Transaction outpoint already in utxo set"}
	}
	for _, ti := range tx.TxIn {
		if _, ok := c.poolSpnd[ti.PreviousOutPoint]; ok {
			return &RejectError{rpcVerifyRejected, "txn-mempool-conflict"}
		}
	}
	fee, err := checkTx(tx, c.tip().height+1, c.poolView)
	if err != nil {
		return err
	}
	if maxFee > 0 && fee > maxFee {
		return &RejectError{rpcVerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"}
	}
	if need := (c.minRelay*VSize(tx) + 999) / 1000; fee < need {
		return &RejectError{rpcVerifyRejected, fmt.Sprintf("min relay fee not met, %d < %d", fee, need)}
	}
	c.addToPool(tx)
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error {
		return n.TransactionAddedToMempool(ctx, tx)
	})
	return nil
}

func (c *Chain) addToPool(tx *wire.MsgTx) {
	txid := tx.TxHash()
	c.inPool[txid] = tx
	c.mempool = append(c.mempool, tx)
	for _, ti := range tx.TxIn {
		c.poolSpnd[ti.PreviousOutPoint] = txid
	}
}

func (c *Chain) removeFromPool(txid chainhash.Hash, reason int32) {
	tx, ok := c.inPool[txid]
	if !ok {
		return
	}
	delete(c.inPool, txid)
	for i, t := range c.mempool {
		if t == tx {
			c.mempool = append(c.mempool[:i:i], c.mempool[i+1:]...)
			break
		}
	}
	for _, ti := range tx.TxIn {
		delete(c.poolSpnd, ti.PreviousOutPoint)
	}
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error {
		return n.TransactionRemovedFromMempool(ctx, tx, reason)
	})
}

// InMempool reports whether a transaction is in the mempool.
func (c *Chain) InMempool(txid chainhash.Hash) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.inPool[txid]
	return ok
}

// Mempool returns the mempool transactions in acceptance order.
func (c *Chain) Mempool() []*wire.MsgTx {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*wire.MsgTx(nil), c.mempool...)
}

// Fee returns the fee of a mempool or confirmed transaction whose inputs
// are still known (mempool only, here).
func (c *Chain) Fee(tx *wire.MsgTx) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var in, out int64
	for _, ti := range tx.TxIn {
		co, ok := c.utxo[ti.PreviousOutPoint]
		if !ok {
			p, ok := c.inPool[ti.PreviousOutPoint.Hash]
			if !ok {
				return 0, fmt.Errorf("input %v unknown", ti.PreviousOutPoint)
			}
			co = coin{out: *p.TxOut[ti.PreviousOutPoint.Index]}
		}
		in += co.out.Value
	}
	for _, o := range tx.TxOut {
		out += o.Value
	}
	return in - out, nil
}
