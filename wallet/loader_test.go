package wallet

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// TestLoadFromSettings: Load opens the -wallet wallets in the wallet
// directory derived from -datadir, and the interfaces.Wallet works.
func TestLoadFromSettings(t *testing.T) {
	e := newEnv(t)
	datadir := t.TempDir()
	e.chain.SetSetting("datadir", datadir)
	l, err := NewLoader(&Config{Chain: e.chain, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		t.Fatal(err)
	}
	e.loader = l
	for _, n := range []string{"w1", "w2"} {
		e.create(n, CreateOptions{})
	}
	if got := l.WalletDir(); got != filepath.Join(datadir, "regtest", "wallets") {
		t.Fatalf("wallet dir %s", got)
	}
	if err := l.Stop(e.ctx); err != nil {
		t.Fatal(err)
	}

	e.chain.SetSetting("wallet", "w2", "w1")
	l2, err := NewLoader(&Config{Chain: e.chain, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l2.Stop(context.Background()) })
	if err := l2.Load(e.ctx); err != nil {
		t.Fatal(err)
	}
	names, _ := l2.ListLoaded(e.ctx)
	if strings.Join(names, ",") != "w2,w1" {
		t.Fatalf("loaded %v", names)
	}
	var iw interfaces.Wallet
	iw, err = l2.LoadWallet(e.ctx, "w3")
	if err == nil || !strings.Contains(err.Error(), "Path does not exist") {
		t.Fatalf("loading a missing wallet: %v, %v", iw, err)
	}
	w1, _ := l2.Wallet("w1")
	iw = w1
	addr, err := iw.GetNewAddress(e.ctx, "x", "bech32m")
	if err != nil || !strings.HasPrefix(addr, "bcrt1p") {
		t.Fatalf("GetNewAddress = %s, %v", addr, err)
	}
	e.mine(101, addr)
	bal, err := iw.GetBalances(e.ctx)
	if err != nil || bal.Trusted != 50*coin || bal.Immature != 100*50*coin {
		t.Fatalf("GetBalances = %+v, %v", bal, err)
	}
	if name, _ := iw.GetName(e.ctx); name != "w1" {
		t.Fatalf("GetName = %s", name)
	}
	if locked, _ := iw.IsLocked(e.ctx); locked {
		t.Fatal("IsLocked on an unencrypted wallet")
	}
	if err := l2.Flush(e.ctx); err != nil {
		t.Fatal(err)
	}

	dir := l2.WalletDir()
	if err := l2.Stop(e.ctx); err != nil {
		t.Fatal(err)
	}

	// As Core: a wallet named twice is loaded once, and one that does not
	// exist is skipped, each with a warning (the list also holds the
	// wallets load_on_startup saved). An attached wallet process
	// (StrictWalletList) fails on the missing one instead.
	e.chain.SetSetting("wallet", "w1", "w1", "nope", filepath.Join(dir, "w2"))
	var logs strings.Builder
	l3, _ := NewLoader(&Config{Chain: e.chain, WalletDir: dir, KDF: testKDF, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err := l3.Load(e.ctx); err != nil {
		t.Fatalf("Load with a duplicate and a missing wallet: %v", err)
	}
	if names, _ := l3.ListLoaded(e.ctx); strings.Join(names, ",") != "w1,"+filepath.Join(dir, "w2") {
		t.Fatalf("loaded %v", names)
	}
	for _, want := range []string{"Ignoring duplicate -wallet w1.",
		"Skipping -wallet path that doesn't exist. Failed to load database path '" + filepath.Join(dir, "nope") + "'. Path does not exist."} {
		if !strings.Contains(logs.String(), strconv.Quote(want)) {
			t.Errorf("no warning %q in\n%s", want, logs.String())
		}
	}
	l3.Stop(e.ctx)
	e.chain.SetSetting("wallet", "nope")
	l4, _ := NewLoader(&Config{Chain: e.chain, WalletDir: dir, KDF: testKDF, StrictWalletList: true})
	if err := l4.Load(e.ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("StrictWalletList with a missing wallet: %v", err)
	}
	l4.Stop(e.ctx)
}

// TestSyncWithoutNotifications: when notifications stop arriving,
// BlockUntilSynced catches up from the chain itself.
func TestSyncWithoutNotifications(t *testing.T) {
	e := newEnv(t)
	w := e.create("w", CreateOptions{})
	addr := e.addr(w, "")
	e.loader.mu.Lock()
	h := e.loader.notify
	e.loader.mu.Unlock()
	if err := h.Disconnect(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.mine(101, addr)
	if got := e.balances(w); got.Trusted != 50*coin {
		t.Fatalf("balances without notifications: %+v", got)
	}
}
