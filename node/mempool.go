package node

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/mempool"
	"github.com/btcsuite/btcd/mining"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Core's TransactionError texts (common/messages.cpp).
const (
	msgAlreadyInUTXOSet = "Transaction outputs already in utxo set"
	msgMaxFeeExceeded   = "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"
)

func (n *Node) mempoolConfig() *mempool.Config {
	return &mempool.Config{
		Policy: mempool.Policy{
			MaxTxVersion:         txMaxStandardVersion,
			DisableRelayPriority: true,
			AcceptNonStd:         !n.policy.requireStandard,
			FreeTxRelayLimit:     0,
			MaxOrphanTxs:         0,
			MaxOrphanTxSize:      0,
			MaxSigOpCostPerTx:    maxStandardTxSigOpsCost,
			MinRelayTxFee:        btcutil.Amount(n.policy.minRelayFee),
			RejectReplacement:    false,
		},
		ChainParams:   n.params,
		FetchUtxoView: n.chain.FetchUtxoView,
		BestHeight:    func() int32 { return n.chain.BestSnapshot().Height },
		MedianTimePast: func() time.Time {
			return n.chain.BestSnapshot().MedianTime
		},
		CalcSequenceLock: func(tx *btcutil.Tx, view *blockchain.UtxoViewpoint) (*blockchain.SequenceLock, error) {
			return n.chain.CalcSequenceLock(tx, view, true)
		},
		IsDeploymentActive: n.chain.IsDeploymentActive,
		SigCache:           n.sigCache,
		HashCache:          n.hashCache,
	}
}

// txReject is a mempool rejection: Core's reject reason and debug message
// (TxValidationState::ToString joins them with ", "), and whether inputs
// were missing (Core's TX_MISSING_INPUTS, RPC_TRANSACTION_ERROR).
type txReject struct {
	missingInputs bool
	reason, debug string
}

func (r *txReject) String() string {
	if r.debug != "" {
		return r.reason + ", " + r.debug
	}
	return r.reason
}

// rpcError is the error sendrawtransaction reports for r.
func (r *txReject) rpcError() *rpcerr.Error {
	if r.missingInputs {
		return rpcerr.NewError(rpcerr.RPC_TRANSACTION_ERROR, r.String())
	}
	return rpcerr.NewError(rpcerr.RPC_TRANSACTION_REJECTED, r.String())
}

func reject(reason, debug string) *txReject { return &txReject{reason: reason, debug: debug} }

// coin is a transaction output a mempool candidate spends.
type coin struct {
	out       *wire.TxOut
	height    int32 // mining.UnminedHeight for mempool outputs
	coinbase  bool
	inMempool bool
}

// poolGraph is a snapshot of the mempool's transactions and their links.
type poolGraph struct {
	descs    map[chainhash.Hash]*mempool.TxDesc
	children map[chainhash.Hash][]chainhash.Hash
}

func (n *Node) poolGraph() *poolGraph {
	descs := n.pool.TxDescs()
	g := &poolGraph{
		descs:    make(map[chainhash.Hash]*mempool.TxDesc, len(descs)),
		children: make(map[chainhash.Hash][]chainhash.Hash),
	}
	for _, d := range descs {
		g.descs[*d.Tx.Hash()] = d
	}
	for _, d := range descs {
		seen := map[chainhash.Hash]bool{}
		for _, in := range d.Tx.MsgTx().TxIn {
			p := in.PreviousOutPoint.Hash
			if _, ok := g.descs[p]; ok && !seen[p] {
				seen[p] = true
				g.children[p] = append(g.children[p], *d.Tx.Hash())
			}
		}
	}
	return g
}

// parents are the in-mempool transactions tx spends from.
func (g *poolGraph) parents(tx *wire.MsgTx) []chainhash.Hash {
	var out []chainhash.Hash
	seen := map[chainhash.Hash]bool{}
	for _, in := range tx.TxIn {
		p := in.PreviousOutPoint.Hash
		if _, ok := g.descs[p]; ok && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// ancestors are the in-mempool ancestors of tx (not tx itself).
func (g *poolGraph) ancestors(tx *wire.MsgTx) map[chainhash.Hash]bool {
	out := map[chainhash.Hash]bool{}
	stack := g.parents(tx)
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[h] {
			continue
		}
		out[h] = true
		stack = append(stack, g.parents(g.descs[h].Tx.MsgTx())...)
	}
	return out
}

// descendants are the in-mempool descendants of txid, txid included.
func (g *poolGraph) descendants(txid chainhash.Hash) map[chainhash.Hash]bool {
	out := map[chainhash.Hash]bool{}
	stack := []chainhash.Hash{txid}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[h] {
			continue
		}
		out[h] = true
		stack = append(stack, g.children[h]...)
	}
	return out
}

