package e2e

import (
	"encoding/json"
	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// shapes are the two ways to run node and wallet: one process, or the
// wallet in a bitcoin-wallet child of bitcoin-node.
var shapes = []string{"bitcoind", "bitcoin-node"}

// forEachShape runs a wallet scenario in both shapes.
func forEachShape(t *testing.T, scenario func(t *testing.T, exe string)) {
	for _, exe := range shapes {
		t.Run(exe, func(t *testing.T) { scenario(t, exe) })
	}
}

func startWalletNode(t *testing.T, exe string, extra ...string) *node {
	return startNode(t, exe, append([]string{"-fallbackfee=0.0002"}, extra...)...)
}

func btc(t *testing.T, s string) int64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("not an amount: %q", s)
	}
	return int64(math.Round(f * 1e8))
}

// wcli runs bitcoin-cli against one wallet and fails the test on an error.
func wcli(n *node, wallet string, args ...string) string {
	return n.MustCLI(append([]string{"-rpcwallet=" + wallet}, args...)...)
}

// walletTx is the part of gettransaction the tests read.
type walletTx struct {
	Amount        float64 `json:"amount"`
	Fee           float64 `json:"fee"`
	Confirmations int     `json:"confirmations"`
	TxID          string  `json:"txid"`
}

// checkSentFee checks a wallet's transaction: its inputs (the wallet's
// coins) pay its outputs plus the fee gettransaction reports, and the fee
// is rate (sat/vB) on its virtual size, plus at most a vbyte per input
// (the size estimate's slack) or, with a single output, what change would
// have cost.
func checkSentFee(t *testing.T, n *node, wallet, txid string, rate int64) {
	t.Helper()
	type decodedTx struct {
		Fee     float64 `json:"fee"`
		Decoded struct {
			Vsize int64 `json:"vsize"`
			Vin   []struct {
				Txid string `json:"txid"`
				Vout int    `json:"vout"`
			} `json:"vin"`
			Vout []struct {
				Value float64 `json:"value"`
			} `json:"vout"`
		} `json:"decoded"`
	}
	get := func(id string) decodedTx {
		var tx decodedTx
		if err := json.Unmarshal([]byte(wcli(n, wallet, "gettransaction", id, "false", "true")), &tx); err != nil {
			t.Fatal(err)
		}
		return tx
	}
	tx := get(txid)
	var in, out int64
	for _, v := range tx.Decoded.Vin {
		in += int64(math.Round(get(v.Txid).Decoded.Vout[v.Vout].Value * 1e8))
	}
	for _, v := range tx.Decoded.Vout {
		out += int64(math.Round(v.Value * 1e8))
	}
	fee := int64(math.Round(-tx.Fee * 1e8))
	if in-out != fee {
		t.Fatalf("%s: inputs %d - outputs %d = %d, gettransaction's fee %d", txid, in, out, in-out, fee)
	}
	vs := tx.Decoded.Vsize
	least, most := rate*vs, rate*(vs+int64(len(tx.Decoded.Vin)))
	if len(tx.Decoded.Vout) == 1 {
		most += rate*43 + 1100
	}
	if fee < least || fee > most {
		t.Fatalf("%s: fee %d for %d vB at %d sat/vB, want %d..%d", txid, fee, vs, rate, least, most)
	}
}

