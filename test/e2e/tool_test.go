package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// runOut runs an executable to completion and returns its stdout, stderr
// and exit code.
func runOut(t *testing.T, exe string, args ...string) (string, string, int) {
	t.Helper()
	cmd := nodetest.Command(exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatalf("%s: %v", exe, err)
	}
	return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
}

// toolInfo is the info block bitcoin-wallet prints for a new wallet with
// Bulkhead's four descriptors and Core's default keypool.
func toolInfo(name string) string {
	return fmt.Sprintf("Wallet info\n===========\nName: %s\nFormat: sqlite\nDescriptors: yes\nEncrypted: no\n"+
		"HD (hd seed available): yes\nKeypool Size: 4000\nTransactions: 0\nAddress Book: 0\n", name)
}

type lastProcessed struct {
	WalletName string `json:"walletname"`
	Last       struct {
		Height int `json:"height"`
	} `json:"lastprocessedblock"`
}

// TestToolCreateInfoThenNode: bitcoin-wallet create makes a wallet the
// node loads with -wallet and catches up from the genesis block; info
// reads it; the tool's errors are Core's.
func TestToolCreateInfoThenNode(t *testing.T) {
	n := startNode(t, "bitcoind")
	n.MustCLI("generatetoaddress", "5", "bcrt1qs758ursh4q9z627kt3pp5yysm78ddny6txaqgw")
	n.Stop()
	dd := "-datadir=" + n.Datadir

	out, errOut, code := runOut(t, "bitcoin-wallet", "-regtest", dd, "-wallet=w", "create")
	if code != 0 || errOut != "" || out != "Topping up keypool...\n"+toolInfo("w") {
		t.Fatalf("create: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(n.Datadir, "regtest", "wallets", "w", "wallet.dat")); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runOut(t, "bitcoin-wallet", "-regtest", dd, "-wallet=w", "info")
	if code != 0 || errOut != "" || out != toolInfo("w") {
		t.Fatalf("info: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"create"}, "Wallet name must be provided when creating a new wallet."},
		{[]string{"-wallet=w", "create"}, "Failed to create database path '" + filepath.Join(n.Datadir, "regtest", "wallets", "w") + "'. Database already exists."},
		{[]string{"-wallet=nope", "info"}, "Failed to load database path '" + filepath.Join(n.Datadir, "regtest", "wallets", "nope") + "'. Path does not exist."},
		{[]string{"-wallet=w", "frob"}, "Error parsing command line arguments: Invalid command 'frob'"},
		{[]string{"-wallet=w", "info", "create"}, "Error: Additional arguments provided (create). Methods do not take arguments. Please refer to `-help`."},
		{[]string{"-wallet=w", "salvage"}, "Salvage command is not available as BDB support is not compiled"},
	} {
		out, errOut, code := runOut(t, "bitcoin-wallet", append([]string{"-regtest", dd}, c.args...)...)
		if code == 0 || out != "" || strings.TrimSpace(errOut) != c.want {
			t.Errorf("bitcoin-wallet %q: exit %d, stdout %q, stderr %q; want %q", c.args, code, out, errOut, c.want)
		}
	}

	n.Start("-wallet=w")
	var info lastProcessed
	if err := json.Unmarshal(n.MustCall("w", "getwalletinfo"), &info); err != nil {
		t.Fatal(err)
	}
	if info.WalletName != "w" || info.Last.Height != 5 {
		t.Fatalf("getwalletinfo: %+v, want wallet w at height 5", info)
	}
	// The running node holds the wallet: the tool says so.
	out, errOut, code = runOut(t, "bitcoin-wallet", "-regtest", dd, "-wallet=w", "info")
	if code == 0 || out != "" || strings.TrimSpace(errOut) != "SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?" {
		t.Fatalf("info on a loaded wallet: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// And the wallet works.
	addr := wcli(n, "w", "getnewaddress")
	n.MustCLI("generatetoaddress", "1", addr)
	if got := wcli(n, "w", "getbalances"); !strings.Contains(got, `"immature": 50`) {
		t.Fatalf("getbalances after mining to the wallet: %s", got)
	}
	n.Stop()
}

// TestWrapperMultiprocessNode: "bitcoin wallet … create" runs the tool,
// "bitcoin -m node" becomes bitcoin-node (same process), which loads that
// wallet in its wallet process, and "bitcoin rpc" reaches it.
func TestWrapperMultiprocessNode(t *testing.T) {
	dir := t.TempDir()
	dd := "-datadir=" + dir
	port := fmt.Sprintf("-rpcport=%d", nodetest.FreePort(t))

	out, errOut, code := runOut(t, "bitcoin", "wallet", "-regtest", dd, "-wallet=x", "create")
	if code != 0 || out != "Topping up keypool...\n"+toolInfo("x") {
		t.Fatalf("bitcoin wallet create: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	cmd := nodetest.Command("bitcoin", "-m", "node", "-regtest", dd, port, "-wallet=x")
	logPath := filepath.Join(t.TempDir(), "node.out")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	nodeOut := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	})

	rpc := func(args ...string) (string, string, int) {
		return runOut(t, "bitcoin", append([]string{"rpc", "-regtest", dd, port}, args...)...)
	}
	if out, errOut, code := rpc("-rpcwait", "-rpcwaittimeout=20", "getblockcount"); code != 0 || strings.TrimSpace(out) != "0" {
		t.Fatalf("bitcoin rpc getblockcount: exit %d, %q, %q\nnode:\n%s", code, out, errOut, nodeOut())
	}
	// The wrapper replaced itself: its pid is bitcoin-node now.
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", cmd.Process.Pid)); err != nil || filepath.Base(exe) != "bitcoin-node" {
		t.Fatalf("the wrapper's process runs %q (%v), want bitcoin-node", exe, err)
	}
	if out, errOut, code := rpc("-rpcwallet=x", "getwalletinfo"); code != 0 || !strings.Contains(out, `"walletname": "x"`) {
		t.Fatalf("bitcoin rpc getwalletinfo: exit %d, %q, %q", code, out, errOut)
	}
	if _, errOut, code := rpc("stop"); code != 0 {
		t.Fatalf("bitcoin rpc stop: %s", errOut)
	}
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		cmd.Process.Signal(syscall.SIGINT)
		t.Fatalf("bitcoin-node did not stop\n%s", nodeOut())
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("bitcoin-node exited %d\n%s", code, nodeOut())
	}

	// Errors: unknown command, a binary that is not built.
	if _, errOut, code := runOut(t, "bitcoin", "frob"); code == 0 || !strings.HasPrefix(errOut, "Error: Unrecognized command: 'frob'\n") {
		t.Fatalf("bitcoin frob: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runOut(t, "bitcoin", "tx"); code == 0 || !strings.HasPrefix(errOut, "Error: bitcoin-tx not found") {
		t.Fatalf("bitcoin tx: exit %d, %q", code, errOut)
	}
}
