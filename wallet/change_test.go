package wallet

import (
	"bytes"
	"errors"
	"testing"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// reopen unloads w from its loader and loads it with a new loader,
// which reads the chain's settings as they are now.
func (e *env) reopen(w *Wallet) *Wallet {
	e.t.Helper()
	if err := w.loader.UnloadWallet(e.ctx, w.Name()); err != nil {
		e.t.Fatal(err)
	}
	e.loader = e.newLoader()
	w, err := e.loader.OpenWallet(e.ctx, w.Name())
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// TestChangeWithNowhereToGoIsRefused: a change type the wallet has no
// descriptor for (-changetype=legacy or p2sh-segwit, or -addresstype=legacy,
// which makes change legacy too) refuses every transaction that needs
// change with Core's error, instead of adding the change to the fee; one
// that needs no change is still made.
func TestChangeWithNowhereToGoIsRefused(t *testing.T) {
	for _, c := range []struct {
		option, value, typ string
	}{{"changetype", "legacy", "legacy"}, {"changetype", "p2sh-segwit", "p2sh-segwit"}, {"addresstype", "legacy", "legacy"}} {
		t.Run(c.option+"="+c.value, func(t *testing.T) {
			e := newEnv(t)
			a := e.create("a", CreateOptions{})
			b := e.create("b", CreateOptions{})
			e.mine(101, e.addr(a, "")) // a: one mature 50 BTC coin
			e.send(a, e.addr(b, ""), 5_000_000, SendOptions{})
			e.mine(1, e.addr(a, "bech32m")) // b: one 0.05 BTC coin

			e.chain.SetSetting(c.option, c.value)
			a, b = e.reopen(a), e.reopen(b)
			want := "Transaction needs a change address, but we can't generate it. Error: No " + c.typ + " addresses available."
			to := e.addr(a, "bech32")
			for _, tc := range []struct {
				w      *Wallet
				amount int64
				sffo   bool
			}{{b, 1_000_000, false}, {b, 1_000_000, true}, {a, 1_000_000, false}, {a, 10 * coin, true}} {
				before := e.balances(tc.w)
				txs := len(tc.w.ListTransactions(e.ctx, nil, 1000, 0))
				_, err := tc.w.Send(e.ctx, []Recipient{{Address: to, Script: e.script(to), Amount: tc.amount, SubtractFee: tc.sffo}}, SendOptions{})
				if !errors.Is(err, ErrInsufficientFunds) || err.Error() != want {
					t.Errorf("%s sending %d (fee from amount: %v): %v; want %q", tc.w.Name(), tc.amount, tc.sffo, err, want)
				}
				if after := e.balances(tc.w); after != before || len(tc.w.ListTransactions(e.ctx, nil, 1000, 0)) != txs {
					t.Errorf("%s after the refused send: %+v, was %+v", tc.w.Name(), after, before)
				}
			}
			if n := len(e.chain.Mempool()); n != 0 {
				t.Errorf("%d transactions reached the mempool", n)
			}
			// All of b's coin, the fee from the amount: no change needed.
			recipients := []Recipient{{Address: to, Script: e.script(to), Amount: 5_000_000, SubtractFee: true}}
			res, err := b.Send(e.ctx, recipients, SendOptions{})
			if err != nil {
				t.Fatalf("a send that needs no change: %v", err)
			}
			checkAccounting(t, b, res, recipients, fallbackRate)
			if len(res.Tx.TxOut) != 1 {
				t.Errorf("%d outputs, want the payment only", len(res.Tx.TxOut))
			}
		})
	}
}

// TestChangeTypeAsCore: without -changetype, change takes the type of a
// recipient the wallet has a change descriptor for (taproot for taproot,
// P2WPKH for P2WPKH), else bech32m, which every wallet here has (Core's
// TransactionChangeType); -changetype=bech32 makes every change P2WPKH.
func TestChangeTypeAsCore(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	e.mine(110, e.addr(a, ""))
	b := e.create("b", CreateOptions{})
	h20, h32 := bytes.Repeat([]byte{7}, 20), bytes.Repeat([]byte{9}, 32)
	pkh := append(append([]byte{0x76, 0xa9, 20}, h20...), 0x88, 0xac)
	sh := append(append([]byte{0xa9, 20}, h20...), 0x87)
	wsh := append([]byte{0, 32}, h32...)
	const tr, wpkh = descriptor.OutputBech32m, descriptor.OutputBech32
	cases := []struct {
		to   []byte
		want descriptor.OutputType
	}{
		{e.script(e.addr(b, "bech32m")), tr},
		{e.script(e.addr(b, "bech32")), wpkh},
		{wsh, tr},
		{pkh, tr},
		{sh, tr},
	}
	check := func(a *Wallet, to []byte, want descriptor.OutputType) {
		t.Helper()
		addr, _ := descriptor.EncodeAddress(to, e.chain.Params())
		res := e.send(a, addr, coin, SendOptions{})
		a.mu.Lock()
		defer a.mu.Unlock()
		for _, o := range res.Tx.TxOut {
			if a.isChange(o.PkScript) {
				if got := a.scripts[string(o.PkScript)].desc.outputType; got != want {
					t.Errorf("paying %x: change is %s, want %s", to, got, want)
				}
				return
			}
		}
		t.Errorf("paying %x: no change", to)
	}
	for _, c := range cases {
		check(a, c.to, c.want)
	}
	e.chain.SetSetting("changetype", "bech32")
	a = e.reopen(a)
	for _, c := range cases {
		check(a, c.to, wpkh)
	}
}

// TestSmallChangeGoesToFeeAsCore: change is kept only when it is worth at
// least spending it at the discard rate, or dust at that rate (Core's
// min_viable_change: 980 sat for P2WPKH at -discardfee's 10 sat/vB); a
// smaller excess is left to the fee.
func TestSmallChangeGoesToFeeAsCore(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	b := e.create("b", CreateOptions{})
	e.mine(102, e.addr(a, ""))
	const value = 10_000_000
	e.send(a, e.addr(b, "bech32"), value, SendOptions{})
	e.send(a, e.addr(b, "bech32"), value, SendOptions{})
	e.mine(1, e.addr(a, ""))
	rate := int64(1000)
	// The first coin: plenty of change, which shows the fee with change.
	first := e.send(b, e.addr(a, "bech32"), 1_000_000, SendOptions{FeeRate: &rate})
	if len(first.Tx.TxIn) != 1 || len(first.Tx.TxOut) != 2 {
		t.Fatalf("first send: %d inputs, %d outputs", len(first.Tx.TxIn), len(first.Tx.TxOut))
	}
	// The second, of the same shape, leaves 800 sat above that fee.
	second := e.send(b, e.addr(a, "bech32"), value-first.Fee-800, SendOptions{FeeRate: &rate})
	if len(second.Tx.TxOut) != 1 || second.Fee != first.Fee+800 {
		t.Errorf("an 800 sat excess: %d outputs, fee %d; want no change and fee %d", len(second.Tx.TxOut), second.Fee, first.Fee+800)
	}
}
