package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// wantCLIError runs bitcoin-cli and requires it to fail with Core's exit
// code (the RPC error code's absolute value) and message.
func wantCLIError(t *testing.T, n *node, code int, msg string, args ...string) {
	t.Helper()
	_, errOut, got := n.CLI(args...)
	if got != code || !strings.Contains(errOut, msg) {
		t.Errorf("%v: exit %d, %q; want %d %q", args, got, errOut, code, msg)
	}
}

// TestChangeWithNowhereToGo: with a change type the wallet has no
// descriptor for (-changetype=p2sh-segwit, -addresstype=legacy), a send
// that needs change fails with Core's error and spends nothing, whether
// the coin is small (0.05 BTC for 0.01) or large (50 BTC, which used to
// answer "Fee exceeds maximum"); a send that needs no change still works;
// asking for an address of such a type fails clearly.
func TestChangeWithNowhereToGo(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "A")
		n.MustCLI("createwallet", "B")
		addrA := wcli(n, "A", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addrA)
		wcli(n, "A", "sendtoaddress", wcli(n, "B", "getnewaddress"), "0.05")
		n.MustCLI("generatetoaddress", "1", addrA)
		balA := btc(t, wcli(n, "A", "getbalance"))
		n.Stop()

		const noChange = "Transaction needs a change address, but we can't generate it. Error: No "
		for _, c := range []struct{ option, typ string }{{"-changetype=p2sh-segwit", "p2sh-segwit"}, {"-addresstype=legacy", "legacy"}} {
			n.Start("-fallbackfee=0.0002", "-wallet=A", "-wallet=B", c.option)
			wantCLIError(t, n, 6, noChange+c.typ+" addresses available.", "-rpcwallet=B", "sendtoaddress", addrA, "0.01")
			wantCLIError(t, n, 6, noChange+c.typ+" addresses available.", "-rpcwallet=A", "sendtoaddress", addrA, "0.01")
			wantCLIError(t, n, 6, noChange+c.typ+" addresses available.", "-rpcwallet=A", "sendtoaddress", addrA, "10", "", "", "true")
			if got := btc(t, wcli(n, "B", "getbalance")); got != 500_0000 {
				t.Errorf("%s: B's balance after the refused send = %d sat, want 0.05 BTC", c.option, got)
			}
			if got := btc(t, wcli(n, "A", "getbalance")); got != balA {
				t.Errorf("%s: A's balance after the refused sends = %d sat, want %d", c.option, got, balA)
			}
			var mempool []string
			if err := json.Unmarshal([]byte(n.MustCLI("getrawmempool")), &mempool); err != nil || len(mempool) != 0 {
				t.Errorf("%s: the refused sends reached the mempool: %v %v", c.option, mempool, err)
			}
			wantCLIError(t, n, 12, "Error: No legacy addresses available.", "-rpcwallet=A", "getnewaddress", "", "legacy")
			wantCLIError(t, n, 12, "Error: No p2sh-segwit addresses available.", "-rpcwallet=A", "getrawchangeaddress", "p2sh-segwit")
			n.Stop()
		}

		// All of B's coin, the fee taken from it: no change, so it is made.
		n.Start("-fallbackfee=0.0002", "-wallet=A", "-wallet=B", "-changetype=legacy")
		txid := wcli(n, "B", "sendtoaddress", addrA, "0.05", "", "", "true")
		checkSentFee(t, n, "B", txid, 20)
		if !strings.Contains(n.MustCLI("getrawmempool"), txid) {
			t.Errorf("the change-less send %s is not in the mempool", txid)
		}
		if got := btc(t, wcli(n, "B", "getbalance")); got != 0 {
			t.Errorf("B's balance after sending everything = %d sat", got)
		}
		n.Stop()
	})
}
