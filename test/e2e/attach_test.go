package e2e

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// createOffline creates a wallet with the offline wallet tool.
func createOffline(t *testing.T, datadir, name string) {
	t.Helper()
	out, err := nodetest.Command("bitcoin-wallet", "-regtest", "-datadir="+datadir, "-wallet="+name, "create").CombinedOutput()
	if err != nil {
		t.Fatalf("bitcoin-wallet create %s: %v\n%s", name, err, out)
	}
}

// walletArgs are the arguments of a bitcoin-wallet attaching to n's
// -ipcbind=unix socket with its own data directory.
func walletArgs(n *node, datadir string, extra ...string) []string {
	sock := filepath.Join(n.Datadir, "regtest", "node.sock")
	return append([]string{"-regtest", "-datadir=" + datadir, "-ipcconnect=unix:" + sock, "-printtoconsole", "-fallbackfee=0.0002"}, extra...)
}

// attachWallet starts a bitcoin-wallet that attaches to n and waits until
// it says so.
func attachWallet(t *testing.T, n *node, datadir string, extra ...string) *nodetest.Proc {
	t.Helper()
	w := nodetest.StartProc(t, "bitcoin-wallet", walletArgs(n, datadir, extra...)...)
	if !w.WaitFor("ttached to the node", 30*time.Second) {
		t.Fatalf("bitcoin-wallet did not attach:\n%s", w.Output())
	}
	return w
}

// listWallets returns the node's listwallets.
func listWallets(t *testing.T, n *node) []string {
	t.Helper()
	var names []string
	if err := json.Unmarshal([]byte(n.MustCLI("listwallets")), &names); err != nil {
		t.Fatal(err)
	}
	return names
}

// waitProcessed waits until wallet has processed the block at height.
func waitProcessed(t *testing.T, n *node, wallet string, height int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var info struct {
			LastProcessed struct{ Height int } `json:"lastprocessedblock"`
		}
		json.Unmarshal([]byte(wcli(n, wallet, "getwalletinfo")), &info)
		if info.LastProcessed.Height == height {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("wallet %s processed up to %d, want %d", wallet, info.LastProcessed.Height, height)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wantWalletNotLoaded checks that a call for wallet fails at once with
// Core's "not loaded" error.
func wantWalletNotLoaded(t *testing.T, n *node, wallet string) {
	t.Helper()
	start := time.Now()
	_, errOut, code := n.CLI("-rpcwallet="+wallet, "getbalance")
	if code != 18 || !strings.Contains(errOut, "Requested wallet does not exist or is not loaded") || time.Since(start) > 2*time.Second {
		t.Fatalf("getbalance on %s: exit %d after %v: %s", wallet, code, time.Since(start), errOut)
	}
}

// TestAttachAndDetach: a wallet created offline attaches to a running node
// (bitcoind or bitcoin-node), is served at /wallet/NAME, detaches on
// SIGINT leaving the node running, and catches up when it re-attaches.
func TestAttachAndDetach(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe, "-ipcbind=unix")
		n.MustCLI("createwallet", "A") // the node's own wallet
		wdir := t.TempDir()
		createOffline(t, wdir, "bob")
		w := attachWallet(t, n, wdir, "-wallet=bob")

		var info struct{ WalletName string }
		json.Unmarshal([]byte(wcli(n, "bob", "getwalletinfo")), &info)
		if info.WalletName != "bob" {
			t.Fatalf("getwalletinfo through the node: walletname %q", info.WalletName)
		}
		if got := listWallets(t, n); !slices.Equal(got, []string{"A", "bob"}) {
			t.Fatalf("listwallets = %v, want the node's A and the attached bob", got)
		}
		addr := wcli(n, "bob", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		waitProcessed(t, n, "bob", 101)
		if got := btc(t, wcli(n, "bob", "getbalance")); got != 50e8 {
			t.Fatalf("bob's balance %d, want 50 BTC", got)
		}

		w.Signal(syscall.SIGINT)
		if code := w.Wait(5 * time.Second); code != 0 {
			t.Fatalf("bitcoin-wallet exited %d after SIGINT:\n%s", code, w.Output())
		}
		wantWalletNotLoaded(t, n, "bob")
		if got := listWallets(t, n); !slices.Equal(got, []string{"A"}) {
			t.Fatalf("listwallets after the detach = %v", got)
		}
		// Blocks the wallet misses while detached.
		n.MustCLI("generatetoaddress", "5", addr)

		w = attachWallet(t, n, wdir, "-wallet=bob")
		waitProcessed(t, n, "bob", 106)
		if got := btc(t, wcli(n, "bob", "getbalance")); got != 6*50e8 {
			t.Fatalf("bob's balance after catching up %d, want 300 BTC", got)
		}
		w.Signal(syscall.SIGTERM)
		if code := w.Wait(5 * time.Second); code != 0 {
			t.Fatalf("bitcoin-wallet exited %d after SIGTERM", code)
		}
		wantWalletNotLoaded(t, n, "bob")
		n.Stop()
	})
}

