package wallet

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// firstAddress reads the first receiving bech32 address of a wallet file
// that is not loaded.
func firstAddress(t *testing.T, e *env, cfg *OfflineConfig) string {
	t.Helper()
	l, err := offlineLoader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(e.ctx, cfg.Path(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	w := l.newWallet(cfg.Name, db)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.loadState(e.ctx); err != nil {
		t.Fatal(err)
	}
	for _, d := range w.descs {
		if d.active && !d.internal && d.outputType == descriptor.OutputBech32 {
			a, err := d.pub.Address(0)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
	}
	t.Fatal("no active bech32 descriptor")
	return ""
}

func TestToolCreateInfoThenLoad(t *testing.T) {
	e := newEnv(t)
	cfg := &OfflineConfig{WalletDir: e.dir, Name: "tw", Network: "regtest"}
	created, err := CreateOffline(e.ctx, cfg, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := ToolInfo{Name: "tw", Format: "sqlite", Descriptors: true, HDEnabled: true, KeypoolSize: int64(2 * len(descriptorTemplates) * DefaultKeypool)}
	if created != want {
		t.Fatalf("created info = %+v, want %+v", created, want)
	}
	if !isSQLiteFile(filepath.Join(e.dir, "tw", DatabaseFile)) {
		t.Fatal("no SQLite wallet.dat in the wallet directory")
	}
	info, err := ReadInfo(e.ctx, &OfflineConfig{WalletDir: e.dir, Name: "tw"})
	if err != nil || info != want {
		t.Fatalf("ReadInfo = %+v, %v; want %+v", info, err, want)
	}

	// Blocks the wallet has never seen pay it; loading catches up from
	// the genesis block.
	addr := firstAddress(t, e, cfg)
	e.chain.Generate(3, e.script(addr))
	w, err := e.loader.OpenWallet(e.ctx, "tw")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.balances(w); got.Immature != 3*50*coin {
		t.Fatalf("immature = %d, want %d", got.Immature, 3*50*coin)
	}
	if in := w.Info(); in.LastBlock.Height != e.chain.Height() || in.TxCount != 3 {
		t.Fatalf("after load: last block %d (chain %d), %d txs", in.LastBlock.Height, e.chain.Height(), in.TxCount)
	}
	e.integrity(w)

	// A loaded wallet is locked against the tool.
	if _, err := ReadInfo(e.ctx, cfg); !errors.Is(err, ErrLockedByOtherProcess) ||
		!strings.Contains(err.Error(), "Unable to obtain an exclusive lock") {
		t.Fatalf("ReadInfo on a loaded wallet: %v", err)
	}
	if err := e.loader.UnloadWallet(e.ctx, "tw"); err != nil {
		t.Fatal(err)
	}
	info, err = ReadInfo(e.ctx, cfg)
	if err != nil || info.Transactions != 3 || info.Name != "tw" {
		t.Fatalf("ReadInfo after use = %+v, %v", info, err)
	}
}

func TestToolErrors(t *testing.T) {
	e := newEnv(t)
	cfg := &OfflineConfig{WalletDir: e.dir, Name: "x", Network: "regtest", Keypool: testKeypool}
	if _, err := CreateOffline(e.ctx, cfg, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := CreateOffline(e.ctx, cfg, CreateOptions{})
	wantExists := "Failed to create database path '" + filepath.Join(e.dir, "x") + "'. Database already exists."
	if !errors.Is(err, ErrAlreadyExists) || err.Error() != wantExists {
		t.Fatalf("second create: %v", err)
	}
	_, err = ReadInfo(e.ctx, &OfflineConfig{WalletDir: e.dir, Name: "missing"})
	wantMissing := "Failed to load database path '" + filepath.Join(e.dir, "missing") + "'. Path does not exist."
	if !errors.Is(err, ErrNotFound) || err.Error() != wantMissing {
		t.Fatalf("info on a missing wallet: %v", err)
	}
	abs := filepath.Join(t.TempDir(), "abs")
	info, err := CreateOffline(e.ctx, &OfflineConfig{Name: abs, Network: "regtest", Keypool: 5}, CreateOptions{})
	if err != nil || info.KeypoolSize != int64(2*len(descriptorTemplates)*5) {
		t.Fatalf("create by absolute path: %+v, %v", info, err)
	}
}