// topoOrder sorts a set of mempool txids parents first.
func (g *poolGraph) topoOrder(set map[chainhash.Hash]bool) []chainhash.Hash {
	depth := map[chainhash.Hash]int{}
	var depthOf func(h chainhash.Hash) int
	depthOf = func(h chainhash.Hash) int {
		if d, ok := depth[h]; ok {
			return d
		}
		d := 0
		for _, p := range g.parents(g.descs[h].Tx.MsgTx()) {
			d = max(d, depthOf(p)+1)
		}
		depth[h] = d
		return d
	}
	out := make([]chainhash.Hash, 0, len(set))
	for h := range set {
		depthOf(h)
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool {
		if depth[out[i]] != depth[out[j]] {
			return depth[out[i]] < depth[out[j]]
		}
		return bytes.Compare(out[i][:], out[j][:]) < 0
	})
	return out
}

// fetchCoins finds the outputs tx spends in the mempool and the UTXO set;
// missing ones are nil.
func (n *Node) fetchCoins(tx *wire.MsgTx, g *poolGraph) ([]*coin, error) {
	coins := make([]*coin, len(tx.TxIn))
	for i, in := range tx.TxIn {
		op := in.PreviousOutPoint
		if d, ok := g.descs[op.Hash]; ok {
			outs := d.Tx.MsgTx().TxOut
			if int(op.Index) < len(outs) {
				coins[i] = &coin{out: outs[op.Index], height: mining.UnminedHeight, inMempool: true}
			}
			continue
		}
		e, err := n.chain.FetchUtxoEntry(op)
		if err != nil {
			return nil, err
		}
		if e != nil && !e.IsSpent() {
			coins[i] = &coin{out: wire.NewTxOut(e.Amount(), e.PkScript()), height: e.BlockHeight(), coinbase: e.IsCoinBase()}
		}
	}
	return coins, nil
}

// accepted is what a successful mempool check learnt.
type accepted struct {
	fee, vsize int64
	// replaced are the mempool transactions the new one replaces (direct
	// conflicts and their descendants), parents first.
	replaced []chainhash.Hash
}

