package wallet

import (
	"context"
	"math/rand/v2"
	"slices"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// maxStandardTxWeight is Core's MAX_STANDARD_TX_WEIGHT.
const maxStandardTxWeight = 400_000

// Recipient is one output of a payment.
type Recipient struct {
	Address     string
	Script      []byte
	Amount      int64 // satoshis
	SubtractFee bool  // pay (a share of) the fee from this output
}

// SendOptions are sendtoaddress/sendmany's fee and bookkeeping options.
type SendOptions struct {
	FeeRate     *int64 // explicit rate in sat/kvB (fee_rate in sat/vB × 1000)
	ConfTarget  *int32 // blocks, for fee estimation
	Replaceable *bool  // BIP125 signalling; nil: -walletrbf (Core's default true)
	Comment     string
	CommentTo   string
}

// SendResult is a committed and broadcast transaction.
type SendResult struct {
	Txid      chainhash.Hash
	Tx        *wire.MsgTx
	Fee       int64
	FeeReason string
}

// Send creates, signs, records and broadcasts a transaction paying the
// recipients, as Core's SendMoney (CreateTransaction + CommitTransaction):
// the wallet records it before broadcasting, so balances reflect it at once;
// a broadcast the node rejects removes it again and returns the node's
// error with its code.
func (w *Wallet) Send(ctx context.Context, recipients []Recipient, o SendOptions) (*SendResult, error) {
	if err := w.BlockUntilSynced(ctx); err != nil {
		return nil, err
	}
	w.mu.Lock()
	switch {
	case w.closed:
		w.mu.Unlock()
		return nil, newErr(ErrNotFound, "Requested wallet does not exist or is not loaded")
	case w.flags&FlagDisablePrivateKeys != 0:
		w.mu.Unlock()
		return nil, newErr(ErrWallet, "Error: Private keys are disabled for this wallet")
	case w.lockedLocked():
		w.mu.Unlock()
		return nil, errLocked
	}
	w.mu.Unlock()
	fc, err := w.chooseFeeRate(ctx, &o)
	if err != nil {
		return nil, err
	}
	tip, err := w.chain.GetTip(ctx)
	if err != nil {
		return nil, err
	}
	ibd, err := w.chain.IsInitialBlockDownload(ctx)
	if err != nil {
		return nil, err
	}
	lockTime := uint32(tip.Height)
	if ibd {
		lockTime = 0
	}

	w.mu.Lock()
	res, err := w.createTxLocked(ctx, recipients, o, fc, lockTime)
	w.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if !w.opts.broadcast {
		return res, nil
	}
	berr := w.chain.BroadcastTransaction(ctx, res.Tx, w.opts.maxTxFee)
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[res.Txid]
	if !ok || w.closed {
		return res, berr
	}
	b := newBatch()
	if berr != nil {
		if t.state == stateInactive {
			w.removeTxLocked(t, b)
			w.commit(ctx, b) //nolint:errcheck // logged; the broadcast error is what matters
		}
		code, msg := rpc.ErrorCode(berr)
		return nil, &Error{Kind: ErrWallet, Description: msg, Code: code, Err: berr}
	}
	// In the mempool now. The file keeps "inactive": whether a transaction
	// is in the mempool is not durable anyway (after a restart every
	// unconfirmed transaction is resubmitted), and this saves an fsync.
	if t.state == stateInactive {
		t.state = stateMempool
	}
	return res, nil
}

// changeDescLocked picks the change descriptor as Core's TransactionChangeType.
func (w *Wallet) changeDescLocked(recipients []Recipient) *walletDesc {
	if w.opts.changeType != "" {
		return w.activeDesc(w.opts.changeType, true)
	}
	var anyTR, anyV0 bool
	for _, r := range recipients {
		if len(r.Script) == 34 && r.Script[0] == 0x51 && r.Script[1] == 32 {
			anyTR = true
		}
		if isWitnessProgram(r.Script) && r.Script[0] == 0 {
			anyV0 = true
		}
	}
	if d := w.activeDesc(string(descriptor.OutputBech32m), true); anyTR && d != nil {
		return d
	}
	if d := w.activeDesc(string(descriptor.OutputBech32), true); anyV0 && d != nil {
		return d
	}
	if d := w.activeDesc(w.opts.addressType, true); d != nil {
		return d
	}
	for _, d := range w.descs {
		if d.active && d.internal {
			return d
		}
	}
	return nil
}

func insufficient(msg string) error { return newErr(ErrInsufficientFunds, msg) }

// createTxLocked is Core's CreateTransactionInternal followed by the
// wallet half of CommitTransaction. w.mu is held.
func (w *Wallet) createTxLocked(ctx context.Context, recipients []Recipient, o SendOptions, fc feeChoice, lockTime uint32) (*SendResult, error) {
	if len(recipients) == 0 {
		return nil, insufficient("Transaction must have at least one recipient")
	}
	var sum int64
	nSFFO := 0
	for _, r := range recipients {
		if r.Amount < 0 {
			return nil, insufficient("Transaction amounts must not be negative")
		}
		sum += r.Amount
		if r.SubtractFee {
			nSFFO++
		}
	}
	recipients = slices.Clone(recipients)
	rand.Shuffle(len(recipients), func(i, j int) { recipients[i], recipients[j] = recipients[j], recipients[i] })
	tx := wire.NewMsgTx(2)
	tx.LockTime = lockTime
	noInputsSize := int64(10 + wireVarIntSize(len(recipients)))
	for _, r := range recipients {
		out := wire.NewTxOut(r.Amount, r.Script)
		noInputsSize += int64(out.SerializeSize())
		if r.Amount < dustThreshold(r.Script) {
			return nil, insufficient("Transaction amount too small")
		}
		tx.AddTxOut(out)
	}
	rbf := w.opts.walletRBF
	if o.FeeRate != nil {
		rbf = true
	}
	if o.Replaceable != nil {
		rbf = *o.Replaceable
	}
	seq := uint32(maxSequenceNonFinal)
	if rbf {
		seq = maxBIP125RBFSequence
	}

	rate := fc.rate
	changeDesc := w.changeDescLocked(recipients)
	var changeScript []byte
	changeType := descriptor.OutputBech32
	if changeDesc != nil {
		s, err := changeDesc.pub.Script(changeDesc.nextIndex)
		if err != nil {
			return nil, insufficient("Transaction needs a change address, but we can't generate it.")
		}
		changeScript, changeType = s, changeDesc.outputType
	} else {
		changeScript = make([]byte, 22) // size only
	}
	changeOut := wire.NewTxOut(0, changeScript)
	changeFee := feeForSize(rate, int64(changeOut.SerializeSize()))
	changeSpendFee := feeForSize(w.opts.discardFee, inputVSize(changeType))
	minViable := max(changeSpendFee+1, dustThreshold(changeScript))
	costOfChange := changeFee + changeSpendFee
	nonInputFee := feeForSize(rate, noInputsSize)

	target := sum
	if nSFFO == 0 {
		target += nonInputFee
	}
	var cs []candidate
	var sel []int
	for _, minDepth := range []int32{1, 0} {
		cs = candidates(w.spendableCoins(minDepth), rate, nSFFO > 0)
		if nSFFO == 0 {
			sel = selectBnB(cs, target, costOfChange)
		}
		if sel == nil {
			sel = selectWithChange(cs, target, changeFee+minViable)
		}
		if sel != nil {
			break
		}
	}
	if sel == nil {
		return nil, insufficient("Insufficient funds")
	}
	coins := make([]Coin, len(sel))
	for i, k := range sel {
		coins[i] = cs[k].coin
	}
	rand.Shuffle(len(coins), func(i, j int) { coins[i], coins[j] = coins[j], coins[i] })
	var selected int64
	for _, c := range coins {
		selected += c.Value
		in := wire.NewTxIn(&c.OutPoint, nil, dummyWitness(c.desc.outputType))
		in.Sequence = seq
		tx.AddTxIn(in)
	}

	// Change, at a random position, when it is worth having.
	pos := rand.IntN(len(tx.TxOut) + 1)
	tx.TxOut = slices.Insert(tx.TxOut, pos, changeOut)
	feeWithChange := feeForSize(rate, vsize(tx))
	withoutChange := func() { tx.TxOut = slices.Delete(tx.TxOut, pos, pos+1) }
	var fee int64
	if nSFFO == 0 {
		change := selected - sum - feeWithChange
		if changeDesc != nil && change >= minViable {
			changeOut.Value, fee = change, feeWithChange
		} else {
			withoutChange()
			fee = selected - sum
			if fee < feeForSize(rate, vsize(tx)) {
				return nil, insufficient("Insufficient funds")
			}
		}
	} else {
		var toReduce int64
		if change := selected - sum; changeDesc != nil && change >= minViable {
			changeOut.Value = change
			toReduce = feeWithChange
		} else {
			withoutChange()
			toReduce = feeForSize(rate, vsize(tx)) - (selected - sum)
		}
		first := true
		for i, out := range tx.TxOut {
			if changeDesc != nil && out == changeOut {
				continue
			}
			if !recipientSFFO(recipients, i, pos, len(tx.TxOut) > len(recipients)) {
				continue
			}
			out.Value -= toReduce / int64(nSFFO)
			if first {
				out.Value -= toReduce % int64(nSFFO)
				first = false
			}
			if out.Value < dustThreshold(out.PkScript) {
				if out.Value < 0 {
					return nil, insufficient("The transaction amount is too small to pay the fee")
				}
				return nil, insufficient("The transaction amount is too small to send after the fee has been deducted")
			}
		}
		fee = selected
		for _, out := range tx.TxOut {
			fee -= out.Value
		}
	}
	if fee > w.opts.maxTxFee {
		return nil, insufficient("Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	}
	if weight := int64(tx.SerializeSizeStripped()*3 + tx.SerializeSize()); weight > maxStandardTxWeight {
		return nil, insufficient("Transaction too large")
	}
	if err := w.signTx(tx, coins); err != nil {
		return nil, err
	}

	t := &walletTx{tx: tx, txid: tx.TxHash(), orderPos: w.nextOrder, timeReceived: now(), state: stateInactive,
		fromMe: true, comment: o.Comment, commentTo: o.CommentTo}
	t.timeSmart = t.timeReceived
	w.nextOrder++
	b := newBatch()
	w.recordTx(t, b)
	if err := w.commit(ctx, b); err != nil {
		return nil, err
	}
	return &SendResult{Txid: t.txid, Tx: tx, Fee: fee, FeeReason: fc.reason}, nil
}

// recipientSFFO reports whether output i (after the change output was
// inserted at pos, when hasChange) is a recipient paying the fee.
func recipientSFFO(recipients []Recipient, i, pos int, hasChange bool) bool {
	if hasChange && i > pos {
		i--
	}
	return i < len(recipients) && recipients[i].SubtractFee
}

// removeTxLocked forgets a transaction the node refused. w.mu is held.
func (w *Wallet) removeTxLocked(t *walletTx, b *batch) {
	delete(w.txs, t.txid)
	w.ordered = slices.DeleteFunc(w.ordered, func(x *walletTx) bool { return x == t })
	for i := range t.tx.TxOut {
		delete(w.outputs, wire.OutPoint{Hash: t.txid, Index: uint32(i)})
	}
	for _, in := range t.tx.TxIn {
		w.spenders[in.PreviousOutPoint] = slices.DeleteFunc(w.spenders[in.PreviousOutPoint],
			func(h chainhash.Hash) bool { return h == t.txid })
		if len(w.spenders[in.PreviousOutPoint]) == 0 {
			delete(w.spenders, in.PreviousOutPoint)
		}
	}
	b.delTxs = append(b.delTxs, t.txid)
}
