package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// Isolation between IPC clients (issue 9): what a client holding a wallet
// credential (over TLS) or a local process (on the unix socket) can take
// from the node's other wallets. Each test runs the attacker over both
// transports, against bitcoind and bitcoin-node.

// transports are the two ways an attacker reaches the node.
var transports = []string{"unix", "tls"}

// forEachShapeAndTransport runs scenario for both shapes and both
// transports.
func forEachShapeAndTransport(t *testing.T, scenario func(t *testing.T, exe, via string)) {
	forEachShape(t, func(t *testing.T, exe string) {
		for _, via := range transports {
			t.Run(via, func(t *testing.T) { scenario(t, exe, via) })
		}
	})
}

// spiedMethods are the wallet methods the attacker registers to see what
// the node hands it.
var spiedMethods = []string{"walletpassphrase", "walletpassphrasechange", "encryptwallet", "getnewaddress", "getbalance",
	"getwalletinfo", "createwallet", "loadwallet", "unloadwallet", "listwallets"}

// attackerAddress is what the spy answers getnewaddress with.
const attackerAddress = "bcrt1qattackerattackerattackerattackerq0l7vc"

// walletPid is the pid of bitcoin-node's wallet process.
func walletPid(t *testing.T, n *node) int {
	t.Helper()
	kids := nodetest.Children(n.Cmd.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("bitcoin-node has children %v, want its one wallet process", kids)
	}
	return kids[0]
}

// restarted says whether bitcoin-node runs a wallet process other than
// old with every wallet of want loaded.
func restarted(n *node, old int, want ...string) bool {
	kids := nodetest.Children(n.Cmd.Process.Pid)
	if len(kids) != 1 || kids[0] == old {
		return false
	}
	res, err := n.Call("", "listwallets")
	var names []string
	if err != nil || json.Unmarshal(res, &names) != nil {
		return false
	}
	for _, w := range want {
		if !slices.Contains(names, w) {
			return false
		}
	}
	return true
}

