package wallet

import (
	"context"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// TxInfo is what Core's WalletTxToJSON says about a wallet transaction.
type TxInfo struct {
	Confirmations int32
	Generated     bool
	// Trusted is set for unconfirmed transactions only.
	Trusted          *bool
	Confirmed        bool
	BlockHash        chainhash.Hash
	BlockHeight      int32
	BlockIndex       int
	BlockTime        int64
	Txid             chainhash.Hash
	Wtxid            chainhash.Hash
	WalletConflicts  []chainhash.Hash
	MempoolConflicts []chainhash.Hash
	Time             int64
	TimeReceived     int64
	BIP125           string // "yes", "no", "unknown"
	Comment          string
	To               string
}

// TxEntry is one line of listtransactions or of gettransaction's details.
type TxEntry struct {
	Address     string // "" when the output has none
	Category    string // send, receive, generate, immature, orphan
	Amount      int64  // negative for send
	Label       *string
	Vout        uint32
	Fee         *int64 // send only, negative
	Abandoned   bool
	ParentDescs []string // receive categories only
	Info        *TxInfo  // listtransactions only
}

// TxDetail is gettransaction's result.
type TxDetail struct {
	Amount  int64
	Fee     *int64
	Info    TxInfo
	Details []TxEntry
	Tx      *wire.MsgTx
	Last    LastBlock
}

// LastBlock is the wallet's last processed block.
type LastBlock struct {
	Hash   chainhash.Hash
	Height int32
}

// isChange is Core's OutputIsChange: a wallet script without an address
// book entry.
func (w *Wallet) isChange(script []byte) bool {
	if _, mine := w.scripts[string(script)]; !mine {
		return false
	}
	addr, ok := descriptor.EncodeAddress(script, w.net)
	if !ok {
		return true
	}
	_, known := w.addrBook[addr]
	return !known
}

// txInfo is Core's WalletTxToJSON. w.mu is held.
func (w *Wallet) txInfo(t *walletTx, cache map[chainhash.Hash]bool) TxInfo {
	d := w.depth(t)
	info := TxInfo{Confirmations: d, Generated: t.isCoinbase(), Txid: t.txid, Wtxid: t.tx.WitnessHash(),
		Time: t.timeSmart, TimeReceived: t.timeReceived, Comment: t.comment, To: t.commentTo,
		WalletConflicts: w.conflicts(t), MempoolConflicts: []chainhash.Hash{}}
	if info.Time == 0 {
		info.Time = t.timeReceived
	}
	if t.state == stateConfirmed {
		info.Confirmed = true
		info.BlockHash, info.BlockHeight, info.BlockIndex, info.BlockTime = t.blockHash, t.blockHeight, t.blockIndex, t.blockTime
	} else {
		trusted := w.isTrusted(t, cache)
		info.Trusted = &trusted
	}
	info.BIP125 = "no"
	if d <= 0 {
		info.BIP125 = w.rbfState(t)
	}
	return info
}

// conflicts are the other wallet transactions spending an input of t
// (Core's GetTxConflicts).
func (w *Wallet) conflicts(t *walletTx) []chainhash.Hash {
	out := []chainhash.Hash{}
	if t.isCoinbase() {
		return out
	}
	for _, in := range t.tx.TxIn {
		for _, s := range w.spenders[in.PreviousOutPoint] {
			if s != t.txid {
				out = append(out, s)
			}
		}
	}
	return out
}

func signalsRBF(tx *wire.MsgTx) bool {
	for _, in := range tx.TxIn {
		if in.Sequence <= maxBIP125RBFSequence {
			return true
		}
	}
	return false
}

// rbfState is Core's isRBFOptIn as far as the wallet can tell: the
// transaction or an unconfirmed wallet ancestor signals; otherwise "no" in
// the mempool and "unknown" outside it.
func (w *Wallet) rbfState(t *walletTx) string {
	seen := map[chainhash.Hash]bool{}
	var walk func(t *walletTx) bool
	walk = func(t *walletTx) bool {
		if seen[t.txid] {
			return false
		}
		seen[t.txid] = true
		if signalsRBF(t.tx) {
			return true
		}
		for _, in := range t.tx.TxIn {
			if p, ok := w.txs[in.PreviousOutPoint.Hash]; ok && p.state != stateConfirmed && walk(p) {
				return true
			}
		}
		return false
	}
	switch {
	case walk(t):
		return "yes"
	case t.state == stateMempool:
		return "no"
	}
	return "unknown"
}

// entries is Core's ListTransactions for one transaction. w.mu is held.
func (w *Wallet) entries(t *walletTx, minDepth int32, long bool, label *string, cache map[chainhash.Hash]bool) []TxEntry {
	debit := w.debit(t.tx)
	var fee int64
	if debit > 0 {
		var out int64
		for _, o := range t.tx.TxOut {
			out += o.Value
		}
		fee = debit - out
	}
	var info *TxInfo
	if long {
		i := w.txInfo(t, cache)
		info = &i
	}
	abandoned := t.state == stateAbandoned
	var sent, received []TxEntry
	for i, o := range t.tx.TxOut {
		_, mine := w.scripts[string(o.PkScript)]
		if debit > 0 {
			if w.isChange(o.PkScript) {
				continue
			}
		} else if !mine {
			continue
		}
		addr, _ := descriptor.EncodeAddress(o.PkScript, w.net)
		var lbl *string
		if e, ok := w.addrBook[addr]; ok && addr != "" {
			l := e.label
			lbl = &l
		}
		if debit > 0 && label == nil {
			f := -fee
			sent = append(sent, TxEntry{Address: addr, Category: "send", Amount: -o.Value, Label: lbl, Vout: uint32(i),
				Fee: &f, Abandoned: abandoned, Info: info})
		}
		if mine && w.depth(t) >= minDepth {
			if l := ""; label != nil {
				if lbl != nil {
					l = *lbl
				}
				if l != *label {
					continue
				}
			}
			cat := "receive"
			if t.isCoinbase() {
				switch {
				case w.depth(t) < 1:
					cat = "orphan"
				case w.immature(t):
					cat = "immature"
				default:
					cat = "generate"
				}
			}
			received = append(received, TxEntry{Address: addr, Category: cat, Amount: o.Value, Label: lbl, Vout: uint32(i),
				Abandoned: abandoned, ParentDescs: w.parentDescsLocked(o.PkScript), Info: info})
		}
	}
	return append(sent, received...)
}

// ListTransactions is Core's listtransactions: up to count entries after
// skipping skip, newest transactions first, returned oldest to newest;
// label filters incoming entries.
func (w *Wallet) ListTransactions(ctx context.Context, label *string, count, skip int) []TxEntry {
	w.mu.Lock()
	defer w.mu.Unlock()
	cache := map[chainhash.Hash]bool{}
	var ret []TxEntry
	for i := len(w.ordered) - 1; i >= 0; i-- {
		ret = append(ret, w.entries(w.ordered[i], 0, true, label, cache)...)
		if len(ret) >= count+skip {
			break
		}
	}
	skip = min(skip, len(ret))
	count = min(count, len(ret)-skip)
	out := make([]TxEntry, 0, count)
	for i := skip + count - 1; i >= skip; i-- {
		out = append(out, ret[i])
	}
	return out
}

// GetTransaction is Core's gettransaction.
func (w *Wallet) GetTransaction(ctx context.Context, txid chainhash.Hash) (*TxDetail, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[txid]
	if !ok {
		return nil, newErr(ErrTxNotFound, "Invalid or non-wallet transaction id")
	}
	cache := map[chainhash.Hash]bool{}
	var credit int64
	if !w.immature(t) {
		credit = w.credit(t, false)
	}
	debit := w.debit(t.tx)
	var out int64
	for _, o := range t.tx.TxOut {
		out += o.Value
	}
	d := &TxDetail{Info: w.txInfo(t, cache), Details: w.entries(t, 0, false, nil, cache), Tx: t.tx,
		Last: LastBlock{w.lastBlock.Hash, w.lastBlock.Height}}
	var fee int64
	if debit > 0 {
		fee = out - debit
		d.Fee = &fee
	}
	d.Amount = credit - debit - fee
	return d, nil
}

// LastProcessedBlock returns the wallet's last processed block.
func (w *Wallet) LastProcessedBlock() LastBlock {
	w.mu.Lock()
	defer w.mu.Unlock()
	return LastBlock{w.lastBlock.Hash, w.lastBlock.Height}
}
