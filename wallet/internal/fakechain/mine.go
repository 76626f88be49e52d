package fakechain

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Subsidy is regtest's block subsidy at height (halving every 150 blocks).
func Subsidy(height int32) int64 {
	halvings := uint(height / 150)
	if halvings >= 64 {
		return 0
	}
	return (50 * 100_000_000) >> halvings
}

// Generate mines n blocks paying script, the first including the whole
// mempool, and returns their hashes.
func (c *Chain) Generate(n int, script []byte) []chainhash.Hash {
	var out []chainhash.Hash
	for i := 0; i < n; i++ {
		h, err := c.GenerateBlock(script, nil, true)
		if err != nil {
			panic(fmt.Sprintf("fakechain: mining from the mempool failed: %v", err))
		}
		out = append(out, h)
	}
	return out
}

// GenerateBlock mines one block paying script with txs (validated in
// order) after the mempool's transactions when withMempool.
func (c *Chain) GenerateBlock(script []byte, txs []*wire.MsgTx, withMempool bool) (chainhash.Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var body []*wire.MsgTx
	if withMempool {
		body = append(body, c.mempool...)
	}
	body = append(body, txs...)
	height := c.tip().height + 1
	// Fees, checked against a scratch view.
	scratch := map[wire.OutPoint]*coin{}
	lookup := func(op wire.OutPoint) (coin, bool) {
		if co, ok := scratch[op]; ok {
			if co == nil {
				return coin{}, false
			}
			return *co, true
		}
		co, ok := c.utxo[op]
		return co, ok
	}
	var fees int64
	for _, tx := range body {
		fee, err := checkTx(tx, height, lookup)
		if err != nil {
			return chainhash.Hash{}, err
		}
		fees += fee
		for _, ti := range tx.TxIn {
			scratch[ti.PreviousOutPoint] = nil
		}
		txid := tx.TxHash()
		for i, o := range tx.TxOut {
			scratch[wire.OutPoint{Hash: txid, Index: uint32(i)}] = &coin{out: *o, height: height}
		}
	}
	c.extraNonce++
	cb := wire.NewMsgTx(2)
	sig := make([]byte, 0, 16)
	sig = append(sig, 4)
	sig = binary.LittleEndian.AppendUint32(sig, uint32(height))
	sig = append(sig, 4)
	sig = binary.LittleEndian.AppendUint32(sig, c.extraNonce)
	cb.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Index: wire.MaxPrevOutIndex}, SignatureScript: sig, Sequence: wire.MaxTxInSequenceNum})
	cb.AddTxOut(wire.NewTxOut(Subsidy(height)+fees, script))
	prev := c.tip()
	c.clock++
	ts := max(c.clock, prev.time+1, time.Now().Unix()-3600)
	block := &wire.MsgBlock{Header: wire.BlockHeader{Version: 0x20000000, PrevBlock: prev.hash,
		Timestamp: time.Unix(ts, 0), Bits: 0x207fffff, Nonce: c.extraNonce}}
	block.Transactions = append([]*wire.MsgTx{cb}, body...)
	block.Header.MerkleRoot = merkleRoot(block.Transactions)
	return c.connectLocked(block)
}

func merkleRoot(txs []*wire.MsgTx) chainhash.Hash {
	level := make([]chainhash.Hash, len(txs))
	for i, tx := range txs {
		level[i] = tx.TxHash()
	}
	for len(level) > 1 {
		if len(level)%2 == 1 {
			level = append(level, level[len(level)-1])
		}
		next := make([]chainhash.Hash, len(level)/2)
		for i := range next {
			var buf [64]byte
			copy(buf[:32], level[2*i][:])
			copy(buf[32:], level[2*i+1][:])
			next[i] = chainhash.DoubleHashH(buf[:])
		}
		level = next
	}
	return level[0]
}

// connectLocked appends a valid block to the active chain.
func (c *Chain) connectLocked(block *wire.MsgBlock) (chainhash.Hash, error) {
	prev := c.tip()
	e := &blockEntry{block: block, hash: block.BlockHash(), height: prev.height + 1, time: block.Header.Timestamp.Unix()}
	for i, tx := range block.Transactions {
		txid := tx.TxHash()
		if i > 0 {
			for _, ti := range tx.TxIn {
				co := c.utxo[ti.PreviousOutPoint]
				e.undo = append(e.undo, spent{op: ti.PreviousOutPoint, coin: co})
				delete(c.utxo, ti.PreviousOutPoint)
			}
		}
		for j, o := range tx.TxOut {
			c.utxo[wire.OutPoint{Hash: txid, Index: uint32(j)}] = coin{out: *o, height: e.height, coinbase: i == 0}
		}
	}
	c.index[e.hash] = e
	c.active = append(c.active, e)
	// Mined transactions leave the mempool silently (Core emits no
	// removal for reason BLOCK); conflicting ones are removed.
	for _, tx := range block.Transactions[1:] {
		txid := tx.TxHash()
		if _, ok := c.inPool[txid]; ok {
			c.dropFromPool(txid)
		}
	}
	for _, tx := range block.Transactions[1:] {
		for _, ti := range tx.TxIn {
			if other, ok := c.poolSpnd[ti.PreviousOutPoint]; ok {
				c.removeWithDescendants(other, interfaces.RemovalConflict)
			}
		}
	}
	info := interfaces.BlockInfo{Hash: e.hash, PrevHash: prev.hash, Height: e.height, Time: e.time, Block: block}
	ref := interfaces.BlockRef{Hash: e.hash, Height: e.height}
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error { return n.BlockConnected(ctx, info) })
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error { return n.UpdatedBlockTip(ctx, ref) })
	return e.hash, nil
}

// dropFromPool removes a mined transaction without notification.
func (c *Chain) dropFromPool(txid chainhash.Hash) {
	tx := c.inPool[txid]
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
}

func (c *Chain) removeWithDescendants(txid chainhash.Hash, reason int32) {
	tx, ok := c.inPool[txid]
	if !ok {
		return
	}
	for i := range tx.TxOut {
		if child, ok := c.poolSpnd[wire.OutPoint{Hash: txid, Index: uint32(i)}]; ok {
			c.removeWithDescendants(child, reason)
		}
	}
	c.removeFromPool(txid, reason)
}

// DisconnectTip disconnects the active tip (as invalidateblock would), puts
// its transactions back into the mempool when still valid, and notifies.
func (c *Chain) DisconnectTip() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.active) == 1 {
		return fmt.Errorf("fakechain: cannot disconnect genesis")
	}
	e := c.tip()
	for i := len(e.block.Transactions) - 1; i >= 0; i-- {
		tx := e.block.Transactions[i]
		txid := tx.TxHash()
		for j := range tx.TxOut {
			delete(c.utxo, wire.OutPoint{Hash: txid, Index: uint32(j)})
		}
	}
	for _, s := range e.undo {
		c.utxo[s.op] = s.coin
	}
	c.active = c.active[:len(c.active)-1]
	prev := c.tip()
	info := interfaces.BlockInfo{Hash: e.hash, PrevHash: prev.hash, Height: e.height, Time: e.time, Block: e.block}
	ref := interfaces.BlockRef{Hash: prev.hash, Height: prev.height}
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error {
		return n.BlockDisconnected(ctx, info)
	})
	for _, tx := range e.block.Transactions[1:] {
		_ = c.acceptLocked(tx, 0) // invalid ones are dropped, as Core does
	}
	c.notify(func(ctx context.Context, n interfaces.ChainNotifications) error { return n.UpdatedBlockTip(ctx, ref) })
	return nil
}
