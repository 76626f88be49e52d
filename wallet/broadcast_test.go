package wallet

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// errLostConnection is what a broadcast across a dead IPC connection
// returns: no verdict from the node.
var errLostConnection = &ipc.Error{Kind: ipc.ErrDisconnected, Description: "ipc: the connection to the node closed"}

// fastResend resubmits every 50-100 ms transactions received at least a
// second before the last new tip.
var fastResend = ResendTiming{Check: 20 * time.Millisecond, MinDelay: 50 * time.Millisecond, MaxDelay: 100 * time.Millisecond, MinAge: time.Second}

// loggedLoader replaces the env's loader with one that logs to logs and
// resubmits as timing says.
func (e *env) loggedLoader(logs *syncBuffer, timing ResendTiming) {
	e.t.Helper()
	l, err := NewLoader(&Config{Chain: e.chain, WalletDir: e.dir, Keypool: testKeypool, KDF: testKDF, Resend: timing,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { l.Stop(e.ctx) })
	e.loader = l
}

// fundedPair is a wallet a with one mature coin (returned) and an empty b.
func (e *env) fundedPair() (a, b *Wallet, spent wire.OutPoint) {
	e.t.Helper()
	a = e.create("a", CreateOptions{})
	b = e.create("b", CreateOptions{})
	e.mine(101, e.addr(a, ""))
	coins := a.ListUnspent(e.ctx, CoinFilter{MaxDepth: 9999999})
	if len(coins) != 1 {
		e.t.Fatalf("%d coins, want 1", len(coins))
	}
	return a, b, coins[0].OutPoint
}

// checkKept: the transaction is in the wallet and the coin it spends stays
// spent, so that no later send spends it again.
func (e *env) checkKept(w *Wallet, txid chainhash.Hash, spent wire.OutPoint) {
	e.t.Helper()
	if _, err := w.GetTransaction(e.ctx, txid); err != nil {
		e.t.Fatalf("the transaction left the wallet: %v", err)
	}
	for _, c := range w.ListUnspent(e.ctx, CoinFilter{MaxDepth: 9999999, IncludeUnsafe: true}) {
		if c.OutPoint == spent {
			e.t.Fatalf("the coin %v the transaction spends is unspent again", spent)
		}
	}
	// A send that would need the coin: it fails, or (the transaction in
	// the mempool, its change trusted) spends the change.
	to := e.addr(w, "")
	res, err := w.Send(e.ctx, []Recipient{{Address: to, Script: e.script(to), Amount: 40 * coin}}, SendOptions{})
	if err != nil && !errors.Is(err, ErrInsufficientFunds) {
		e.t.Fatalf("a second send: %v, want success or Insufficient funds", err)
	}
	if err == nil {
		for _, in := range res.Tx.TxIn {
			if in.PreviousOutPoint == spent {
				e.t.Fatalf("a second send spends %v again", spent)
			}
		}
	}
}

// TestBroadcastOutcomeUnknownKeepsTheTransaction: when the broadcast's
// answer is lost (the node took the transaction, or never saw it), the
// send still succeeds as Core's CommitTransaction does: the transaction
// stays in the wallet with its coin spent, and is submitted again (at the
// next load here), then confirms.
func TestBroadcastOutcomeUnknownKeepsTheTransaction(t *testing.T) {
	for _, accepted := range []bool{true, false} {
		e := newEnv(t)
		var logs syncBuffer
		e.loggedLoader(&logs, ResendTiming{})
		a, b, spent := e.fundedPair()
		e.chain.LoseBroadcasts(1, accepted, errLostConnection)
		to := e.addr(b, "")
		recipients := []Recipient{{Address: to, Script: e.script(to), Amount: coin}}
		res, err := a.Send(e.ctx, recipients, SendOptions{})
		if err != nil {
			t.Fatalf("node accepted it: %v; send: %v", accepted, err)
		}
		checkAccounting(t, a, res, recipients, fallbackRate)
		e.chain.Sync()
		if got := e.chain.InMempool(res.Txid); got != accepted {
			t.Fatalf("in the mempool: %v, want %v", got, accepted)
		}
		e.checkKept(a, res.Txid, spent)
		if !strings.Contains(logs.String(), "outcome unknown") {
			t.Errorf("no log line says the outcome is unknown:\n%s", logs.String())
		}
		if !accepted {
			a = e.reopen(a)
			e.checkKept(a, res.Txid, spent)
			waitFor(t, "the resubmission at load", func() bool { return e.chain.InMempool(res.Txid) })
		}
		e.mine(1, e.addr(a, ""))
		if got := e.balances(b); got.Trusted != coin {
			t.Fatalf("node accepted it: %v; b after the block: %+v", accepted, got)
		}
		e.integrity(a)
	}
}

// TestBroadcastRejectedKeepsTheTransaction: a transaction the node rejects
// (its verdict, with an RPC code) stays in the wallet as in Core, which
// logs "Transaction cannot be broadcast immediately" and returns the txid;
// its coin stays spent; it is submitted again later.
func TestBroadcastRejectedKeepsTheTransaction(t *testing.T) {
	e := newEnv(t)
	var logs syncBuffer
	e.loggedLoader(&logs, ResendTiming{})
	a, b, spent := e.fundedPair()
	e.chain.LoseBroadcasts(1, false, &fakechain.RejectError{Code: -26, Message: "mempool full"})
	res := e.send(a, e.addr(b, ""), coin, SendOptions{})
	if e.chain.InMempool(res.Txid) {
		t.Fatal("a rejected transaction is in the mempool")
	}
	e.checkKept(a, res.Txid, spent)
	if !strings.Contains(logs.String(), "CommitTransaction(): Transaction cannot be broadcast immediately, mempool full") {
		t.Errorf("no log line tells the rejection:\n%s", logs.String())
	}
	a = e.reopen(a)
	waitFor(t, "the resubmission at load", func() bool { return e.chain.InMempool(res.Txid) })
	e.mine(1, e.addr(a, ""))
	if got := e.balances(b); got.Trusted != coin {
		t.Fatalf("b after the block: %+v", got)
	}
}

// TestPeriodicResubmission: unconfirmed wallet transactions are submitted
// again periodically, not only at load (Core's ResubmitWalletTransactions
// on its 12-36 h timer, shortened here): once received long enough before
// a new tip, a transaction the node never got reaches the mempool, and
// again after the mempool dropped it.
func TestPeriodicResubmission(t *testing.T) {
	e := newEnv(t)
	var logs syncBuffer
	e.loggedLoader(&logs, fastResend)
	a, b, spent := e.fundedPair()
	e.chain.LoseBroadcasts(1, false, errLostConnection)
	res := e.send(a, e.addr(b, ""), coin, SendOptions{})
	// Not yet: no tip has come since it was made.
	time.Sleep(300 * time.Millisecond)
	if e.chain.InMempool(res.Txid) {
		t.Fatal("resubmitted before a new tip came at least MinAge after it")
	}
	e.checkKept(a, res.Txid, spent)
	time.Sleep(1100 * time.Millisecond)
	e.mine(1, e.addr(b, "")) // a block without it
	waitFor(t, "the periodic resubmission", func() bool { return e.chain.InMempool(res.Txid) })
	waitFor(t, "the log line of the resubmission", func() bool {
		return strings.Contains(logs.String(), "ResubmitWalletTransactions: resubmit 1 unconfirmed transactions")
	})
	// The mempool drops it (expiry); the next round puts it back.
	e.chain.Evict(res.Txid)
	waitFor(t, "the resubmission after eviction", func() bool { return e.chain.InMempool(res.Txid) })
	e.mine(1, e.addr(a, ""))
	if got := e.balances(b); got.Trusted != coin {
		t.Fatalf("b after the block: %+v", got)
	}
}

// TestNoResubmissionWithoutBroadcast: -walletbroadcast=0 resubmits nothing,
// periodically or at load (Core's ShouldResend and
// ResubmitWalletTransactions).
func TestNoResubmissionWithoutBroadcast(t *testing.T) {
	e := newEnv(t)
	e.chain.SetSetting("walletbroadcast", "0")
	var logs syncBuffer
	e.loggedLoader(&logs, fastResend)
	a, b, spent := e.fundedPair()
	res := e.send(a, e.addr(b, ""), coin, SendOptions{})
	e.checkKept(a, res.Txid, spent)
	time.Sleep(1100 * time.Millisecond)
	e.mine(1, e.addr(b, ""))
	a = e.reopen(a)
	time.Sleep(500 * time.Millisecond)
	if e.chain.InMempool(res.Txid) || e.chain.Broadcasts() != 0 {
		t.Fatalf("with -walletbroadcast=0 the wallet broadcast %d times", e.chain.Broadcasts())
	}
	if _, err := a.GetTransaction(e.ctx, res.Txid); err != nil {
		t.Fatalf("the unbroadcast transaction left the wallet: %v", err)
	}
}
