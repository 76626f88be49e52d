package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// network is where the remote tests run: two network namespaces joined by
// a veth pair (node on one side, clients on the other), or, where
// namespaces cannot be made, loopback with the same TLS code path.
type network struct {
	nodeNS, clientNS string // empty on loopback
	nodeIP           string
	clientLink       string // the client side's veth, for the cut
}

// newNetwork makes the namespaces; it falls back to loopback and says so.
func newNetwork(t *testing.T) *network {
	id := fmt.Sprintf("bh%d", os.Getpid()%100000)
	n := &network{nodeNS: id + "a", clientNS: id + "b", nodeIP: "10.231.7.1", clientLink: id + "vb"}
	steps := [][]string{
		{"netns", "add", n.nodeNS},
		{"netns", "add", n.clientNS},
		{"link", "add", id + "va", "netns", n.nodeNS, "type", "veth", "peer", "name", n.clientLink, "netns", n.clientNS},
		{"-n", n.nodeNS, "addr", "add", n.nodeIP + "/24", "dev", id + "va"},
		{"-n", n.clientNS, "addr", "add", "10.231.7.2/24", "dev", n.clientLink},
		{"-n", n.nodeNS, "link", "set", id + "va", "up"},
		{"-n", n.clientNS, "link", "set", n.clientLink, "up"},
		{"-n", n.nodeNS, "link", "set", "lo", "up"},
		{"-n", n.clientNS, "link", "set", "lo", "up"},
	}
	t.Cleanup(func() {
		exec.Command("ip", "netns", "del", n.nodeNS).Run()
		exec.Command("ip", "netns", "del", n.clientNS).Run()
	})
	for _, s := range steps {
		if out, err := exec.Command("ip", s...).CombinedOutput(); err != nil {
			t.Logf("RUNNING OVER LOOPBACK: network namespaces cannot be made here (ip %s: %v: %s)", strings.Join(s, " "), err, strings.TrimSpace(string(out)))
			return &network{nodeIP: "127.0.0.1"}
		}
	}
	t.Logf("running across network namespaces %s (node, %s) and %s (clients) over a veth pair", n.nodeNS, n.nodeIP, n.clientNS)
	return n
}

// client runs one of our executables on the client side.
func (nw *network) client(t *testing.T, exe string, args ...string) *nodetest.Proc {
	if nw.clientNS == "" {
		return nodetest.StartProc(t, exe, args...)
	}
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Fatal(err)
	}
	return nodetest.StartProc(t, ip, append([]string{"netns", "exec", nw.clientNS, nodetest.Bin(exe)}, args...)...)
}

// run runs a client-side command to its end and returns its output and
// exit code.
func (nw *network) run(t *testing.T, exe string, args ...string) (string, int) {
	p := nw.client(t, exe, args...)
	code := p.Wait(30 * time.Second)
	return p.Output(), code
}

// startRemoteNode starts exe on the node side of a new network, listening
// for IPC on TCP, and returns the network, the node and its -ipcbind
// address.
func startRemoteNode(t *testing.T, exe string, extra ...string) (*network, *node, string) {
	nw := newNetwork(t)
	n := nodetest.NewNode(t, exe)
	n.Netns = nw.nodeNS
	addr := fmt.Sprintf("tcp:%s:%d", nw.nodeIP, nodetest.FreePort(t))
	n.Start(append([]string{"-fallbackfee=0.0002", "-ipcbind=" + addr}, extra...)...)
	return nw, n, addr
}

// setLink brings the client side's link down or up.
func (nw *network) setLink(t *testing.T, state string) {
	t.Helper()
	if out, err := exec.Command("ip", "-n", nw.clientNS, "link", "set", nw.clientLink, state).CombinedOutput(); err != nil {
		t.Fatalf("ip link set %s: %v %s", state, err, out)
	}
}