func TestWalletSendAndBalances(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "A")
		n.MustCLI("createwallet", "B")
		addrA := wcli(n, "A", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addrA)
		if got := btc(t, wcli(n, "A", "getbalance")); got != 50_0000_0000 {
			t.Fatalf("A's balance after 101 blocks = %d sat, want 50 BTC", got)
		}
		addrB := wcli(n, "B", "getnewaddress")
		txid := wcli(n, "A", "sendtoaddress", addrB, "1.5")
		checkSentFee(t, n, "A", txid, 20)
		minerAddr := wcli(n, "B", "getnewaddress")
		n.MustCLI("generatetoaddress", "1", minerAddr)
		var tx walletTx
		if err := json.Unmarshal([]byte(wcli(n, "A", "gettransaction", txid)), &tx); err != nil {
			t.Fatal(err)
		}
		fee := int64(math.Round(-tx.Fee * 1e8))
		if fee <= 0 || fee > 100_000 || tx.Confirmations != 1 {
			t.Fatalf("gettransaction: fee %d sat, %d confirmations", fee, tx.Confirmations)
		}
		// A: two mature coinbases (blocks 1 and 2) minus 1.5 BTC and the fee.
		if got, want := btc(t, wcli(n, "A", "getbalance")), int64(100_0000_0000-1_5000_0000)-fee; got != want {
			t.Fatalf("A's balance = %d sat, want %d", got, want)
		}
		if got := btc(t, wcli(n, "B", "getbalance")); got != 1_5000_0000 {
			t.Fatalf("B's balance = %d sat, want 1.5 BTC", got)
		}
		tip := n.MustCLI("getbestblockhash")

		// Restart: balances, transactions and tip persist.
		n.Stop()
		n.Start("-fallbackfee=0.0002", "-wallet=A", "-wallet=B")
		if got := n.MustCLI("getbestblockhash"); got != tip {
			t.Fatalf("tip after restart %s, want %s", got, tip)
		}
		if got, want := btc(t, wcli(n, "A", "getbalance")), int64(100_0000_0000-1_5000_0000)-fee; got != want {
			t.Fatalf("A's balance after restart = %d sat, want %d", got, want)
		}
		if got := btc(t, wcli(n, "B", "getbalance")); got != 1_5000_0000 {
			t.Fatalf("B's balance after restart = %d sat", got)
		}
		if !strings.Contains(wcli(n, "A", "listtransactions"), txid) {
			t.Fatal("A's listtransactions lost the send after restart")
		}
		n.Stop()
	})
}

func TestWalletEncryption(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "A")
		addr := wcli(n, "A", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		wcli(n, "A", "encryptwallet", "correct horse")
		_, errOut, code := n.CLI("-rpcwallet=A", "sendtoaddress", addr, "1")
		if code != 13 || !strings.Contains(errOut, "walletpassphrase") {
			t.Fatalf("send from a locked wallet: exit %d, %q; want -13", code, errOut)
		}
		_, errOut, code = n.CLI("-rpcwallet=A", "walletpassphrase", "wrong", "10")
		if code != 14 {
			t.Fatalf("wrong passphrase: exit %d, %q; want -14", code, errOut)
		}
		wcli(n, "A", "walletpassphrase", "correct horse", "2")
		wcli(n, "A", "sendtoaddress", addr, "1")
		time.Sleep(3 * time.Second)
		if _, _, code = n.CLI("-rpcwallet=A", "sendtoaddress", addr, "1"); code != 13 {
			t.Fatalf("send after the unlock timed out: exit %d, want -13", code)
		}
		n.Stop()
	})
}

func TestRPCBadInputs(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "A")
		addr := wcli(n, "A", "getnewaddress")
		for _, c := range []struct {
			args []string
			code int
			msg  string
		}{
			{[]string{"nosuchmethod"}, -32601, "Method not found"},
			{[]string{"getblockhash", `"x"`}, -3, ""},
			{[]string{"-rpcwallet=A", "sendtoaddress", "notanaddress", "1"}, -5, "Invalid Bitcoin address: notanaddress"},
			{[]string{"-rpcwallet=A", "sendtoaddress", addr, "21000001"}, -3, "Amount out of range"},
			{[]string{"-rpcwallet=A", "sendtoaddress", addr, "-1"}, -3, "Amount out of range"},
			{[]string{"-rpcwallet=nosuch", "getbalance"}, -18, "Requested wallet does not exist or is not loaded"},
		} {
			_, errOut, code := n.CLI(c.args...)
			if code != -c.code&0xff && code != (-c.code)%256 || !strings.Contains(errOut, c.msg) {
				t.Errorf("%v: exit %d, %q; want code %d %q", c.args, code, errOut, c.code, c.msg)
			}
		}
		status, body := n.RawPost(t, `{"method": "getblockcount", "params": [`)
		if status != 500 || !strings.Contains(body, "-32700") {
			t.Errorf("malformed JSON: HTTP %d %s", status, body)
		}
		if status, _ := n.RawPostAuth(t, "wrong:password", `{"method":"getblockcount"}`); status != 401 {
			t.Errorf("wrong password: HTTP %d, want 401", status)
		}
		if got := n.MustCLI("getblockcount"); got != "0" {
			t.Fatalf("node after bad inputs: getblockcount %q", got)
		}
		n.Stop()
	})
}

