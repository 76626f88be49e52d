package wallet

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

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
// the wallet records it before broadcasting, so balances reflect it at once.
// Once recorded the transaction is sent: a broadcast the node rejects, or
// whose outcome is unknown, is logged, and the transaction stays in the
// wallet with its coins spent, to be submitted again (resubmit).
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
	if fc.discard, err = w.discardRate(ctx); err != nil {
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
	// The transaction is the wallet's now (Core's CommitTransaction), so
	// the broadcast is not the caller's to cancel, and its failure is not
	// the send's: the transaction stays, its coins spent, and is submitted
	// again later.
	w.mu.Lock()
	t := w.txs[res.Txid]
	w.mu.Unlock()
	if t != nil {
		if err := w.submitTx(context.WithoutCancel(ctx), t); err != nil {
			w.logSubmitFailure("CommitTransaction()", t, err)
		}
	}
	return res, nil
}

// changeTypeLocked is Core's TransactionChangeType: -changetype when set;
// legacy when -addresstype is; else the type of a recipient the wallet has
// a change descriptor for (P2TR, P2WPKH, P2SH, P2PKH in that order); else
// bech32m or bech32 when the wallet has them; else -addresstype.
func (w *Wallet) changeTypeLocked(recipients []Recipient) descriptor.OutputType {
	if w.opts.changeType != "" {
		return descriptor.OutputType(w.opts.changeType)
	}
	if w.opts.addressType == string(descriptor.OutputLegacy) {
		return descriptor.OutputLegacy
	}
	paid := map[txscript.ScriptClass]bool{}
	for _, r := range recipients {
		paid[txscript.GetScriptClass(r.Script)] = true
	}
	has := func(t descriptor.OutputType) bool { return w.activeDesc(string(t), true) != nil }
	for _, c := range []struct {
		class txscript.ScriptClass
		typ   descriptor.OutputType
	}{
		{txscript.WitnessV1TaprootTy, descriptor.OutputBech32m},
		{txscript.WitnessV0PubKeyHashTy, descriptor.OutputBech32},
		{txscript.ScriptHashTy, descriptor.OutputP2SHSegwit},
		{txscript.PubKeyHashTy, descriptor.OutputLegacy},
	} {
		if paid[c.class] && has(c.typ) {
			return c.typ
		}
	}
	for _, t := range []descriptor.OutputType{descriptor.OutputBech32m, descriptor.OutputBech32} {
		if has(t) {
			return t
		}
	}
	return descriptor.OutputType(w.opts.addressType)
}

// changeSlot is where change would go (Core's ReserveDestination for the
// change type): the next script of the change descriptor, or, when the
// wallet cannot make one, the error a transaction that needs change fails
// with (a transaction that needs none is still made, as in Core).
type changeSlot struct {
	script   []byte
	spendVB  int64 // virtual size of an input spending it
	unusable error
}

// dummyNestedInputVB is Core's DUMMY_NESTED_P2WPKH_INPUT_SIZE, the spend
// size assumed for change the wallet cannot make.
const dummyNestedInputVB = 91

func (w *Wallet) changeSlotLocked(recipients []Recipient) changeSlot {
	const prefix = "Transaction needs a change address, but we can't generate it."
	typ := w.changeTypeLocked(recipients)
	d := w.activeDesc(string(typ), true)
	if d == nil {
		return changeSlot{spendVB: dummyNestedInputVB, unusable: insufficient(fmt.Sprintf("%s Error: No %s addresses available.", prefix, typ))}
	}
	s, err := d.pub.Script(d.nextIndex)
	if err != nil {
		return changeSlot{spendVB: dummyNestedInputVB, unusable: &Error{Kind: ErrInsufficientFunds, Description: prefix + " " + err.Error(), Err: err}}
	}
	return changeSlot{script: s, spendVB: inputVSize(d.outputType)}
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
	change := w.changeSlotLocked(recipients)
	changeOut := wire.NewTxOut(0, change.script)
	changeFee := feeForSize(rate, int64(changeOut.SerializeSize()))
	discard := fc.discard
	changeSpendFee := feeForSize(discard, change.spendVB)
	minViable := max(changeSpendFee+1, dustThresholdAt(change.script, discard))
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
	// Change when the excess is worth keeping (Core's GetChange); a
	// smaller excess goes to the fee. Change the wallet cannot make fails
	// the transaction: it is never added to the fee or to a payment.
	excess := selected - sum
	if nSFFO == 0 {
		excess -= feeWithChange
	}
	if excess >= minViable && change.unusable != nil {
		return nil, change.unusable
	}
	if nSFFO == 0 {
		if excess >= minViable {
			changeOut.Value, fee = excess, feeWithChange
		} else {
			withoutChange()
			fee = selected - sum
			if fee < feeForSize(rate, vsize(tx)) {
				return nil, insufficient("Insufficient funds")
			}
		}
	} else {
		var toReduce int64
		if excess >= minViable {
			changeOut.Value = excess
			toReduce = feeWithChange
		} else {
			withoutChange()
			toReduce = feeForSize(rate, vsize(tx)) - excess
		}
		hasChange := len(tx.TxOut) > len(recipients)
		first := true
		for i, out := range tx.TxOut {
			if hasChange && i == pos || !recipientSFFO(recipients, i, pos, hasChange) {
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