// checkMempoolTx runs Bitcoin Core's MemPoolAccept checks (v28) in Core's
// order, giving Core's reject reasons: PreChecks, the replacement checks
// and the policy script checks. n.mu is held.
func (n *Node) checkMempoolTx(tx *btcutil.Tx, g *poolGraph) (*accepted, *txReject, error) {
	msg := tx.MsgTx()
	txid := *tx.Hash()
	if r := checkTransaction(msg); r != "" {
		return nil, reject(r, ""), nil
	}
	if blockchain.IsCoinBaseTx(msg) {
		return nil, reject("coinbase", ""), nil
	}
	if n.policy.requireStandard {
		if r, ok := n.policy.isStandardTx(msg); !ok {
			return nil, reject(r, ""), nil
		}
	}
	if msg.SerializeSizeStripped() < minStandardTxNonWitness {
		return nil, reject("tx-size-small", ""), nil
	}
	tip := n.chain.BestSnapshot()
	nextHeight := tip.Height + 1
	if !isFinalTx(msg, nextHeight, tip.MedianTime.Unix()) {
		return nil, reject("non-final", ""), nil
	}
	if d, ok := g.descs[txid]; ok {
		if d.Tx.MsgTx().WitnessHash() == msg.WitnessHash() {
			return nil, reject("txn-already-in-mempool", ""), nil
		}
		return nil, reject("txn-same-nonwitness-data-in-mempool", ""), nil
	}
	// Direct conflicts: mempool transactions spending the same outputs
	// (full replace-by-fee, as Core 28).
	conflicts := map[chainhash.Hash]bool{}
	for _, in := range msg.TxIn {
		if sp := n.pool.CheckSpend(in.PreviousOutPoint); sp != nil {
			conflicts[*sp.Hash()] = true
		}
	}
	coins, err := n.fetchCoins(msg, g)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range coins {
		if c == nil {
			for i := range msg.TxOut {
				if e, _ := n.chain.FetchUtxoEntry(wire.OutPoint{Hash: txid, Index: uint32(i)}); e != nil && !e.IsSpent() {
					return nil, reject("txn-already-known", ""), nil
				}
			}
			return nil, &txReject{missingInputs: true, reason: "bad-txns-inputs-missingorspent"}, nil
		}
	}
	view := blockchain.NewUtxoViewpoint()
	for i, in := range msg.TxIn {
		c := coins[i]
		view.Entries()[in.PreviousOutPoint] = blockchain.NewUtxoEntry(c.out, c.height, c.coinbase)
	}
	lock, err := n.chain.CalcSequenceLock(tx, view, true)
	if err != nil {
		return nil, nil, err
	}
	if !blockchain.SequenceLockActive(lock, nextHeight, tip.MedianTime) {
		return nil, reject("non-BIP68-final", ""), nil
	}
	// Consensus::CheckTxInputs.
	var valueIn int64
	for _, c := range coins {
		if c.coinbase && nextHeight-c.height < coinbaseMaturity {
			return nil, reject("bad-txns-premature-spend-of-coinbase",
				fmt.Sprintf("tried to spend coinbase at depth %d", nextHeight-c.height)), nil
		}
		valueIn += c.out.Value
		if c.out.Value < 0 || c.out.Value > amount.MaxMoney || valueIn > amount.MaxMoney {
			return nil, reject("bad-txns-inputvalues-outofrange", ""), nil
		}
	}
	var valueOut int64
	for _, out := range msg.TxOut {
		valueOut += out.Value
	}
	if valueIn < valueOut {
		return nil, reject("bad-txns-in-belowout",
			fmt.Sprintf("value in (%s) < value out (%s)", FormatMoney(valueIn), FormatMoney(valueOut))), nil
	}
	fee := valueIn - valueOut
	if n.policy.requireStandard && !areInputsStandard(msg, coins) {
		return nil, reject("bad-txns-nonstandard-inputs", ""), nil
	}
	sigOps, err := blockchain.GetSigOpCost(tx, false, view, true, true)
	if err != nil {
		return nil, nil, err
	}
	if sigOps > maxStandardTxSigOpsCost {
		return nil, reject("bad-txns-too-many-sigops", fmt.Sprintf("%d", sigOps)), nil
	}
	vsize := txVSize(txWeight(msg), int64(sigOps))
	if minFee := feeFor(n.policy.minRelayFee, vsize); fee < minFee {
		return nil, reject("min relay fee not met", fmt.Sprintf("%d < %d", fee, minFee)), nil
	}
	// Package limits (Core's default 25 ancestors/descendants, 101 kvB).
	ancestors := g.ancestors(msg)
	if len(ancestors)+1 > defaultAncestorLimit {
		return nil, reject("too-long-mempool-chain", fmt.Sprintf("too many unconfirmed ancestors [limit: %d]", defaultAncestorLimit)), nil
	}
	ancSize := vsize
	for h := range ancestors {
		ancSize += mempool.GetTxVirtualSize(g.descs[h].Tx)
	}
	if ancSize > defaultAncestorSizeKvB*1000 {
		return nil, reject("too-long-mempool-chain", fmt.Sprintf("exceeds ancestor size limit [limit: %d]", defaultAncestorSizeKvB*1000)), nil
	}
	for h := range ancestors {
		if len(g.descendants(h))+1 > defaultAncestorLimit {
			return nil, reject("too-long-mempool-chain", fmt.Sprintf("too many descendants for tx %s [limit: %d]", h, defaultAncestorLimit)), nil
		}
	}
	for h := range ancestors {
		if conflicts[h] {
			return nil, reject("bad-txns-spends-conflicting-tx", fmt.Sprintf("%s spends conflicting transaction %s", txid, h)), nil
		}
	}
	acc := &accepted{fee: fee, vsize: vsize}
	if len(conflicts) > 0 {
		if r := n.checkReplacement(msg, txid, fee, vsize, conflicts, g, acc); r != nil {
			return nil, r, nil
		}
	}
	if r := n.checkScripts(tx, coins); r != nil {
		return nil, r, nil
	}
	return acc, nil, nil
}

