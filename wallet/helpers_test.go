package wallet

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	wire "github.com/btcsuite/btcd/wire/v2"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// testKDF keeps Argon2 cheap under the race detector.
var testKDF = KDFParams{Time: 1, MemoryKiB: 256, Threads: 1}

const testKeypool = 20

type env struct {
	t      testing.TB
	ctx    context.Context
	chain  *fakechain.Chain
	dir    string
	loader *Loader
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := fakechain.New()
	c.SetSetting("fallbackfee", "0.0002")
	e := &env{t: t, ctx: context.Background(), chain: c, dir: t.TempDir()}
	e.loader = e.newLoader()
	return e
}

func (e *env) newLoader() *Loader {
	e.t.Helper()
	l, err := NewLoader(&Config{Chain: e.chain, WalletDir: e.dir, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { l.Stop(context.Background()) })
	return l
}

func (e *env) create(name string, o CreateOptions) *Wallet {
	e.t.Helper()
	w, _, err := e.loader.CreateWallet(e.ctx, name, o)
	if err != nil {
		e.t.Fatalf("CreateWallet(%s): %v", name, err)
	}
	return w
}

func (e *env) addr(w *Wallet, typ string) string {
	e.t.Helper()
	a, err := w.NewAddress(e.ctx, "", typ)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) script(addr string) []byte {
	e.t.Helper()
	s, err := descriptor.DecodeAddress(addr, e.chain.Params())
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// mine mines n blocks to addr and waits for the notifications.
func (e *env) mine(n int, addr string) []chainhash.Hash {
	e.t.Helper()
	hashes := e.chain.Generate(n, e.script(addr))
	e.chain.Sync()
	return hashes
}

func (e *env) balances(w *Wallet) Balances {
	e.t.Helper()
	if err := w.BlockUntilSynced(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	return w.Balances(0)
}

// fallbackRate is the fee rate newEnv's -fallbackfee sets (sat/kvB); the
// fake chain has no fee estimate.
const fallbackRate = 20_000

// send pays amount to addr and checks the transaction's accounting at the
// requested rate (o.FeeRate, else the fallback fee).
func (e *env) send(w *Wallet, addr string, amount int64, o SendOptions) *SendResult {
	e.t.Helper()
	recipients := []Recipient{{Address: addr, Script: e.script(addr), Amount: amount}}
	res, err := w.Send(e.ctx, recipients, o)
	if err != nil {
		e.t.Fatalf("Send: %v", err)
	}
	rate := int64(fallbackRate)
	if o.FeeRate != nil {
		rate = *o.FeeRate
	}
	checkAccounting(e.t, w, res, recipients, rate)
	return res
}

// checkAccounting checks a sent transaction: its inputs (wallet coins) pay
// exactly its outputs plus the reported fee; a recipient that does not pay
// the fee gets its amount, one that does gets its amount less at most the
// fee; every other output is the wallet's change; and the fee is the rate
// on the transaction's virtual size, more only by what Core allows: with
// change, the slack of the size estimate (a signature a byte shorter than
// the dummy one, per input); without, at most what change would have cost
// (its output, and a change too small to be worth spending).
func checkAccounting(t testing.TB, w *Wallet, res *SendResult, recipients []Recipient, rate int64) {
	t.Helper()
	var in, out int64
	w.mu.Lock()
	for _, ti := range res.Tx.TxIn {
		o, ok := w.outputs[ti.PreviousOutPoint]
		if !ok {
			w.mu.Unlock()
			t.Fatalf("input %v is not a wallet coin", ti.PreviousOutPoint)
		}
		in += o.value
	}
	changes := 0
	paid := map[string]int64{}
	for _, o := range res.Tx.TxOut {
		out += o.Value
		switch {
		case slices.ContainsFunc(recipients, func(r Recipient) bool { return bytes.Equal(r.Script, o.PkScript) }):
			paid[string(o.PkScript)] += o.Value
		case w.isChange(o.PkScript):
			changes++
		default:
			w.mu.Unlock()
			t.Fatalf("output %x is neither a recipient's nor change", o.PkScript)
		}
	}
	w.mu.Unlock()
	if in-out != res.Fee {
		t.Fatalf("inputs %d - outputs %d = %d, but the reported fee is %d", in, out, in-out, res.Fee)
	}
	for _, r := range recipients {
		got := paid[string(r.Script)]
		if !r.SubtractFee && got != r.Amount || r.SubtractFee && (got > r.Amount || got < r.Amount-res.Fee) {
			t.Fatalf("recipient %s got %d of %d (pays the fee: %v, fee %d)", r.Address, got, r.Amount, r.SubtractFee, res.Fee)
		}
	}
	if changes > 1 {
		t.Fatalf("%d change outputs", changes)
	}
	vs := vsize(res.Tx)
	least := feeForSize(rate, vs)
	most := feeForSize(rate, vs+int64(len(res.Tx.TxIn)))
	if changes == 0 {
		most += feeForSize(rate, 43) + max(feeForSize(defaultDiscardFee, 68)+1, dustThresholdAt(make([]byte, 34), defaultDiscardFee))
	}
	if res.Fee < least || res.Fee > most {
		t.Fatalf("fee %d for %d vB at %d sat/kvB (%d change outputs): want %d..%d", res.Fee, vs, rate, changes, least, most)
	}
}

func (e *env) integrity(w *Wallet) {
	e.t.Helper()
	res, err := w.IntegrityCheck(e.ctx)
	if err != nil || res != "ok" {
		e.t.Fatalf("integrity_check = %q, %v", res, err)
	}
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const coin = 100_000_000

type wireTx = wire.MsgTx

// restoreCopy installs a wallet file copy as the wallet directory dst.
func restoreCopy(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, DatabaseFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
}