// TestAttachWithMissingWalletFails: -wallet naming no wallet is a clear
// error and a non-zero exit; the node is unaffected.
func TestAttachWithMissingWalletFails(t *testing.T) {
	forEachShape(t, testAttachWithMissingWalletFails)
}

func testAttachWithMissingWalletFails(t *testing.T, exe string) {
	n := startWalletNode(t, exe, "-ipcbind=unix")
	w := nodetest.StartProc(t, "bitcoin-wallet", walletArgs(n, t.TempDir(), "-wallet=nosuch")...)
	if code := w.Wait(15 * time.Second); code == 0 {
		t.Fatalf("bitcoin-wallet with a missing -wallet exited 0:\n%s", w.Output())
	}
	if out := w.Output(); !strings.Contains(out, "Error:") || !strings.Contains(out, "nosuch") || !strings.Contains(out, "does not exist") {
		t.Fatalf("unclear error:\n%s", out)
	}
	n.MustCLI("getblockcount")
	wantWalletNotLoaded(t, n, "nosuch")
}

// TestSeveralAttachedWallets: two wallet processes at once, each with its
// own wallet; a payment between them; a wallet cannot be loaded by two
// processes; a killed wallet process is dropped, the other keeps working.
func TestSeveralAttachedWallets(t *testing.T) {
	forEachShape(t, testSeveralAttachedWallets)
}