// waitRestarted waits until restarted holds.
func waitRestarted(t *testing.T, n *node, old int, want ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !restarted(n, old, want...) {
		if time.Now().After(deadline) {
			t.Fatalf("no new wallet process with %v 15s after the old one died:\n%s", want, n.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startRestartingAttackNode is startAttackNode; bitcoin-node restarts its
// wallet process when it dies (-walletrestart=1).
func startRestartingAttackNode(t *testing.T, exe string) *attackNode {
	if exe == "bitcoin-node" {
		return startAttackNode(t, exe, "-walletrestart=1")
	}
	return startAttackNode(t, exe)
}

// TestWalletRPCsReachOnlyTheirWallet (issue 9, item 1): a client that
// registers the wallet methods before anyone else gets no request meant
// for another wallet: not those of a wallet process attached after it, not
// those of the node's own wallets, not after the node's wallet process
// restarted, not createwallet; it cannot register a method that is no
// wallet method, and its garbage listwallets answer breaks nothing.
func TestWalletRPCsReachOnlyTheirWallet(t *testing.T) {
	forEachShapeAndTransport(t, testWalletRPCsReachOnlyTheirWallet)
}

func testWalletRPCsReachOnlyTheirWallet(t *testing.T, exe, via string) {
	n := startRestartingAttackNode(t, exe)
	atk := n.attack(t, via, "mallory:wallet")
	s := &spy{Address: attackerAddress, ListWallets: `{"all your":"wallets"}`}
	atk.RegisterAll(s, spiedMethods...)
	if _, err := atk.Register("stealpassphrase", s); err == nil {
		t.Error("the node registered stealpassphrase, which is no wallet method")
	} else {
		t.Logf("registering stealpassphrase: %v", err)
	}
	intercepted := func(when string) {
		t.Helper()
		if seen := s.Seen(); len(seen) > 0 {
			t.Errorf("%s: the attacker received %d requests meant for other wallets:\n  %s", when, len(seen), strings.Join(seen, "\n  "))
		}
	}

	// Another wallet process attaches after the attacker.
	vdir := t.TempDir()
	createOffline(t, vdir, "victim")
	v := attachWallet(t, n.node, vdir, "-wallet=victim")
	wcli(n.node, "victim", "encryptwallet", "victim-secret")
	wcli(n.node, "victim", "walletpassphrase", "victim-secret", "60")
	if addr := wcli(n.node, "victim", "getnewaddress"); addr == attackerAddress {
		t.Error("getnewaddress for the attached wallet answered by the attacker")
	}
	intercepted("the wallet attached after the attacker")

	// The node's own wallet.
	n.MustCLI("createwallet", "A")
	wcli(n.node, "A", "encryptwallet", "own-secret")
	wcli(n.node, "A", "walletpassphrase", "own-secret", "60")
	if addr := wcli(n.node, "A", "getnewaddress"); addr == attackerAddress {
		t.Error("getnewaddress for the node's wallet answered by the attacker")
	}
	intercepted("the node's own wallet")
	if res, err := n.Call("", "listwallets"); err != nil || string(res) != `["victim","A"]` {
		t.Errorf("listwallets beside an attacker answering garbage: %s %v", res, err)
	}
	if _, errOut, code := n.CLI("getnewaddress"); code != 19 {
		t.Errorf("getnewaddress without a wallet, two wallets loaded: exit %d: %s", code, errOut)
	}

	// With one wallet left, calls that name none go to it.
	v.Signal(syscall.SIGINT)
	if code := v.Wait(10 * time.Second); code != 0 {
		t.Fatalf("the attached wallet exited %d:\n%s", code, v.Output())
	}
	wantWalletNotLoaded(t, n.node, "victim")
	if addr := n.MustCLI("getnewaddress"); addr == attackerAddress {
		t.Error("getnewaddress without a wallet answered by the attacker")
	}
	intercepted("calls without a wallet name")

	if exe == "bitcoin-node" {
		// The node respawns its wallet process after the attacker registered.
		old := walletPid(t, n.node)
		syscall.Kill(old, syscall.SIGKILL)
		waitRestarted(t, n.node, old, "A")
		wcli(n.node, "A", "walletpassphrase", "own-secret", "60")
		if addr := wcli(n.node, "A", "getnewaddress"); addr == attackerAddress {
			t.Error("after the restart, getnewaddress for A answered by the attacker")
		}
		if addr := n.MustCLI("getnewaddress"); addr == attackerAddress {
			t.Error("after the restart, getnewaddress without a wallet answered by the attacker")
		}
		n.MustCLI("createwallet", "B")
		intercepted("after the node's wallet process restarted")
	}
	n.Stop()
}

// TestClientRegistrationsEndWithIt (issue 9, item 1): what a client
// registered leaves help when its connection ends, and a name that is no
// wallet method is never registered. The node runs no wallet of its own
// (-disablewallet), so the client's registrations are the only ones.
func TestClientRegistrationsEndWithIt(t *testing.T) {
	forEachShapeAndTransport(t, func(t *testing.T, exe, via string) {
		n := startAttackNode(t, exe, "-disablewallet")
		atk := n.attack(t, via, "mallory:wallet")
		atk.RegisterAll(&spy{}, "getnewaddress")
		if _, err := atk.Register("stealpassphrase", &spy{}); err == nil {
			t.Error("the node registered stealpassphrase, which is no wallet method")
		}
		help := n.MustCLI("help")
		if !strings.Contains(help, "getnewaddress") || strings.Contains(help, "stealpassphrase") {
			t.Errorf("help while the client is attached:\n%s", help)
		}
		atk.Close()
		deadline := time.Now().Add(5 * time.Second)
		for strings.Contains(n.MustCLI("help"), "getnewaddress") {
			if time.Now().After(deadline) {
				t.Fatal("getnewaddress still in help 5s after the client that registered it disconnected")
			}
			time.Sleep(50 * time.Millisecond)
		}
		n.Stop()
	})
}

// TestWalletNameClaims (issue 9, item 3): a client cannot claim the name of
// a wallet it does not serve (which blocked createwallet of that name and
// made every call without a wallet name fail with -19), nor the name of a
// node's wallet, not even while the node's wallet process restarts.
func TestWalletNameClaims(t *testing.T) {
	forEachShapeAndTransport(t, testWalletNameClaims)
}

func testWalletNameClaims(t *testing.T, exe, via string) {
	n := startRestartingAttackNode(t, exe)
	n.MustCLI("createwallet", "A")
	atk := n.attack(t, via, "mallory:wallet")
	// The attacker lists A as one of its wallets, but not ghost.
	s := &spy{Wallets: []string{"A"}, Address: attackerAddress}
	atk.RegisterAll(s, "listwallets", "getbalance", "getnewaddress", "getwalletinfo")

	if _, err := atk.Claim("ghost"); err == nil {
		t.Error("the node let a client claim ghost, a wallet it does not serve")
	} else {
		t.Logf("claiming ghost: %v", err)
	}
	if _, errOut, code := n.CLI("getbalance"); code != 0 {
		t.Errorf("getbalance without a wallet name, the node's A the only wallet: exit %d: %s", code, errOut)
	}
	if _, errOut, code := n.CLI("createwallet", "ghost"); code != 0 {
		t.Errorf("createwallet ghost: exit %d: %s", code, errOut)
	} else {
		n.MustCLI("unloadwallet", "ghost")
	}
	if _, err := atk.Claim("A"); err == nil {
		t.Error("the node let a client claim A, the name of the node's loaded wallet")
	}

	if exe == "bitcoin-node" {
		// While the node's wallet process restarts, A stays the node's.
		old := walletPid(t, n.node)
		syscall.Kill(old, syscall.SIGKILL)
		h, refusals := atk.claimUntil("A", 15*time.Second, func() bool { return restarted(n.node, old, "A") })
		t.Logf("claiming A during the restart, refused with: %q", refusals)
		if h != nil {
			t.Error("the attacker claimed A while the node's wallet process restarted")
		} else if !slices.ContainsFunc(refusals, func(r string) bool { return strings.Contains(r, "one of the node's own wallets") }) {
			t.Error("the attacker never tried while the node's wallet process was down")
		}
		waitRestarted(t, n.node, old, "A")
		if out := n.Output(); strings.Contains(out, `Reloading wallet "A" after the wallet process restart failed`) {
			t.Errorf("the restarted wallet process could not reload A:\n%s", out)
		}
	}
	var info struct{ WalletName string }
	json.Unmarshal([]byte(wcli(n.node, "A", "getwalletinfo")), &info)
	if addr := wcli(n.node, "A", "getnewaddress"); info.WalletName != "A" || addr == attackerAddress {
		t.Errorf("A is not served by the node: getwalletinfo walletname %q, getnewaddress %s", info.WalletName, addr)
	}
	if seen := s.SeenExcept("listwallets"); len(seen) > 0 {
		t.Errorf("the attacker received: %v", seen)
	}
	n.Stop()
}

// TestClaimsFollowIdentityNotName (issue 9, item 4): a credential named as
// the node's own wallet client ("bitcoin-wallet-<pid>" for bitcoin-node's
// wallet process, "bitcoind" for bitcoind's wallets) does not take over the
// node's wallets; a local process may take over its own names on a new
// connection (a reconnect), but not another process's.
func TestClaimsFollowIdentityNotName(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startAttackNode(t, exe)
		n.MustCLI("createwallet", "A")
		own := "bitcoind"
		if exe == "bitcoin-node" {
			own = fmt.Sprintf("bitcoin-wallet-%d", walletPid(t, n.node))
		}
		atk := n.attack(t, "tls", own+":wallet")
		s := &spy{Wallets: []string{"A"}, Address: attackerAddress}
		atk.RegisterAll(s, "listwallets", "getnewaddress", "getwalletinfo")
		if _, err := atk.Claim("A"); err == nil {
			t.Errorf("a credential named %s took A over", own)
		} else {
			t.Logf("credential named %s claiming A: %v", own, err)
		}
		if addr := wcli(n.node, "A", "getnewaddress"); addr == attackerAddress {
			t.Errorf("after a credential named %s claimed A, getnewaddress for A was answered by it", own)
		}
		if seen := s.SeenExcept("listwallets"); len(seen) > 0 {
			t.Errorf("the attacker received: %v", seen)
		}

		// Local processes: the unix peer's process (uid, pid, start time).
		first := n.attack(t, "unix", "")
		first.RegisterAll(&spy{Wallets: []string{"mine"}}, "listwallets", "getbalance")
		if _, err := first.Claim("mine"); err != nil {
			t.Fatalf("a local client claiming a wallet it serves: %v", err)
		}
		again := n.attack(t, "unix", "")
		again.RegisterAll(&spy{Wallets: []string{"mine", "c"}}, "listwallets", "getbalance")
		if _, err := again.Claim("mine"); err != nil {
			t.Errorf("the same process, on a new connection, could not take its name over: %v", err)
		}
		cdir := t.TempDir()
		createOffline(t, cdir, "c")
		attachWallet(t, n.node, cdir, "-wallet=c")
		if _, err := again.Claim("c"); err == nil {
			t.Error("a local client took over the name of another process's wallet")
		}
		wcli(n.node, "c", "getbalance")
		n.Stop()
	})
}