// TestWalletProcessCrash: SIGKILL the wallet child during a send loop; the
// node keeps answering, wallet RPCs fail at once with a clear error,
// loadwallet restarts the wallet process, which catches up, with every
// acknowledged send kept, its books consistent and its file intact.
func TestWalletProcessCrash(t *testing.T) {
	n := startWalletNode(t, "bitcoin-node")
	n.MustCLI("createwallet", "A")
	addr := wcli(n, "A", "getnewaddress")
	n.MustCLI("generatetoaddress", "110", addr)
	kids := nodetest.Children(n.Cmd.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("bitcoin-node has %d children, want the wallet process", len(kids))
	}
	type result struct {
		txids []string
		err   string
	}
	done := make(chan result, 1)
	started := make(chan struct{})
	go func() {
		var r result
		for i := 0; i < 500; i++ {
			out, errOut, code := n.CLI("-rpcwallet=A", "sendtoaddress", addr, "0.01")
			if code != 0 {
				r.err = errOut
				break
			}
			r.txids = append(r.txids, out)
			if i == 5 {
				close(started)
			}
		}
		done <- r
	}()
	<-started
	time.Sleep(200 * time.Millisecond)
	if err := syscall.Kill(kids[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r := <-done
	t.Logf("%d sends acknowledged before the kill; the next one failed with %q", len(r.txids), r.err)
	if len(r.txids) < 6 || r.err == "" {
		t.Fatalf("the send loop did not run into the kill: %d sends, error %q", len(r.txids), r.err)
	}
	if got := n.MustCLI("getblockcount"); got != "110" {
		t.Fatalf("node after the wallet crash: getblockcount %q", got)
	}
	start := time.Now()
	_, errOut, code := n.CLI("-rpcwallet=A", "getbalance")
	if code != 18 || !strings.Contains(errOut, "Wallet process is not running") || time.Since(start) > 2*time.Second {
		t.Fatalf("wallet RPC with the wallet process gone: exit %d after %v: %s", code, time.Since(start), errOut)
	}
	// Blocks the wallet misses while it is down.
	n.MustCLI("generatetoaddress", "3", addr)

	n.MustCLI("loadwallet", "A")
	if kids := nodetest.Children(n.Cmd.Process.Pid); len(kids) != 1 || kids[0] == 0 {
		t.Fatalf("after loadwallet bitcoin-node has children %v", kids)
	}
	var bals struct {
		Mine struct {
			Trusted, UntrustedPending, Immature float64
		} `json:"mine"`
		LastProcessedBlock struct{ Height int } `json:"lastprocessedblock"`
	}
	if err := json.Unmarshal([]byte(wcli(n, "A", "getbalances")), &bals); err != nil {
		t.Fatal(err)
	}
	if bals.LastProcessedBlock.Height != 113 {
		t.Fatalf("restarted wallet processed up to %d, want the tip 113", bals.LastProcessedBlock.Height)
	}
	listed := wcli(n, "A", "listtransactions", "*", "1000")
	for _, id := range r.txids {
		if !strings.Contains(listed, id) {
			t.Fatalf("acknowledged send %s is missing after the crash", id)
		}
	}
	// The books add up: the balance is the sum of the unspent outputs, each
	// of which the node knows (in a block or the mempool).
	var unspent []struct {
		TxID   string  `json:"txid"`
		Vout   int     `json:"vout"`
		Amount float64 `json:"amount"`
	}
	if err := json.Unmarshal([]byte(wcli(n, "A", "listunspent", "0")), &unspent); err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, u := range unspent {
		sum += int64(math.Round(u.Amount * 1e8))
		if out := n.MustCLI("gettxout", u.TxID, strconv.Itoa(u.Vout), "true"); out == "" {
			t.Fatalf("wallet lists %s:%d, which the node does not know as unspent", u.TxID, u.Vout)
		}
	}
	balance := int64(math.Round((bals.Mine.Trusted + bals.Mine.UntrustedPending) * 1e8))
	if sum != balance {
		t.Fatalf("listunspent sums to %d sat, getbalances says %d", sum, balance)
	}
	n.Stop()
	checkIntegrity(t, filepath.Join(n.Datadir, "regtest", "wallets", "A", "wallet.dat"))
}