func testSeveralAttachedWallets(t *testing.T, exe string) {
	n := startWalletNode(t, exe, "-ipcbind=unix")
	d1, d2 := t.TempDir(), t.TempDir()
	createOffline(t, d1, "c1")
	createOffline(t, d2, "c2")
	w1 := attachWallet(t, n, d1, "-wallet=c1")
	w2 := attachWallet(t, n, d2, "-wallet=c2")
	if got := listWallets(t, n); !slices.Equal(got, []string{"c1", "c2"}) {
		t.Fatalf("listwallets = %v", got)
	}
	n.MustCLI("generatetoaddress", "101", wcli(n, "c1", "getnewaddress"))
	to := wcli(n, "c2", "getnewaddress")
	txid := wcli(n, "c1", "sendtoaddress", to, "1.25")
	n.MustCLI("generatetoaddress", "1", wcli(n, "c1", "getnewaddress"))
	waitProcessed(t, n, "c2", 102)
	if got := btc(t, wcli(n, "c2", "getbalance")); got != 125_000_000 {
		t.Fatalf("c2 balance %d after receiving 1.25 BTC in %s", got, txid)
	}

	// The same wallet in a second process: the file is locked.
	dup := nodetest.StartProc(t, "bitcoin-wallet", walletArgs(n, d1, "-wallet=c1")...)
	if code := dup.Wait(15 * time.Second); code == 0 {
		t.Fatalf("a second process loaded c1:\n%s", dup.Output())
	}
	if out := dup.Output(); !strings.Contains(out, "lock") {
		t.Fatalf("second load of c1: unclear error:\n%s", out)
	}
	wcli(n, "c1", "getbalance")
	// Another wallet that happens to be called c1, in a third data
	// directory: the node refuses a second wallet of that name.
	d3 := t.TempDir()
	createOffline(t, d3, "c1")
	same := nodetest.StartProc(t, "bitcoin-wallet", walletArgs(n, d3, "-wallet=c1")...)
	if code := same.Wait(15 * time.Second); code == 0 || !strings.Contains(same.Output(), "already loaded by another wallet process") {
		t.Fatalf("a second wallet named c1: exit %d:\n%s", code, same.Output())
	}
	wcli(n, "c1", "getbalance")

	w2.Signal(syscall.SIGKILL)
	w2.Wait(5 * time.Second)
	deadline := time.Now().Add(3 * time.Second)
	for slices.Contains(listWallets(t, n), "c2") {
		if time.Now().After(deadline) {
			t.Fatal("c2 still listed 3s after its process was killed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	wantWalletNotLoaded(t, n, "c2")
	wcli(n, "c1", "getbalance")
	w1.Signal(syscall.SIGINT)
	if code := w1.Wait(5 * time.Second); code != 0 {
		t.Fatalf("c1's process exited %d", code)
	}
}

// TestNodeStopsWithClientsAttached: SIGINT on the node with two wallets
// attached stops it within 5 s; the plain client exits with an error, the
// -ipcreconnect one waits and re-attaches to the restarted node.
func TestNodeStopsWithClientsAttached(t *testing.T) {
	forEachShape(t, testNodeStopsWithClientsAttached)
}

func testNodeStopsWithClientsAttached(t *testing.T, exe string) {
	n := startWalletNode(t, exe, "-ipcbind=unix")
	d1, d2 := t.TempDir(), t.TempDir()
	createOffline(t, d1, "plain")
	createOffline(t, d2, "sticky")
	plain := attachWallet(t, n, d1, "-wallet=plain")
	sticky := attachWallet(t, n, d2, "-wallet=sticky", "-ipcreconnect")
	wcli(n, "plain", "getbalance")
	start := time.Now()
	n.Stop()
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("node took %v to stop with clients attached", took)
	}
	t.Logf("node stopped %v after SIGINT with two wallets attached", time.Since(start).Round(time.Millisecond))
	if code := plain.Wait(5 * time.Second); code == 0 || !strings.Contains(plain.Output(), "lost the connection") {
		t.Fatalf("plain client: exit %d:\n%s", code, plain.Output())
	}
	select {
	case <-sticky.Exited():
		t.Fatalf("-ipcreconnect client exited:\n%s", sticky.Output())
	case <-time.After(500 * time.Millisecond):
	}
	n.Start("-fallbackfee=0.0002", "-ipcbind=unix")
	if !sticky.WaitFor("Re-attached to the node", 40*time.Second) {
		t.Fatalf("client did not re-attach:\n%s", sticky.Output())
	}
	n.MustCLI("generatetoaddress", "1", wcli(n, "sticky", "getnewaddress"))
	waitProcessed(t, n, "sticky", 1)
	sticky.Signal(syscall.SIGINT)
	if code := sticky.Wait(5 * time.Second); code != 0 {
		t.Fatalf("sticky client exited %d", code)
	}
	n.Stop()
}

// TestWalletRestart: with -walletrestart the node respawns a wallet process
// that died and reloads its wallets, and says so.
func TestWalletRestart(t *testing.T) {
	n := startWalletNode(t, "bitcoin-node", "-walletrestart=2")
	n.MustCLI("createwallet", "A")
	n.MustCLI("createwallet", "B")
	kids := nodetest.Children(n.Cmd.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("children %v", kids)
	}
	syscall.Kill(kids[0], syscall.SIGKILL)
	deadline := time.Now().Add(10 * time.Second)
	for {
		now := nodetest.Children(n.Cmd.Process.Pid)
		if len(now) == 1 && now[0] != kids[0] && slices.Equal(listWallets(t, n), []string{"A", "B"}) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new wallet process with A and B 10s after the kill (children %v):\n%s", now, n.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var info struct {
		WalletProcess struct {
			Pid      int
			Restarts int
			LastExit string `json:"last_exit"`
		}
	}
	json.Unmarshal([]byte(wcli(n, "B", "getwalletinfo")), &info)
	if info.WalletProcess.Restarts != 1 || !strings.Contains(info.WalletProcess.LastExit, "killed") || info.WalletProcess.Pid == kids[0] {
		t.Fatalf("getwalletinfo walletprocess = %+v", info.WalletProcess)
	}
	if out := n.Output(); !strings.Contains(out, "restarting it in") || !strings.Contains(out, "Wallet process restarted") {
		t.Fatalf("the log does not say what happened:\n%s", out)
	}
	n.Stop()
}
