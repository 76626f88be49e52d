package wallet

import (
	"errors"
	"testing"
)

func TestCoinbaseMaturityAndSend(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	b := e.create("b", CreateOptions{})
	addrA := e.addr(a, "")
	e.mine(1, addrA)
	if got := e.balances(a); got.Immature != 50*coin || got.Trusted != 0 {
		t.Fatalf("after 1 block: %+v", got)
	}
	e.mine(99, addrA)
	if got := e.balances(a); got.Immature != 100*50*coin || got.Trusted != 0 {
		t.Fatalf("after 100 blocks: %+v", got)
	}
	e.mine(1, e.addr(b, "bech32m"))
	if got := e.balances(a); got.Trusted != 50*coin || got.Immature != 99*50*coin {
		t.Fatalf("after 101 blocks: %+v", got)
	}

	addrB := e.addr(b, "")
	res := e.send(a, addrB, 150_000_000, SendOptions{})
	// Recorded at once: trusted balance drops by amount + fee.
	if got := e.balances(a); got.Trusted != 50*coin-150_000_000-res.Fee {
		t.Fatalf("after send: %+v (fee %d)", got, res.Fee)
	}
	if !e.chain.InMempool(res.Txid) {
		t.Fatal("not in mempool")
	}
	e.chain.Sync()
	if got := e.balances(b); got.UntrustedPending != 150_000_000 {
		t.Fatalf("b pending: %+v", got)
	}
	e.mine(1, e.addr(b, ""))
	if got := e.balances(b); got.Trusted != 150_000_000 {
		t.Fatalf("b after confirmation: %+v", got)
	}
	if got := e.balances(a); got.Trusted != 2*50*coin-150_000_000-res.Fee {
		t.Fatalf("a after confirmation: %+v", got)
	}
	e.integrity(a)

	// b spends its P2WPKH and P2TR coins together? It has one wpkh coin and
	// one immature tr coinbase; spend the wpkh one back.
	res2 := e.send(b, e.addr(a, "bech32m"), 100_000_000, SendOptions{})
	e.mine(1, addrA)
	if got := e.balances(b); got.Trusted != 50_000_000-res2.Fee {
		t.Fatalf("b after paying back: %+v", got)
	}
	if _, err := b.Send(e.ctx, []Recipient{{Address: addrA, Script: e.script(addrA), Amount: 10 * coin}}, SendOptions{}); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("overspend: %v", err)
	}
}
