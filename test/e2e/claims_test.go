package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Features that do not exist yet are refused with a clear error instead of
// being accepted and ignored.

func TestAvoidReuseRefused(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		_, errOut, code := n.CLI("-named", "createwallet", "wallet_name=dirty", "avoid_reuse=true")
		if code != 4 || !strings.Contains(errOut, "avoid_reuse") {
			t.Fatalf("createwallet avoid_reuse=true: exit %d, %q; want -4 naming avoid_reuse", code, errOut)
		}
		// Nothing was created: the name is free and no file was left behind.
		if _, err := os.Stat(filepath.Join(n.Datadir, "regtest", "wallets", "dirty")); !os.IsNotExist(err) {
			t.Fatalf("a refused createwallet left %s behind (%v)", "wallets/dirty", err)
		}
		if got := n.MustCLI("listwallets"); strings.Contains(got, "dirty") {
			t.Fatalf("listwallets after the refusal: %s", got)
		}
		n.MustCLI("-named", "createwallet", "wallet_name=dirty", "avoid_reuse=false")
		if got := wcli(n, "dirty", "getwalletinfo"); !strings.Contains(got, `"avoid_reuse": false`) {
			t.Fatalf("getwalletinfo: %s", got)
		}
		addr := wcli(n, "dirty", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		// Core's answer for a wallet without the flag: asking to avoid
		// reuse is an error, not a silent no-op.
		for _, call := range [][]string{
			{"-named", "sendtoaddress", "address=" + addr, "amount=1", "avoid_reuse=true"},
			{"-named", "getbalance", "avoid_reuse=true"},
		} {
			_, errOut, code := n.CLI(append([]string{"-rpcwallet=dirty"}, call...)...)
			if code != 4 || !strings.Contains(errOut, `wallet does not have the "avoid reuse" feature enabled`) {
				t.Fatalf("%v: exit %d, %q", call, code, errOut)
			}
		}
		wcli(n, "dirty", "-named", "sendtoaddress", "address="+addr, "amount=1", "avoid_reuse=false")
		for _, field := range []string{`"used"`, `"reused"`} {
			if out := wcli(n, "dirty", "getbalances") + wcli(n, "dirty", "listunspent", "0"); strings.Contains(out, field) {
				t.Fatalf("%s reported for a wallet that does not track reuse: %s", field, out)
			}
		}
	})
}

// TestNoFeeEstimate: the node has no fee estimator and says so, as Core's
// estimator without data; the wallet, asking through Chain (across the
// process boundary in bitcoin-node), falls back to -fallbackfee or fails
// with Core's message when there is none.
func TestNoFeeEstimate(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startNode(t, exe)
		const noData = `{"errors":["Insufficient data or no feerate found"],"blocks":0}`
		if got := compactJSON(t, n.MustCLI("estimatesmartfee", "6")); got != noData {
			t.Fatalf("estimatesmartfee 6 = %s, want %s", got, noData)
		}
		n.MustCLI("createwallet", "w")
		addr := wcli(n, "w", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		_, errOut, code := n.CLI("-rpcwallet=w", "sendtoaddress", addr, "1")
		if code != 6 || !strings.Contains(errOut, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.") {
			t.Fatalf("send without an estimate or fallback fee: exit %d, %q", code, errOut)
		}
		n.Stop()
		n.Start("-fallbackfee=0.0002", "-wallet=w")
		out := wcli(n, "w", "-named", "sendtoaddress", "address="+addr, "amount=1", "verbose=true")
		if !strings.Contains(out, `"fee_reason": "Fallback fee"`) {
			t.Fatalf("send with -fallbackfee: %s", out)
		}
	})
}

func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("not JSON: %q", s)
	}
	return b.String()
}

// TestGetwalletinfoScanning: while a loaded wallet catches up on the
// blocks it missed, getwalletinfo answers with Core's scanning object
// instead of waiting for the end and saying false.
func TestGetwalletinfoScanning(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		n.MustCLI("createwallet", "w")
		addr := wcli(n, "w", "getnewaddress")
		if got := n.MustCall("w", "getwalletinfo"); !strings.Contains(string(got), `"scanning":false`) {
			t.Fatalf("getwalletinfo before any scan: %s", got)
		}
		n.MustCLI("unloadwallet", "w")
		n.MustCLI("generatetoaddress", "500", addr)
		// A restart, so that the wallet catches up by scanning blocks
		// rather than from notifications its process still has queued.
		n.Stop()
		n.Start("-fallbackfee=0.0002")
		loaded := make(chan error, 1)
		go func() {
			_, err := n.Call("", "loadwallet", "w")
			loaded <- err
		}()
		var seen []string
		for done := false; !done; {
			select {
			case err := <-loaded:
				if err != nil {
					t.Fatal(err)
				}
				done = true
			default:
			}
			res, err := n.Call("w", "getwalletinfo")
			if err != nil {
				continue // not listed yet
			}
			var info struct {
				Scanning json.RawMessage `json:"scanning"`
			}
			if err := json.Unmarshal(res, &info); err != nil {
				t.Fatal(err)
			}
			if s := string(info.Scanning); s != "false" {
				var sc struct {
					Duration *int64   `json:"duration"`
					Progress *float64 `json:"progress"`
				}
				if err := json.Unmarshal(info.Scanning, &sc); err != nil || sc.Duration == nil || sc.Progress == nil ||
					*sc.Duration < 0 || *sc.Progress < 0 || *sc.Progress > 1 {
					t.Fatalf("scanning = %s", s)
				}
				seen = append(seen, s)
			}
		}
		t.Logf("scanning objects seen during the catch-up: %d (last %v)", len(seen), seen[max(len(seen)-1, 0):])
		if len(seen) == 0 {
			t.Fatal("getwalletinfo never reported the catch-up of 500 blocks")
		}
		if got := n.MustCall("w", "getwalletinfo"); !strings.Contains(string(got), `"scanning":false`) {
			t.Fatalf("getwalletinfo after the scan: %s", got)
		}
	})
}
