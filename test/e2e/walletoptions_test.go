package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// walletBalances is the part of getbalances the tests read.
type walletBalances struct {
	Mine struct {
		Trusted          float64 `json:"trusted"`
		UntrustedPending float64 `json:"untrusted_pending"`
	} `json:"mine"`
}

func getBalances(t *testing.T, n *node, wallet string) walletBalances {
	t.Helper()
	var b walletBalances
	if err := json.Unmarshal([]byte(wcli(n, wallet, "getbalances")), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// inputSequences returns the nSequence of each input of a wallet
// transaction.
func inputSequences(t *testing.T, n *node, wallet, txid string) []uint32 {
	t.Helper()
	var tx struct{ Hex string }
	if err := json.Unmarshal([]byte(wcli(n, wallet, "gettransaction", txid)), &tx); err != nil {
		t.Fatal(err)
	}
	var dec struct {
		Vin []struct{ Sequence uint32 }
	}
	if err := json.Unmarshal([]byte(n.MustCLI("decoderawtransaction", tx.Hex)), &dec); err != nil {
		t.Fatal(err)
	}
	var out []uint32
	for _, in := range dec.Vin {
		out = append(out, in.Sequence)
	}
	return out
}

// TestWalletBoolOptionsAsCore: the wallet's boolean options read their
// values as Core does in both shapes (in bitcoin-node the wallet process
// gets them from the node over IPC): "false" and "true" are words, so 0,
// so false; the command line overrides bitcoin.conf; and -walletbroadcast,
// which works, is not reported as ignored.
func TestWalletBoolOptionsAsCore(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe, "-walletrbf=false", "-spendzeroconfchange=true")
		n.MustCLI("createwallet", "A")
		addr := wcli(n, "A", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		txid := wcli(n, "A", "sendtoaddress", wcli(n, "A", "getnewaddress"), "1")
		checkSentFee(t, n, "A", txid, 20)
		for _, seq := range inputSequences(t, n, "A", txid) {
			if seq != 0xfffffffe {
				t.Errorf("-walletrbf=false: input sequence %#x, want 0xfffffffe (no BIP125 signal)", seq)
			}
		}
		// -spendzeroconfchange=true reads false: the unconfirmed change of
		// the wallet's own transaction is not trusted.
		if b := getBalances(t, n, "A"); b.Mine.Trusted != 0 || b.Mine.UntrustedPending < 49 {
			t.Errorf("-spendzeroconfchange=true: balances %+v, want the change as untrusted_pending", b.Mine)
		}
		n.Stop()

		// bitcoin.conf says broadcast, the command line says "false": no
		// broadcast.
		conf := filepath.Join(n.Datadir, "bitcoin.conf")
		if err := os.WriteFile(conf, []byte("walletbroadcast=1\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		n.Start("-fallbackfee=0.0002", "-wallet=A", "-walletbroadcast=false")
		n.MustCLI("generatetoaddress", "1", addr)
		before := n.MustCLI("getrawmempool")
		txid = wcli(n, "A", "sendtoaddress", addr, "1")
		if mempool := n.MustCLI("getrawmempool"); strings.Contains(mempool, txid) || mempool != before {
			t.Errorf("-walletbroadcast=false: the send %s reached the mempool %s", txid, mempool)
		}
		if !strings.Contains(wcli(n, "A", "listtransactions"), txid) {
			t.Errorf("the unbroadcast send %s is not in the wallet", txid)
		}
		n.Stop()
		for _, line := range strings.Split(n.Output(), "\n") {
			if strings.Contains(line, "has no effect") {
				t.Errorf("the node reports an option it honours as ignored: %s", line)
			}
		}
	})
}

// TestKeptTransactionSubmittedAtLoad: a wallet transaction the node does
// not have (made under -walletbroadcast=0) stays in the wallet, its coin
// spent, and is submitted when the wallet loads with broadcasting on; then
// it confirms.
func TestKeptTransactionSubmittedAtLoad(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe, "-walletbroadcast=0")
		n.MustCLI("createwallet", "A")
		addr := wcli(n, "A", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		txid := wcli(n, "A", "sendtoaddress", addr, "1")
		if strings.Contains(n.MustCLI("getrawmempool"), txid) {
			t.Fatalf("-walletbroadcast=0: %s is in the mempool", txid)
		}
		// Its only coin is spent: nothing else to send.
		wantCLIError(t, n, 6, "Insufficient funds", "-rpcwallet=A", "sendtoaddress", addr, "1")
		n.Stop()
		n.Start("-fallbackfee=0.0002", "-wallet=A")
		wcli(n, "A", "getwalletinfo") // loaded
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(n.MustCLI("getrawmempool"), txid); {
			if time.Now().After(deadline) {
				t.Fatalf("%s was not submitted when the wallet loaded", txid)
			}
			time.Sleep(50 * time.Millisecond)
		}
		n.MustCLI("generatetoaddress", "1", addr)
		var tx walletTx
		if err := json.Unmarshal([]byte(wcli(n, "A", "gettransaction", txid)), &tx); err != nil || tx.Confirmations != 1 {
			t.Fatalf("gettransaction %s: %+v %v", txid, tx, err)
		}
		n.Stop()
	})
}
