package node

import (
	"bytes"
	"sort"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/mempool"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// MempoolEntry is a mempool transaction with Core's entry data
// (getmempoolentry, getrawmempool true).
type MempoolEntry struct {
	Tx     *wire.MsgTx
	TxID   chainhash.Hash
	Fee    int64
	VSize  int64
	Weight int64
	Time   time.Time
	Height int32
	// Depends are the in-mempool parents (sorted as Core: by hex), SpentBy
	// the in-mempool children.
	Depends, SpentBy []chainhash.Hash
	// Ancestor and descendant counts, virtual sizes and fees include the
	// transaction itself.
	AncestorCount, DescendantCount int64
	AncestorSize, DescendantSize   int64
	AncestorFees, DescendantFees   int64
	// BIP125Replaceable: the transaction or an in-mempool ancestor signals
	// replaceability (nSequence <= 0xfffffffd).
	BIP125Replaceable bool
	// Unbroadcast: submitted locally and not yet announced to a peer (always
	// so without P2P).
	Unbroadcast bool
}

// MempoolEntries returns every mempool transaction in Core's entryAll
// order: fewest in-mempool ancestors first, then highest fee rate.
func (n *Node) MempoolEntries() []MempoolEntry {
	n.mu.Lock()
	defer n.mu.Unlock()
	g := n.poolGraph()
	out := make([]MempoolEntry, 0, len(g.descs))
	for h := range g.descs {
		out = append(out, n.entry(g, h))
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.AncestorCount != b.AncestorCount {
			return a.AncestorCount < b.AncestorCount
		}
		f1, f2 := float64(a.Fee)*float64(b.VSize), float64(b.Fee)*float64(a.VSize)
		if f1 == f2 {
			return bytes.Compare(b.TxID[:], a.TxID[:]) < 0
		}
		return f1 > f2
	})
	return out
}

// MempoolEntry returns one mempool transaction's entry.
func (n *Node) MempoolEntry(txid chainhash.Hash) (MempoolEntry, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.pool.IsTransactionInPool(&txid) {
		return MempoolEntry{}, false
	}
	return n.entry(n.poolGraph(), txid), true
}

// MempoolTxIDs returns the txids in the mempool, in MempoolEntries' order.
func (n *Node) MempoolTxIDs() []chainhash.Hash {
	entries := n.MempoolEntries()
	out := make([]chainhash.Hash, len(entries))
	for i := range entries {
		out[i] = entries[i].TxID
	}
	return out
}

func (n *Node) entry(g *poolGraph, h chainhash.Hash) MempoolEntry {
	d := g.descs[h]
	msg := d.Tx.MsgTx()
	e := MempoolEntry{
		Tx:     msg,
		TxID:   h,
		Fee:    d.Fee,
		VSize:  mempool.GetTxVirtualSize(d.Tx),
		Weight: txWeight(msg),
		Time:   d.Added,
		Height: d.Height,
	}
	e.Depends = g.parents(msg)
	sort.Slice(e.Depends, func(i, j int) bool { return e.Depends[i].String() < e.Depends[j].String() })
	e.SpentBy = append([]chainhash.Hash(nil), g.children[h]...)
	sort.Slice(e.SpentBy, func(i, j int) bool { return bytes.Compare(e.SpentBy[i][:], e.SpentBy[j][:]) < 0 })
	anc := g.ancestors(msg)
	anc[h] = true
	for a := range anc {
		ad := g.descs[a]
		e.AncestorCount++
		e.AncestorSize += mempool.GetTxVirtualSize(ad.Tx)
		e.AncestorFees += ad.Fee
		if signalsRBF(ad.Tx.MsgTx()) {
			e.BIP125Replaceable = true
		}
	}
	for c := range g.descendants(h) {
		cd := g.descs[c]
		e.DescendantCount++
		e.DescendantSize += mempool.GetTxVirtualSize(cd.Tx)
		e.DescendantFees += cd.Fee
	}
	_, e.Unbroadcast = n.unbroadcast[h]
	return e
}

func signalsRBF(tx *wire.MsgTx) bool {
	for _, in := range tx.TxIn {
		if in.Sequence <= 0xfffffffd {
			return true
		}
	}
	return false
}

// MempoolSequence is Core's mempool sequence number (getrawmempool's
// mempool_sequence): it grows by one for every transaction added to or
// removed from the mempool.
func (n *Node) MempoolSequence() uint64 { return n.poolSeq.Load() }

