package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Memory a client can pin (issue 9, item 6): registrations and
// notification subscriptions are bounded per client and end with it; a
// subscriber that falls too far behind is dropped, and a real wallet that
// was dropped catches up and follows the chain again.

// floodMethods are wallet method names an attacker registers with long
// help texts (not getbalance, which it tries first).
var floodMethods = []string{"abandontransaction", "abortrescan", "backupwallet", "bumpfee", "createwalletdescriptor",
	"encryptwallet", "fundrawtransaction", "getaddressesbylabel", "getaddressinfo", "getbalances",
	"gethdkeys", "getnewaddress", "getrawchangeaddress", "getreceivedbyaddress", "getreceivedbylabel",
	"gettransaction", "getunconfirmedbalance", "getwalletinfo", "importdescriptors", "keypoolrefill",
	"listaddressgroupings", "listdescriptors", "listlabels", "listlockunspent", "listreceivedbyaddress",
	"listsinceblock", "listtransactions", "listunspent", "lockunspent", "psbtbumpfee", "rescanblockchain", "send",
	"sendall", "sendmany", "sendtoaddress", "setlabel", "settxfee", "signmessage", "walletpassphrase"}

// foreignAddress is a regtest address no test wallet owns: blocks mined to
// it touch no wallet.
const foreignAddress = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"

// mine mines count blocks to address in chunks of 500.
func mine(t *testing.T, n *node, count int, address string) {
	t.Helper()
	for count > 0 {
		c := min(count, 500)
		n.MustCLI("generatetoaddress", strconv.Itoa(c), address)
		count -= c
	}
}

// rssMB is the resident memory of process pid in MiB.
func rssMB(t *testing.T, pid int) int {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				t.Fatalf("VmRSS of %d: %q", pid, line)
			}
			return kb / 1024
		}
	}
	t.Fatalf("no VmRSS for %d", pid)
	return 0
}

