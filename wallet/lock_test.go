package wallet

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// childEnv selects what the re-executed test binary does.
const childEnv = "BULKHEAD_WALLET_TEST_CHILD"

// TestMain lets the test binary act as a second process.
func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "open":
		os.Exit(childOpen(os.Getenv("WALLET_DIR")))
	case "writer":
		os.Exit(childWriter(os.Getenv("WALLET_DIR")))
	}
	os.Exit(m.Run())
}

// childOpen tries to load wallet "w" and reports the outcome on stdout.
func childOpen(dir string) int {
	l, err := NewLoader(&Config{Chain: fakechain.New(), WalletDir: dir, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		os.Stdout.WriteString("error: " + err.Error())
		return 1
	}
	if _, err := l.OpenWallet(context.Background(), "w"); err != nil {
		os.Stdout.WriteString("error: " + err.Error())
		if errors.Is(err, ErrLockedByOtherProcess) {
			return 3
		}
		return 1
	}
	os.Stdout.WriteString("opened")
	l.Stop(context.Background())
	return 0
}

func runChild(t *testing.T, mode, dir string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "WALLET_DIR="+dir)
	out, err := cmd.Output()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// TestExclusiveLock: a loaded wallet cannot be opened by a second handle in
// this process or by another process; after unloading it can.
func TestExclusiveLock(t *testing.T) {
	e := newEnv(t)
	e.create("w", CreateOptions{})

	other := e.newLoader()
	_, err := other.OpenWallet(e.ctx, "w")
	want := "Wallet file verification failed. SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?\n"
	if !errors.Is(err, ErrLockedByOtherProcess) || err.Error() != want {
		t.Fatalf("second handle: %v", err)
	}
	if c := err.(*Error).RPCCode(); c != -4 {
		t.Fatalf("code %d", c)
	}

	out, code := runChild(t, "open", e.dir)
	if code != 3 || !strings.Contains(out, "Unable to obtain an exclusive lock") {
		t.Fatalf("second process: exit %d, %q", code, out)
	}
	if err := e.loader.UnloadWallet(e.ctx, "w"); err != nil {
		t.Fatal(err)
	}
	if out, code := runChild(t, "open", e.dir); code != 0 || out != "opened" {
		t.Fatalf("after unload: exit %d, %q", code, out)
	}
	if _, err := other.OpenWallet(e.ctx, "w"); err != nil {
		t.Fatalf("after unload, second loader: %v", err)
	}
}

// TestWalletNameClaimedOnTheNode: two loaders with their own wallet
// directories on one chain (two wallet processes attached to one node)
// cannot both load a wallet of the same name; unloading releases it.
func TestWalletNameClaimedOnTheNode(t *testing.T) {
	e := newEnv(t)
	e.create("w", CreateOptions{})
	otherDir := t.TempDir()
	other, err := NewLoader(&Config{Chain: e.chain, WalletDir: otherDir, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Stop(e.ctx)
	_, _, err = other.CreateWallet(e.ctx, "w", CreateOptions{})
	if !errors.Is(err, ErrLockedByOtherProcess) || !strings.Contains(err.Error(), "already loaded by another wallet process") {
		t.Fatalf("second process creating w: %v", err)
	}
	if _, err := os.Stat(filepath.Join(otherDir, "w")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the refused create left %s/w behind: %v", otherDir, err)
	}
	if _, _, err := other.CreateWallet(e.ctx, "v", CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := other.UnloadWallet(e.ctx, "v"); err != nil {
		t.Fatal(err)
	}
	if err := e.loader.UnloadWallet(e.ctx, "w"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := other.CreateWallet(e.ctx, "w", CreateOptions{}); err != nil {
		t.Fatalf("after the first process unloaded w: %v", err)
	}
	if _, err := e.loader.OpenWallet(e.ctx, "w"); !errors.Is(err, ErrLockedByOtherProcess) {
		t.Fatalf("first process reloading w while the other has it: %v", err)
	}
}