// checkReplacement is Core's ReplacementChecks (BIP125 rules 2-6 under
// full RBF).
func (n *Node) checkReplacement(msg *wire.MsgTx, txid chainhash.Hash, fee, vsize int64, conflicts map[chainhash.Hash]bool, g *poolGraph, acc *accepted) *txReject {
	newRate := feeRate(fee, vsize)
	direct := make([]chainhash.Hash, 0, len(conflicts))
	for h := range conflicts {
		direct = append(direct, h)
	}
	sort.Slice(direct, func(i, j int) bool { return bytes.Compare(direct[i][:], direct[j][:]) < 0 })
	for _, h := range direct {
		d := g.descs[h]
		old := feeRate(d.Fee, mempool.GetTxVirtualSize(d.Tx))
		if newRate <= old {
			return reject("insufficient fee", fmt.Sprintf("rejecting replacement %s; new feerate %s <= old feerate %s",
				txid, formatFeeRate(newRate), formatFeeRate(old)))
		}
	}
	all := map[chainhash.Hash]bool{}
	for _, h := range direct {
		for d := range g.descendants(h) {
			all[d] = true
		}
	}
	if len(all) > maxReplacementCandidates {
		return reject("too many potential replacements", fmt.Sprintf("rejecting replacement %s; too many potential replacements (%d > %d)\n",
			txid, len(all), maxReplacementCandidates))
	}
	parentsOfConflicts := map[chainhash.Hash]bool{}
	for _, h := range direct {
		for _, in := range g.descs[h].Tx.MsgTx().TxIn {
			parentsOfConflicts[in.PreviousOutPoint.Hash] = true
		}
	}
	for j, in := range msg.TxIn {
		if !parentsOfConflicts[in.PreviousOutPoint.Hash] {
			if _, ok := g.descs[in.PreviousOutPoint.Hash]; ok {
				return reject("replacement-adds-unconfirmed", fmt.Sprintf("replacement %s adds unconfirmed input, idx %d", txid, j))
			}
		}
	}
	var oldFees int64
	for h := range all {
		oldFees += g.descs[h].Fee
	}
	if fee < oldFees {
		return reject("insufficient fee", fmt.Sprintf("rejecting replacement %s, less fees than conflicting txs; %s < %s",
			txid, FormatMoney(fee), FormatMoney(oldFees)))
	}
	if extra, need := fee-oldFees, feeFor(n.policy.incrementalFee, vsize); extra < need {
		return reject("insufficient fee", fmt.Sprintf("rejecting replacement %s, not enough additional fees to relay; %s < %s",
			txid, FormatMoney(extra), FormatMoney(need)))
	}
	acc.replaced = g.topoOrder(all)
	return nil
}

// areInputsStandard is Core's AreInputsStandard.
func areInputsStandard(tx *wire.MsgTx, coins []*coin) bool {
	for i, in := range tx.TxIn {
		typ, _ := Solve(coins[i].out.PkScript)
		switch typ {
		case ScriptNonStandard, ScriptWitnessUnknown:
			return false
		case ScriptScriptHash:
			var last []byte
			found := false
			for pc := 0; pc < len(in.SignatureScript); {
				op, data, next, ok := ScriptOp(in.SignatureScript, pc)
				if !ok || op > op16 {
					return false
				}
				last, found = pushValue(op, data), true
				pc = next
			}
			if !found || sigOpCount(last, true) > maxP2SHSigOps {
				return false
			}
		}
	}
	return true
}

// pushValue is what a push operation puts on the stack.
func pushValue(op byte, data []byte) []byte {
	switch {
	case op == op1NEGATE:
		return []byte{0x81}
	case op >= op1 && op <= op16:
		return []byte{op - op1 + 1}
	}
	return data
}

