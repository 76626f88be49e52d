package wallet

import (
	"context"
	"slices"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// Coin is an unspent wallet output (Core's COutput).
type Coin struct {
	OutPoint wire.OutPoint
	Value    int64
	Script   []byte
	Address  string // "" when the script has none
	Label    *string
	Depth    int32
	// Spendable: the wallet has (or can decrypt) the private key.
	Spendable bool
	Solvable  bool
	// Safe: confirmed, or unconfirmed from the wallet itself.
	Safe bool
	// Desc is the inferred descriptor of the output ("wpkh([fp/path]key)#…");
	// ParentDescs the wallet descriptors it comes from.
	Desc        string
	ParentDescs []string
	Coinbase    bool
	Immature    bool
	// FromMe: the transaction creating it spends wallet coins.
	FromMe bool
	desc   *walletDesc
	index  uint32
}

// CoinFilter selects coins as listunspent's arguments.
type CoinFilter struct {
	MinDepth, MaxDepth int32
	Scripts            map[string]bool // nil: any
	IncludeUnsafe      bool
	IncludeImmature    bool
	MinAmount          int64
	MaxAmount          int64 // 0: unlimited
	MaxCount           int   // 0: unlimited
	MinSumAmount       int64 // 0: unlimited
}

// coinsLocked lists unspent wallet outputs in transaction order. w.mu is
// held.
func (w *Wallet) coinsLocked(f CoinFilter, withDesc bool) []Coin {
	var out []Coin
	cache := map[chainhash.Hash]bool{}
	var sum int64
	for _, t := range w.ordered {
		d := w.depth(t)
		if d < 0 || d < f.MinDepth || d > f.MaxDepth {
			continue
		}
		imm := w.immature(t)
		if imm && !f.IncludeImmature {
			continue
		}
		if t.isCoinbase() && d < 1 {
			continue
		}
		safe := w.isTrusted(t, cache)
		if !safe && !f.IncludeUnsafe {
			continue
		}
		for i := range t.tx.TxOut {
			op := wire.OutPoint{Hash: t.txid, Index: uint32(i)}
			o, ok := w.outputs[op]
			if !ok || w.isSpent(op) {
				continue
			}
			if f.Scripts != nil && !f.Scripts[string(o.script)] {
				continue
			}
			if o.value < f.MinAmount || f.MaxAmount > 0 && o.value > f.MaxAmount {
				continue
			}
			c := w.coinFor(o, d, safe, t, withDesc)
			c.Immature = imm
			out = append(out, c)
			sum += o.value
			if f.MinSumAmount > 0 && sum >= f.MinSumAmount || f.MaxCount > 0 && len(out) >= f.MaxCount {
				return out
			}
		}
	}
	return out
}

func (w *Wallet) coinFor(o *walletOutput, d int32, safe bool, t *walletTx, withDesc bool) Coin {
	c := Coin{OutPoint: o.op, Value: o.value, Script: o.script, Depth: d, Safe: safe, Coinbase: o.coinbase, FromMe: t.fromMe}
	c.Address, _ = descriptor.EncodeAddress(o.script, w.net)
	if e, ok := w.addrBook[c.Address]; ok && c.Address != "" {
		l := e.label
		c.Label = &l
	}
	if si, ok := w.scripts[string(o.script)]; ok && si.desc != nil {
		c.desc, c.index = si.desc, si.index
		c.Solvable = true
		c.Spendable = si.desc.secret != nil
		if withDesc {
			c.Desc, _ = si.desc.pub.ExpandedString(si.index)
			c.ParentDescs = []string{si.desc.pub.String()}
		}
	}
	return c
}

// ListUnspent returns the wallet's unspent outputs matching f.
func (w *Wallet) ListUnspent(ctx context.Context, f CoinFilter) []Coin {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.coinsLocked(f, true)
}

// ParentDescriptors returns the public descriptors that derive script.
func (w *Wallet) ParentDescriptors(script []byte) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.parentDescsLocked(script)
}

func (w *Wallet) parentDescsLocked(script []byte) []string {
	if si, ok := w.scripts[string(script)]; ok && si.desc != nil {
		return []string{si.desc.pub.String()}
	}
	return []string{}
}

// spendableCoins are the coins coin selection may use: safe, mature,
// spendable, with at least minDepth confirmations.
func (w *Wallet) spendableCoins(minDepth int32) []Coin {
	coins := w.coinsLocked(CoinFilter{MinDepth: minDepth, MaxDepth: 9999999}, false)
	return slices.DeleteFunc(coins, func(c Coin) bool { return !c.Spendable })
}
