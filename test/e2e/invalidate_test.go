package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// TestWalletFollowsInvalidateBlock: the wallet (in the node's process and
// in its own) follows invalidateblock and reconsiderblock: a payment mined
// in the invalidated block is unconfirmed again (and back in the
// mempool), and reconsiderblock confirms it again.
func TestWalletFollowsInvalidateBlock(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "w")
		addr := wcli(n, "w", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		txid := wcli(n, "w", "sendtoaddress", wcli(n, "w", "getnewaddress"), "1")
		var mined []string
		json.Unmarshal([]byte(n.MustCLI("generatetoaddress", "1", addr)), &mined)
		confirmations := func() int {
			var tx walletTx
			if err := json.Unmarshal([]byte(wcli(n, "w", "gettransaction", txid)), &tx); err != nil {
				t.Fatal(err)
			}
			return tx.Confirmations
		}
		waitConfirmations := func(want int) {
			t.Helper()
			deadline := time.Now().Add(nodetest.Scale(10 * time.Second))
			for confirmations() != want {
				if time.Now().After(deadline) {
					t.Fatalf("payment has %d confirmations, want %d", confirmations(), want)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		waitConfirmations(1)
		n.MustCLI("invalidateblock", mined[0])
		if got := n.MustCLI("getrawmempool"); !strings.Contains(got, txid) {
			t.Fatalf("payment not back in the mempool: %s", got)
		}
		waitConfirmations(0)
		n.MustCLI("reconsiderblock", mined[0])
		waitConfirmations(1)
		if got := strings.TrimSpace(n.MustCLI("getbestblockhash")); got != mined[0] {
			t.Fatalf("tip after reconsiderblock %s, want %s", got, mined[0])
		}
		n.Stop()
	})
}
