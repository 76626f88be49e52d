package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// startupWallets returns the "wallet" list of n's settings.json.
func startupWallets(t *testing.T, n *node) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(n.Datadir, "regtest", "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Warning string   `json:"_warning_"`
		Wallet  []string `json:"wallet"`
	}
	if err := json.Unmarshal(data, &s); err != nil || s.Warning == "" {
		t.Fatalf("settings.json: %v\n%s", err, data)
	}
	return s.Wallet
}

func wantList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
}

// TestLoadOnStartup: load_on_startup saves wallet names in
// <datadir>/regtest/settings.json (Core's format) and the node loads them
// at its next start, in both shapes (in bitcoin-node the spawned wallet
// process changes the node's file through Chain).
func TestLoadOnStartup(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		wantList(t, "settings.json at start", startupWallets(t, n))
		n.MustCLI("-named", "createwallet", "wallet_name=a", "load_on_startup=true")
		n.MustCLI("createwallet", "b")
		n.MustCLI("-named", "createwallet", "wallet_name=c", "load_on_startup=true")
		wantList(t, "after createwallet", startupWallets(t, n), "a", "c")
		n.MustCLI("unloadwallet", "c", "false")
		wantList(t, "after unloadwallet c false", startupWallets(t, n), "a")

		n.Stop()
		n.Start("-fallbackfee=0.0002")
		wantList(t, "listwallets after a restart", listWallets(t, n), "a")
		n.MustCLI("loadwallet", "b", "true")
		wantList(t, "after loadwallet b true", startupWallets(t, n), "a", "b")

		// -wallet and settings.json name a twice: loaded once, with Core's
		// warning. A saved wallet whose files are gone is skipped with
		// Core's warning; the node starts.
		n.Stop()
		if err := os.RemoveAll(filepath.Join(n.Datadir, "regtest", "wallets", "b")); err != nil {
			t.Fatal(err)
		}
		n.Start("-fallbackfee=0.0002", "-wallet=a")
		wantList(t, "listwallets with -wallet=a", listWallets(t, n), "a")
		debugLog, err := os.ReadFile(filepath.Join(n.Datadir, "regtest", "debug.log"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"Ignoring duplicate -wallet a.", "Skipping -wallet path that doesn't exist."} {
			if !strings.Contains(string(debugLog), w) {
				t.Errorf("no %q in debug.log", w)
			}
		}

		// -nosettings: the file is neither read nor written, and
		// load_on_startup says that it could not be saved.
		n.Stop()
		n.Start("-fallbackfee=0.0002", "-nosettings")
		wantList(t, "listwallets with -nosettings", listWallets(t, n))
		out := n.MustCLI("-named", "createwallet", "wallet_name=d", "load_on_startup=true")
		if !strings.Contains(out, "Wallet load on startup setting could not be updated, so wallet may not be loaded next node startup.") {
			t.Fatalf("createwallet load_on_startup=true with -nosettings: %s", out)
		}
		wantList(t, "settings.json after -nosettings", startupWallets(t, n), "a", "b")
		n.Stop()
	})
}

// TestBadSettingsFile: a settings.json that is not valid JSON stops the
// node at start-up with Core's message, and is left as it was.
func TestBadSettingsFile(t *testing.T) {
	for _, exe := range shapes {
		t.Run(exe, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "regtest", "settings.json")
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			const bad = `{"wallet": ["a",}`
			if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := nodetest.Command(exe, "-regtest", "-datadir="+dir, "-printtoconsole=0").CombinedOutput()
			if err == nil || !strings.Contains(string(out), "Settings file could not be read:\n- Settings file "+path+" does not contain valid JSON.") {
				t.Fatalf("%s with a bad settings.json: %v\n%s", exe, err, out)
			}
			if got, _ := os.ReadFile(path); string(got) != bad {
				t.Fatalf("the bad file was changed: %s", got)
			}
		})
	}
}

// TestAttachedWalletLoadOnStartup: an attached wallet process keeps no
// settings file and may not change the node's: load_on_startup warns that
// the setting could not be saved, and the node's file is unchanged.
func TestAttachedWalletLoadOnStartup(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-ipcbind=unix", "-nowallet")
	wdir := t.TempDir()
	createOffline(t, wdir, "remote")
	attachWallet(t, n, wdir, "-wallet=remote")
	out, errOut, code := n.CLI("unloadwallet", "remote", "true")
	if code != 0 || !strings.Contains(out, "Wallet load on startup setting could not be updated, so wallet may not be loaded next node startup.") {
		t.Fatalf("unloadwallet remote true from an attached wallet: exit %d, %s %s", code, out, errOut)
	}
	wantList(t, "the node's settings.json", startupWallets(t, n))
	if _, err := os.Stat(filepath.Join(wdir, "regtest", "settings.json")); !os.IsNotExist(err) {
		t.Fatalf("the attached wallet wrote a settings file: %v", err)
	}
}