// TestClientRegistrationsBounded: a client cannot register RPC methods
// with help texts beyond a per-method and a per-client budget, nor more
// than a few notification subscriptions, not even through several Chains
// of one connection; everything it registered leaves with it, and help is
// what it was before.
func TestClientRegistrationsBounded(t *testing.T) {
	for _, via := range transports {
		t.Run(via, func(t *testing.T) {
			n := startAttackNode(t, "bitcoin-node", "-disablewallet")
			baseline := n.MustCLI("help")
			atk := n.attack(t, via, "mallory:wallet")
			register := func(chain interfaces.Chain, method, help string) error {
				_, err := chain.HandleRPC(atk.ctx, interfaces.RPCCommand{Name: method, Category: "wallet", Help: help}, &spy{})
				return err
			}
			if err := register(atk.Chain(), "getbalance", strings.Repeat("h", 1<<20)); err == nil {
				t.Error("the node registered a method with 1 MiB of help text")
			} else {
				t.Logf("1 MiB of help: %v", err)
			}
			help := strings.Repeat("h", 60<<10)
			accepted := 0
			var refusal error
			for _, m := range floodMethods {
				if refusal = register(atk.Chain(), m, help); refusal != nil {
					break
				}
				accepted++
			}
			t.Logf("registrations of 60 KiB of help accepted: %d; then: %v", accepted, refusal)
			if refusal == nil {
				t.Errorf("the node registered all %d methods with 60 KiB of help each", accepted)
			}
			// Another Chain of the same connection has no budget of its own.
			second, err := atk.init.MakeChain(atk.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := register(second, "walletlock", help); err == nil && refusal != nil {
				t.Error("a second Chain of the same connection registered beyond the connection's budget")
			}
			if got := len(n.MustCLI("help")) - len(baseline); got > 4<<20 {
				t.Errorf("help grew by %d bytes", got)
			}

			subs := 0
			for ; subs < 200; subs++ {
				if _, err := atk.Subscribe(atk.newStuck()); err != nil {
					t.Logf("subscription %d: %v", subs+1, err)
					break
				}
			}
			if subs == 200 {
				t.Error("the node took 200 notification subscriptions from one client")
			}

			atk.Close()
			deadline := time.Now().Add(5 * time.Second)
			for n.MustCLI("help") != baseline {
				if time.Now().After(deadline) {
					t.Fatal("help is not what it was 5s after the client disconnected")
				}
				time.Sleep(50 * time.Millisecond)
			}
			n.Stop()
		})
	}
}

// TestStuckSubscribersAreDropped: subscribers whose notification calls
// never return are dropped, each with a log line, once they are far
// behind (their queues freed), and the node's own wallet keeps following
// the chain.
func TestStuckSubscribersAreDropped(t *testing.T) {
	forEachShapeAndTransport(t, func(t *testing.T, exe, via string) {
		n := startAttackNode(t, exe)
		n.MustCLI("createwallet", "A")
		pid := n.Cmd.Process.Pid
		before := rssMB(t, pid)
		atk := n.attack(t, via, "mallory:wallet")
		subs := 0
		for ; subs < 50; subs++ {
			if _, err := atk.Subscribe(atk.newStuck()); err != nil {
				break
			}
		}
		const blocks = 3000
		start := time.Now()
		mine(t, n.node, blocks, foreignAddress)
		t.Logf("%d stuck subscribers; %d blocks mined in %v", subs, blocks, time.Since(start).Round(time.Millisecond))
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(n.Output(), "notifications behind") < subs {
			if time.Now().After(deadline) {
				t.Errorf("%d stuck subscribers, %d dropped", subs, strings.Count(n.Output(), "notifications behind"))
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		waitProcessed(t, n.node, "A", blocks)
		// For the record (mining itself takes memory, so this is no
		// test): before the bound, 50 stuck subscribers and 3,000 blocks
		// took the node from 86 to 231 MiB.
		t.Logf("node memory: %d MiB before the subscribers, %d MiB after %d blocks", before, rssMB(t, pid), blocks)
		n.Stop()
	})
}

// TestDroppedWalletCatchesUp: a real wallet process frozen (SIGSTOP) while
// the chain moves on is dropped by the node, and once it runs again it
// catches up from its last processed block and follows the chain and the
// mempool again: the attached bitcoin-wallet in both shapes, and
// bitcoin-node's own wallet process.
func TestDroppedWalletCatchesUp(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe, "-ipcbind=unix")
		n.MustCLI("createwallet", "A")
		wdir := t.TempDir()
		createOffline(t, wdir, "far")
		w := attachWallet(t, n, wdir, "-wallet=far")
		mine(t, n, 101, wcli(n, "far", "getnewaddress"))
		mine(t, n, 101, wcli(n, "A", "getnewaddress"))
		frozen := []int{w.Cmd.Process.Pid}
		if exe == "bitcoin-node" {
			frozen = append(frozen, walletPid(t, n))
		}
		for _, pid := range frozen {
			syscall.Kill(pid, syscall.SIGSTOP)
		}
		thawed := false
		thaw := func() {
			if !thawed {
				for _, pid := range frozen {
					syscall.Kill(pid, syscall.SIGCONT)
				}
				thawed = true
			}
		}
		defer thaw()
		const blocks = 3000
		mine(t, n, blocks, foreignAddress)
		tip := 202 + blocks
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(n.Output(), "notifications behind") < len(frozen) {
			if time.Now().After(deadline) {
				t.Fatalf("the node dropped %d of the %d frozen wallet processes' subscriptions:\n%s",
					strings.Count(n.Output(), "notifications behind"), len(frozen), n.Output())
			}
			time.Sleep(50 * time.Millisecond)
		}
		thaw()
		for _, wallet := range []string{"A", "far"} {
			waitProcessed(t, n, wallet, tip)
		}
		if !w.WaitFor("subscribing again and catching up", 10*time.Second) {
			t.Errorf("the attached wallet did not say it subscribed again:\n%s", w.Output())
		}
		// Notifications flow again: each wallet sees a payment to it in
		// the mempool, which no catch-up from blocks would show.
		toFar := wcli(n, "A", "sendtoaddress", wcli(n, "far", "getnewaddress"), "1")
		toA := wcli(n, "far", "sendtoaddress", wcli(n, "A", "getnewaddress"), "2")
		for wallet, txid := range map[string]string{"far": toFar, "A": toA} {
			deadline := time.Now().Add(10 * time.Second)
			for {
				if _, _, code := n.CLI("-rpcwallet="+wallet, "gettransaction", txid); code == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("wallet %s did not see the mempool transaction %s paying it", wallet, txid)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		mine(t, n, 1, foreignAddress)
		for _, wallet := range []string{"A", "far"} {
			waitProcessed(t, n, wallet, tip+1)
		}
		w.Signal(syscall.SIGINT)
		if code := w.Wait(10 * time.Second); code != 0 {
			t.Fatalf("the attached wallet exited %d:\n%s", code, w.Output())
		}
		n.Stop()
	})
}
