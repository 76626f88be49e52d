package wallet

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAvoidReuseRefused: the avoid_reuse flag is refused at creation
// (nothing is written), and a file that already carries it is not loaded
// and stays unchanged, rather than running without what the flag promises.
func TestAvoidReuseRefused(t *testing.T) {
	e := newEnv(t)
	_, _, err := e.loader.CreateWallet(e.ctx, "dirty", CreateOptions{AvoidReuse: true})
	if !errors.Is(err, ErrWallet) || !strings.Contains(err.Error(), "avoid_reuse") {
		t.Fatalf("CreateWallet with AvoidReuse: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "dirty")); !os.IsNotExist(err) {
		t.Fatalf("a refused create left a directory behind: %v", err)
	}
	if _, ok := e.loader.Wallet("dirty"); ok {
		t.Fatal("the refused wallet is loaded")
	}

	// A file with the flag set (as an older build wrote it).
	e.create("old", CreateOptions{})
	if err := e.loader.UnloadWallet(e.ctx, "old"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, "old", "wallet.dat")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), "UPDATE wallet_info SET flags = flags | ?", int64(FlagAvoidReuse)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.loader.OpenWallet(e.ctx, "old")
	if !errors.Is(err, ErrWallet) || !strings.Contains(err.Error(), "Error loading old: The avoid_reuse wallet flag is not supported yet") {
		t.Fatalf("loading a wallet with the flag: %v", err)
	}
	if _, ok := e.loader.Wallet("old"); ok {
		t.Fatal("the flagged wallet is loaded")
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the refused load changed the file")
	}
}