// MempoolInfo is getmempoolinfo's data.
type MempoolInfo struct {
	Size, Bytes, Usage, TotalFee, MaxMempool int64
	// Fee rates in satoshis per kvB.
	MempoolMinFee, MinRelayTxFee, IncrementalRelayFee int64
	Unbroadcast                                       int64
	FullRBF, PermitBareMultisig                       bool
	// MaxDataCarrierSize is -datacarriersize (0 when -datacarrier=0).
	MaxDataCarrierSize int64
}

// MempoolInfo returns the mempool's totals and settings.
func (n *Node) MempoolInfo() MempoolInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	info := MempoolInfo{
		MaxMempool:          n.policy.maxMempool,
		MempoolMinFee:       n.policy.minRelayFee,
		MinRelayTxFee:       n.policy.minRelayFee,
		IncrementalRelayFee: n.policy.incrementalFee,
		Unbroadcast:         int64(len(n.unbroadcast)),
		FullRBF:             true,
		PermitBareMultisig:  n.policy.permitBareMultisig,
		MaxDataCarrierSize:  int64(max(n.policy.maxDataCarrier, 0)),
	}
	for _, d := range n.pool.TxDescs() {
		info.Size++
		info.Bytes += mempool.GetTxVirtualSize(d.Tx)
		info.TotalFee += d.Fee
		// An estimate of Core's DynamicMemoryUsage: the transaction and
		// its entry, index and link overheads.
		info.Usage += int64(d.Tx.MsgTx().SerializeSize())*2 + 500
	}
	return info
}

// MempoolTx returns a mempool transaction.
func (n *Node) MempoolTx(txid chainhash.Hash) (*wire.MsgTx, bool) {
	tx, err := n.pool.FetchTransaction(&txid)
	if err != nil {
		return nil, false
	}
	return tx.MsgTx(), true
}

// Coin is an unspent output (gettxout).
type Coin struct {
	Value    int64
	PkScript []byte
	// Height is the height of the block that created it; -1 for an output
	// of a mempool transaction.
	Height   int32
	Coinbase bool
}

// UnspentOutput looks an output up in the UTXO set, and with
// includeMempool also among mempool transactions' outputs, treating
// outputs spent by the mempool as gone (Core's gettxout). It also returns
// the tip the answer refers to.
func (n *Node) UnspentOutput(op wire.OutPoint, includeMempool bool) (*Coin, chainhash.Hash, int32, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	tip := n.chain.BestSnapshot()
	c := n.unspentOutput(op, includeMempool)
	return c, tip.Hash, tip.Height, c != nil
}

// UnspentOutputs looks several outputs up as UnspentOutput does, all
// against one state of the chain and mempool, and returns the tip they
// refer to (REST getutxos). A nil entry is an output not found.
func (n *Node) UnspentOutputs(ops []wire.OutPoint, includeMempool bool) ([]*Coin, chainhash.Hash, int32) {
	n.mu.Lock()
	defer n.mu.Unlock()
	tip := n.chain.BestSnapshot()
	out := make([]*Coin, len(ops))
	for i, op := range ops {
		out[i] = n.unspentOutput(op, includeMempool)
	}
	return out, tip.Hash, tip.Height
}

// unspentOutput is UnspentOutput's lookup; n.mu is held.
func (n *Node) unspentOutput(op wire.OutPoint, includeMempool bool) *Coin {
	if includeMempool {
		if n.pool.CheckSpend(op) != nil {
			return nil
		}
		if tx, err := n.pool.FetchTransaction(&op.Hash); err == nil {
			outs := tx.MsgTx().TxOut
			if int(op.Index) >= len(outs) {
				return nil
			}
			o := outs[op.Index]
			return &Coin{Value: o.Value, PkScript: o.PkScript, Height: -1}
		}
	}
	e, err := n.chain.FetchUtxoEntry(op)
	if err != nil || e == nil || e.IsSpent() {
		return nil
	}
	return &Coin{Value: e.Amount(), PkScript: e.PkScript(), Height: e.BlockHeight(), Coinbase: e.IsCoinBase()}
}

// RelayFees returns the minimum relay and incremental relay fee rates in
// satoshis per kvB.
func (n *Node) RelayFees() (minRelay, incremental int64) {
	return n.policy.minRelayFee, n.policy.incrementalFee
}
