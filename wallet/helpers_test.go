package wallet

import (
	"context"
	"os"
	"path/filepath"
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

func (e *env) send(w *Wallet, addr string, amount int64, o SendOptions) *SendResult {
	e.t.Helper()
	res, err := w.Send(e.ctx, []Recipient{{Address: addr, Script: e.script(addr), Amount: amount}}, o)
	if err != nil {
		e.t.Fatalf("Send: %v", err)
	}
	return res
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