// newCredentials authorises a client of n and stores its credentials file
// in dir.
func newCredentials(t *testing.T, n *node, spec, dir string) string {
	t.Helper()
	out, err := nodetest.Command(n.Exe, "-regtest", "-datadir="+n.Datadir, "-ipcnewclient="+spec).Output()
	if err != nil {
		t.Fatalf("-ipcnewclient=%s: %v", spec, err)
	}
	file := filepath.Join(dir, "credentials.json")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestRemoteWalletAndRoles: a wallet attaches over TCP+TLS from another
// network namespace with a wallet credential and is served; a gui
// credential reaches the RPC interface but cannot get the Chain; clients
// without a valid credential are refused; the wallet survives a 10 s
// network cut by reconnecting and catches up on the blocks it missed.
func TestRemoteWalletAndRoles(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		nw, n, addr := startRemoteNode(t, exe, "-ipctimeout=3")

		wdir, gdir, odir := t.TempDir(), t.TempDir(), t.TempDir()
		walletCreds := newCredentials(t, n, "laptop:wallet", wdir)
		guiCreds := newCredentials(t, n, "desk:gui", gdir)
		createOffline(t, wdir, "far")

		// A gui credential: RPC yes, Chain no.
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+gdir, "-ipcconnect="+addr, "-ipccredentials="+guiCreds, "getblockcount"); code != 0 || strings.TrimSpace(out) != "0" {
			t.Fatalf("bitcoin-cli with the gui credential: exit %d: %s", code, out)
		}
		createOffline(t, gdir, "g")
		out, code := nw.run(t, "bitcoin-wallet", "-regtest", "-datadir="+gdir, "-ipcconnect="+addr, "-ipccredentials="+guiCreds, "-wallet=g")
		if code == 0 || !strings.Contains(out, "may not call Init.makeChain") {
			t.Fatalf("a gui credential attached a wallet: exit %d:\n%s", code, out)
		}
		// A wallet credential cannot reach the RPC interface.
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+wdir, "-ipcconnect="+addr, "-ipccredentials="+walletCreds, "getblockcount"); code == 0 || !strings.Contains(out, "may not call Init.makeRpc") {
			t.Fatalf("bitcoin-cli with the wallet credential: exit %d: %s", code, out)
		}
		// No credential, and the credential of another node.
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+odir, "-ipcconnect="+addr, "getblockcount"); code == 0 || !strings.Contains(out, "-ipccredentials") {
			t.Fatalf("bitcoin-cli without credentials: exit %d: %s", code, out)
		}
		other := nodetest.NewNode(t, exe)
		otherCreds := newCredentials(t, other, "laptop:gui", odir)
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+odir, "-ipcconnect="+addr, "-ipccredentials="+otherCreds, "getblockcount"); code == 0 {
			t.Fatalf("another node's credential was accepted: %s", out)
		}
		// A valid credential of this node whose client was then revoked:
		// the node refuses it in the handshake.
		edir := t.TempDir()
		eveCreds := newCredentials(t, n, "eve:gui", edir)
		if out, err := nodetest.Command(n.Exe, "-regtest", "-datadir="+n.Datadir, "-ipcrevokeclient=eve").CombinedOutput(); err != nil || !strings.Contains(string(out), "Client eve removed") {
			t.Fatalf("-ipcrevokeclient=eve: %v: %s", err, out)
		}
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+edir, "-ipcconnect="+addr, "-ipccredentials="+eveCreds, "getblockcount"); code == 0 || !strings.Contains(out, "refused client eve") {
			t.Fatalf("a revoked client: exit %d: %s", code, out)
		}
		if !strings.Contains(n.Output(), "is not authorised") {
			t.Fatalf("the node did not log the unauthorised client:\n%s", n.Output())
		}
		if !strings.Contains(n.Output(), "refused") {
			t.Fatalf("the node did not log the refused client:\n%s", n.Output())
		}

		w := nw.client(t, "bitcoin-wallet", "-regtest", "-datadir="+wdir, "-ipcconnect="+addr, "-ipccredentials="+walletCreds,
			"-wallet=far", "-ipcreconnect", "-ipctimeout=3", "-printtoconsole")
		if !w.WaitFor("Attached to the node", 30*time.Second) {
			t.Fatalf("remote wallet did not attach:\n%s", w.Output())
		}
		farAddr := wcli(n, "far", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", farAddr)
		waitProcessed(t, n, "far", 101)
		if got := btc(t, wcli(n, "far", "getbalance")); got != 50e8 {
			t.Fatalf("remote wallet balance %d", got)
		}
		// The gui-role client runs wallet RPCs through the node's Rpc.
		if out, code := nw.run(t, "bitcoin-cli", "-regtest", "-datadir="+gdir, "-ipcconnect="+addr, "-ipccredentials="+guiCreds, "-rpcwallet=far", "getbalance"); code != 0 || strings.TrimSpace(out) != "50.00000000" {
			t.Fatalf("gui client: -rpcwallet=far getbalance: exit %d: %s", code, out)
		}
		if nw.clientNS == "" {
			t.Log("no namespaces: the network cut part needs them and did not run")
		} else {
			cut := time.Now()
			nw.setLink(t, "down")
			// The node goes on while the wallet is cut off: blocks paying it.
			n.MustCLI("generatetoaddress", "3", farAddr)
			// Within -ipctimeout the node notices the dead connection and
			// drops the wallet's registrations.
			for {
				_, errOut, code := n.CLI("-rpcwallet=far", "getbalance")
				if code == 18 && strings.Contains(errOut, "not loaded") {
					t.Logf("the node dropped the cut-off wallet %v into the cut", time.Since(cut).Round(time.Millisecond))
					break
				}
				if time.Since(cut) > 9*time.Second {
					t.Fatalf("9s into the cut the node still routes to the wallet: exit %d %s", code, errOut)
				}
				time.Sleep(200 * time.Millisecond)
			}
			time.Sleep(10*time.Second - time.Since(cut))
			nw.setLink(t, "up")
			t.Logf("network cut for %v", time.Since(cut).Round(time.Millisecond))
			if !w.WaitFor("Re-attached to the node", 60*time.Second) {
				t.Fatalf("the wallet did not reconnect after the cut:\n%s", w.Output())
			}
			t.Logf("re-attached %v after the link came back", time.Since(cut.Add(10*time.Second)).Round(time.Millisecond))
			waitProcessed(t, n, "far", 104)
			if got := btc(t, wcli(n, "far", "getbalance")); got != 4*50e8 {
				t.Fatalf("balance after the cut %d, want 200 BTC (blocks 1-4 mature)", got)
			}
		}
		w.Signal(syscall.SIGINT)
		if code := w.Wait(10 * time.Second); code != 0 {
			t.Fatalf("remote wallet exited %d:\n%s", code, w.Output())
		}
		wantWalletNotLoaded(t, n, "far")
		n.Stop()
	})
}

