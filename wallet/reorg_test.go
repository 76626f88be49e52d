package wallet

import (
	"testing"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// TestReorg: a confirmed payment whose block is disconnected goes back to
// the mempool and to unconfirmed balances; a coinbase of a disconnected
// block stops counting; mining again confirms it.
func TestReorg(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	b := e.create("b", CreateOptions{})
	addrA := e.addr(a, "")
	e.mine(101, addrA)
	res := e.send(a, e.addr(b, "bech32m"), 3*coin, SendOptions{})
	e.mine(1, e.addr(b, ""))
	if got := e.balances(b); got.Trusted != 3*coin || got.Immature != 50*coin+res.Fee {
		t.Fatalf("b before reorg: %+v", got)
	}
	if err := e.chain.DisconnectTip(); err != nil {
		t.Fatal(err)
	}
	e.chain.Sync()
	if got := e.balances(b); got.Trusted != 0 || got.UntrustedPending != 3*coin || got.Immature != 0 {
		t.Fatalf("b after disconnect: %+v", got)
	}
	// a's change is trusted again only because it is its own and in the
	// mempool.
	if got := e.balances(a); got.Trusted != 50*coin-3*coin-res.Fee {
		t.Fatalf("a after disconnect: %+v", got)
	}
	d, err := a.GetTransaction(e.ctx, res.Txid)
	if err != nil || d.Info.Confirmations != 0 || d.Info.Trusted == nil || !*d.Info.Trusted {
		t.Fatalf("gettransaction after disconnect: %+v %v", d, err)
	}
	e.mine(2, addrA)
	if got := e.balances(b); got.Trusted != 3*coin {
		t.Fatalf("b after re-mining: %+v", got)
	}
	if d, _ := a.GetTransaction(e.ctx, res.Txid); d.Info.Confirmations != 2 {
		t.Fatalf("confirmations after re-mining: %d", d.Info.Confirmations)
	}
	e.integrity(a)
	e.integrity(b)
}

// TestConflict: a block spends a wallet coin with another transaction than
// the wallet's own pending one; the pending one becomes conflicted and its
// outputs stop counting.
func TestConflict(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	b := e.create("b", CreateOptions{})
	addrA := e.addr(a, "")
	e.mine(101, addrA) // exactly one mature coin

	// A second view of a's keys that will not see tx1: the wallet file as
	// it is now, loaded under another name after tx1 exists.
	if err := a.Backup(e.ctx, e.dir+"/copy.dat"); err != nil {
		t.Fatal(err)
	}
	tx1 := e.send(a, e.addr(b, ""), 2*coin, SendOptions{})
	e.chain.Sync()
	if got := e.balances(b); got.UntrustedPending != 2*coin {
		t.Fatalf("b pending: %+v", got)
	}
	restoreCopy(t, e.dir+"/copy.dat", e.dir+"/a2")
	other := e.newLoader()
	// A loader on another chain view would see tx1 in the mempool
	// notifications; building tx2 directly avoids that.
	a2, err := other.OpenWallet(e.ctx, "a2")
	if err != nil {
		t.Fatal(err)
	}
	addrC := e.addr(a2, "bech32m")
	fc := feeChoice{rate: 5000, reason: ReasonPayTxFee, discard: defaultDiscardFee}
	recipients := []Recipient{{Address: addrC, Script: e.script(addrC), Amount: 7 * coin}}
	a2.mu.Lock()
	res2, err := a2.createTxLocked(e.ctx, recipients, SendOptions{}, fc, 0)
	a2.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	checkAccounting(t, a2, res2, recipients, fc.rate)
	if res2.Tx.TxIn[0].PreviousOutPoint != tx1.Tx.TxIn[0].PreviousOutPoint {
		t.Fatal("tx2 does not conflict with tx1")
	}
	if _, err := e.chain.GenerateBlock(e.script(addrC), []*wireTx{res2.Tx}, false); err != nil {
		t.Fatal(err)
	}
	e.chain.Sync()
	if e.chain.InMempool(tx1.Txid) {
		t.Fatal("tx1 still in the mempool")
	}
	d, err := a.GetTransaction(e.ctx, tx1.Txid)
	if err != nil || d.Info.Confirmations != -1 || len(d.Info.WalletConflicts) != 1 || d.Info.WalletConflicts[0] != res2.Txid {
		t.Fatalf("tx1 after conflict: %+v %v", d.Info, err)
	}
	if got := e.balances(b); got.UntrustedPending != 0 || got.Trusted != 0 {
		t.Fatalf("b after conflict: %+v", got)
	}
	// a: the coin went to tx2, whose outputs (7 BTC to a key both copies
	// watch, change) are a's too; the block also matured the coinbase at
	// height 2.
	if got := e.balances(a); got.Trusted != 100*coin-res2.Fee {
		t.Fatalf("a after conflict: %+v, tx2 fee %d", got, res2.Fee)
	}
	e.integrity(a)
}

// TestCatchUpAfterReorgWhileUnloaded: blocks paying the wallet are
// disconnected and replaced while it is not loaded; loading rewinds to the
// fork point and rescans.
func TestCatchUpAfterReorgWhileUnloaded(t *testing.T) {
	e := newEnv(t)
	w := e.create("w", CreateOptions{})
	addr := e.addr(w, "")
	e.mine(105, addr)
	if err := e.loader.UnloadWallet(e.ctx, "w"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := e.chain.DisconnectTip(); err != nil {
			t.Fatal(err)
		}
	}
	other := e.create("other", CreateOptions{})
	e.mine(4, e.addr(other, ""))
	fetched := e.chain.BlocksFetched()
	w2, err := e.loader.OpenWallet(e.ctx, "w")
	if err != nil {
		t.Fatal(err)
	}
	if n := e.chain.BlocksFetched() - fetched; n != 4 {
		t.Errorf("catch-up fetched %d blocks, want 4", n)
	}
	last := w2.LastProcessedBlock()
	tip, _ := e.chain.GetTip(e.ctx)
	if last.Hash != tip.Hash || last.Height != 106 {
		t.Fatalf("last block %v, tip %v", last, tip)
	}
	// 102 coinbases paid w; the first 102-100 = 2 are mature... depth rule:
	// heights 1..102, tip 106: mature when depth >= 101, i.e. height <= 6.
	if got := e.balances(w2); got.Trusted != 6*50*coin || got.Immature != 96*50*coin {
		t.Fatalf("balances after catch-up: %+v", got)
	}
	var txs int
	for _, en := range w2.ListTransactions(e.ctx, nil, 1000, 0) {
		if en.Info.Confirmations > 0 {
			txs++
		}
	}
	if txs != 102 {
		t.Fatalf("%d confirmed entries, want 102", txs)
	}
	_ = interfaces.RemovalBlock
}