// BroadcastTransaction is Core's BroadcastTransaction (node/transaction.cpp)
// with relay: a transaction already in the mempool is fine; one whose
// outputs are in the UTXO set fails with RPC_VERIFY_ALREADY_IN_UTXO_SET;
// with maxFee > 0 a higher fee fails with RPC_TRANSACTION_ERROR; a
// rejection has Core's reason and code. Errors are *rpcerr.Error.
func (n *Node) BroadcastTransaction(ctx context.Context, msg *wire.MsgTx, maxFee int64) error {
	if n.closed.Load() {
		return newError(ErrClosed, "node: closed", nil)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	tx := btcutil.NewTx(msg)
	txid := *tx.Hash()
	for i := range msg.TxOut {
		if e, _ := n.chain.FetchUtxoEntry(wire.OutPoint{Hash: txid, Index: uint32(i)}); e != nil && !e.IsSpent() {
			return rpcerr.NewError(rpcerr.RPC_VERIFY_ALREADY_IN_UTXO_SET, msgAlreadyInUTXOSet)
		}
	}
	if n.pool.IsTransactionInPool(&txid) {
		n.unbroadcast[txid] = struct{}{}
		return nil
	}
	g := n.poolGraph()
	acc, rej, err := n.checkMempoolTx(tx, g)
	if err != nil {
		return rpcerr.NewError(rpcerr.RPC_TRANSACTION_ERROR, err.Error())
	}
	if rej != nil {
		n.poolLog.Debug(fmt.Sprintf("%s (wtxid=%s) rejected: %s", txid, msg.WitnessHash(), rej))
		return rej.rpcError()
	}
	if maxFee > 0 && acc.fee > maxFee {
		return rpcerr.NewError(rpcerr.RPC_TRANSACTION_ERROR, msgMaxFeeExceeded)
	}
	if rej := n.addToMempool(tx, acc, g); rej != nil {
		return rej.rpcError()
	}
	n.unbroadcast[txid] = struct{}{}
	return nil
}

// TestMempoolAccept checks a transaction as sendrawtransaction would
// without adding it: its fee and virtual size, or the rejection.
func (n *Node) TestMempoolAccept(msg *wire.MsgTx) (fee, vsize int64, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	acc, rej, err := n.checkMempoolTx(btcutil.NewTx(msg), n.poolGraph())
	if err != nil {
		return 0, 0, rpcerr.NewError(rpcerr.RPC_TRANSACTION_ERROR, err.Error())
	}
	if rej != nil {
		return 0, 0, rej.rpcError()
	}
	return acc.fee, acc.vsize, nil
}

// addToMempool removes what tx replaces and hands tx to btcd's mempool
// (whose own checks must agree); on failure the replaced transactions are
// put back. It queues the notifications. n.mu is held.
func (n *Node) addToMempool(tx *btcutil.Tx, acc *accepted, g *poolGraph) *txReject {
	for _, h := range acc.replaced {
		n.pool.RemoveTransaction(g.descs[h].Tx, false)
	}
	_, desc, err := n.pool.MaybeAcceptTransaction(tx, true, false)
	if err != nil || desc == nil {
		for _, h := range acc.replaced {
			n.pool.MaybeAcceptTransaction(g.descs[h].Tx, false, false)
		}
		if err == nil {
			return &txReject{missingInputs: true, reason: "bad-txns-inputs-missingorspent"}
		}
		r := btcdReject(err)
		n.poolLog.Debug(fmt.Sprintf("%s rejected by btcd's mempool: %v", tx.Hash(), err))
		return r
	}
	for _, h := range acc.replaced {
		delete(n.unbroadcast, h)
		n.notifier.publish(event{kind: evTxRemoved, tx: g.descs[h].Tx.MsgTx(), reason: interfaces.RemovalReplaced, seq: n.nextPoolSeq()})
	}
	if len(acc.replaced) > 0 {
		n.poolLog.Debug(fmt.Sprintf("replaced %d mempool transactions with %s", len(acc.replaced), tx.Hash()))
	}
	n.poolLog.Debug(fmt.Sprintf("AcceptToMemoryPool: peer=local: accepted %s (wtxid=%s) (poolsz %d txn)",
		tx.Hash(), tx.MsgTx().WitnessHash(), n.pool.Count()))
	n.notifier.publish(event{kind: evTxAdded, tx: tx.MsgTx(), seq: n.nextPoolSeq()})
	return nil
}

// btcdReject turns an error of btcd's mempool into a rejection, with Core's
// reason where the kind is known.
func btcdReject(err error) *txReject {
	var rerr mempool.RuleError
	if errors.As(err, &rerr) {
		var cerr blockchain.RuleError
		if errors.As(rerr.Err, &cerr) {
			if r := blockRejectReason(cerr.ErrorCode); r != "" {
				return &txReject{reason: r, missingInputs: cerr.ErrorCode == blockchain.ErrMissingTxOut}
			}
		}
		var terr mempool.TxRuleError
		if errors.As(rerr.Err, &terr) {
			switch terr.RejectCode {
			case wire.RejectDust:
				return reject("dust", "")
			case wire.RejectInsufficientFee:
				return reject("min relay fee not met", terr.Description)
			case wire.RejectNonstandard:
				return reject("non-standard", terr.Description)
			}
		}
	}
	return reject(err.Error(), "")
}

// mempoolBlockConnected is Core's removeForBlock: for each of the block's
// transactions in turn, the transaction leaves the mempool (no
// notification, as Core, but the mempool sequence counts it), then the
// mempool transactions spending the same outputs leave with their
// descendants (reason CONFLICT). n.mu is held.
func (n *Node) mempoolBlockConnected(block *btcutil.Block) {
	if n.pool.Count() == 0 {
		return
	}
	g := n.poolGraph()
	removed := map[chainhash.Hash]bool{}
	for _, tx := range block.Transactions()[1:] {
		txid := *tx.Hash()
		if _, ok := g.descs[txid]; ok && !removed[txid] {
			n.pool.RemoveTransaction(tx, false)
			delete(n.unbroadcast, txid)
			removed[txid] = true
			n.poolSeq.Add(1)
		}
		for _, in := range tx.MsgTx().TxIn {
			sp := n.pool.CheckSpend(in.PreviousOutPoint)
			if sp == nil || *sp.Hash() == txid {
				continue
			}
			order := g.topoOrder(g.descendants(*sp.Hash()))
			n.pool.RemoveTransaction(sp, true)
			for _, h := range order {
				if removed[h] {
					continue
				}
				removed[h] = true
				delete(n.unbroadcast, h)
				n.notifier.publish(event{kind: evTxRemoved, tx: g.descs[h].Tx.MsgTx(), reason: interfaces.RemovalConflict, seq: n.nextPoolSeq()})
			}
		}
	}
}

// mempoolAfterReorg is Core's MaybeUpdateMempoolForReorg: the transactions
// of the disconnected blocks (given tip first, as disconnected) return to
// the mempool, oldest block first, and mempool transactions that are no
// longer valid leave with reason REORG. n.mu is held.
func (n *Node) mempoolAfterReorg(disconnected []*btcutil.Block) {
	for i := len(disconnected) - 1; i >= 0; i-- {
		for _, tx := range disconnected[i].Transactions()[1:] {
			if n.pool.IsTransactionInPool(tx.Hash()) {
				continue
			}
			if _, desc, err := n.pool.MaybeAcceptTransaction(tx, false, false); err == nil && desc != nil {
				n.notifier.publish(event{kind: evTxAdded, tx: tx.MsgTx(), seq: n.nextPoolSeq()})
			}
		}
	}
	if n.pool.Count() == 0 {
		return
	}
	g := n.poolGraph()
	tip := n.chain.BestSnapshot()
	next := tip.Height + 1
	invalid := map[chainhash.Hash]bool{}
	for h, d := range g.descs {
		msg := d.Tx.MsgTx()
		ok := isFinalTx(msg, next, tip.MedianTime.Unix())
		for _, in := range msg.TxIn {
			if !ok {
				break
			}
			if _, inPool := g.descs[in.PreviousOutPoint.Hash]; inPool {
				continue
			}
			e, err := n.chain.FetchUtxoEntry(in.PreviousOutPoint)
			ok = err == nil && e != nil && !e.IsSpent() && (!e.IsCoinBase() || next-e.BlockHeight() >= coinbaseMaturity)
		}
		if !ok {
			for d := range g.descendants(h) {
				invalid[d] = true
			}
		}
	}
	for _, h := range g.topoOrder(invalid) {
		n.pool.RemoveTransaction(g.descs[h].Tx, false)
		delete(n.unbroadcast, h)
		n.notifier.publish(event{kind: evTxRemoved, tx: g.descs[h].Tx.MsgTx(), reason: interfaces.RemovalReorg, seq: n.nextPoolSeq()})
	}
}