// TestRemoteWalletReconnectsFirst: after a short cut the wallet (quick to
// notice, -ipctimeout=2) reconnects while the node (-ipctimeout=30, nothing
// to send) still holds its old connection; the new connection takes the
// wallet over and is served.
func TestRemoteWalletReconnectsFirst(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		nw, n, addr := startRemoteNode(t, exe, "-ipctimeout=30")
		if nw.clientNS == "" {
			t.Log("no network namespaces: this scenario needs a link to cut and did not run")
			return
		}
		wdir := t.TempDir()
		creds := newCredentials(t, n, "laptop:wallet", wdir)
		createOffline(t, wdir, "far")
		w := nw.client(t, "bitcoin-wallet", "-regtest", "-datadir="+wdir, "-ipcconnect="+addr, "-ipccredentials="+creds,
			"-wallet=far", "-ipcreconnect", "-ipctimeout=2", "-printtoconsole")
		if !w.WaitFor("Attached to the node", 30*time.Second) {
			t.Fatalf("remote wallet did not attach:\n%s", w.Output())
		}
		farAddr := wcli(n, "far", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", farAddr)
		waitProcessed(t, n, "far", 101)

		// The node sends nothing during the cut, so it has nothing to
		// retransmit and keeps the dead connection when the link is back.
		nw.setLink(t, "down")
		time.Sleep(5 * time.Second)
		nw.setLink(t, "up")
		if !w.WaitFor("Re-attached to the node", 40*time.Second) {
			t.Fatalf("the wallet did not reconnect:\n%s", w.Output())
		}
		n.MustCLI("generatetoaddress", "2", farAddr)
		waitProcessed(t, n, "far", 103)
		if got := btc(t, wcli(n, "far", "getbalance")); got != 3*50e8 {
			t.Fatalf("balance after the reconnect %d, want 150 BTC", got)
		}
		if !strings.Contains(n.Output(), "Wallet client laptop reconnected") {
			t.Fatalf("the node did not take the old connection's wallet over:\n%s\nwallet:\n%s", n.Output(), w.Output())
		}
		w.Signal(syscall.SIGINT)
		if code := w.Wait(10 * time.Second); code != 0 {
			t.Fatalf("remote wallet exited %d:\n%s", code, w.Output())
		}
		n.Stop()
	})
}
