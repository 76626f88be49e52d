package noderpc

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

const genesisHash = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"

func TestBlockchainMethods(t *testing.T) {
	h := newHarness(t)
	k := newKey(t, h.n)
	var hashes []string
	json.Unmarshal(h.call("generatetoaddress", 101, k.wpkhAddr), &hashes)
	if len(hashes) != 101 {
		t.Fatalf("generatetoaddress made %d blocks", len(hashes))
	}
	if got := text(h.call("getblockcount")); got != "101" {
		t.Errorf("getblockcount = %s", got)
	}
	if got := str(t, h.call("getbestblockhash")); got != hashes[100] {
		t.Errorf("getbestblockhash = %s", got)
	}
	if got := str(t, h.call("getblockhash", 0)); got != genesisHash {
		t.Errorf("getblockhash 0 = %s", got)
	}
	if got := str(t, h.call("getblockhash", 101)); got != hashes[100] {
		t.Errorf("getblockhash 101 = %s", got)
	}
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "Block height out of range", "getblockhash", 102)
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "Block height out of range", "getblockhash", -1)

	// getblockchaininfo: Core 29's fields, in order.
	info := h.call("getblockchaininfo")
	wantKeys(t, "getblockchaininfo", info, "chain blocks headers bestblockhash bits target difficulty time mediantime "+
		"verificationprogress initialblockdownload chainwork size_on_disk pruned warnings")
	for path, want := range map[string]string{
		"chain": `"regtest"`, "blocks": "101", "headers": "101", "bits": `"207fffff"`,
		"target":               `"7fffff0000000000000000000000000000000000000000000000000000000000"`,
		"difficulty":           "4.656542373906925e-10",
		"verificationprogress": "1", "initialblockdownload": "false",
		"chainwork": `"00000000000000000000000000000000000000000000000000000000000000cc"`,
		"pruned":    "false", "warnings": "[]",
	} {
		if got := text(get(t, info, path)); got != want {
			t.Errorf("getblockchaininfo %s = %s, want %s", path, got, want)
		}
	}

	// getblockheader.
	hdr := h.call("getblockheader", hashes[0])
	wantKeys(t, "getblockheader", hdr, "hash confirmations height version versionHex merkleroot time mediantime nonce bits target difficulty chainwork nTx previousblockhash nextblockhash")
	if text(get(t, hdr, "confirmations")) != "101" || text(get(t, hdr, "height")) != "1" ||
		str(t, hdr, "previousblockhash") != genesisHash || str(t, hdr, "nextblockhash") != hashes[1] ||
		str(t, hdr, "versionHex") != "20000000" || text(get(t, hdr, "nTx")) != "1" {
		t.Errorf("getblockheader = %s", hdr)
	}
	if tipHdr := h.call("getblockheader", hashes[100]); strings.Contains(text(tipHdr), "nextblockhash") {
		t.Error("tip header has nextblockhash")
	}
	if raw := str(t, h.call("getblockheader", hashes[0], false)); len(raw) != 160 {
		t.Errorf("getblockheader false = %q", raw)
	}
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block not found", "getblockheader", strings.Repeat("0", 64))
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "hash must be of length 64 (not 3, for 'abc')", "getblockheader", "abc")
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "blockhash must be hexadecimal string (not '"+strings.Repeat("z", 64)+"')", "getblock", strings.Repeat("z", 64))

	// getblock at every verbosity.
	if raw := str(t, h.call("getblock", hashes[0], 0)); !strings.HasPrefix(raw, "00000020") {
		t.Errorf("getblock 0 = %q", raw)
	}
	b1 := h.call("getblock", hashes[0])
	wantKeys(t, "getblock 1", b1, "hash confirmations height version versionHex merkleroot time mediantime nonce bits target difficulty chainwork nTx previousblockhash nextblockhash strippedsize size weight tx")
	if txids := get(t, b1, "tx"); !strings.HasPrefix(text(txids), `["`) {
		t.Errorf("getblock 1 tx = %s", txids)
	}
	if text(h.call("getblock", hashes[0], true)) != text(b1) {
		t.Error("getblock verbose=true differs from verbosity 1")
	}
	b2 := h.call("getblock", hashes[0], 2)
	cb := get(t, b2, "tx", 0)
	wantKeys(t, "coinbase tx", cb, "txid hash version size vsize weight locktime vin vout hex")
	wantKeys(t, "coinbase vin", get(t, cb, "vin", 0), "coinbase txinwitness sequence")
	if str(t, cb, "vin", 0, "coinbase") != "5100" || text(get(t, cb, "vin", 0, "sequence")) != "4294967294" ||
		text(get(t, cb, "locktime")) != "0" || text(get(t, cb, "version")) != "2" {
		t.Errorf("coinbase = %s", cb)
	}
	spk := get(t, cb, "vout", 0, "scriptPubKey")
	wantKeys(t, "scriptPubKey", spk, "asm desc hex address type")
	wantAddr := descriptor.AddChecksum("addr(" + k.wpkhAddr + ")")
	if str(t, spk, "address") != k.wpkhAddr || str(t, spk, "type") != "witness_v0_keyhash" || str(t, spk, "desc") != wantAddr ||
		!strings.HasPrefix(str(t, spk, "asm"), "0 ") {
		t.Errorf("scriptPubKey = %s", spk)
	}
	if text(get(t, cb, "vout", 0, "value")) != "50.00000000" {
		t.Errorf("value = %s", get(t, cb, "vout", 0, "value"))
	}
	commit := get(t, cb, "vout", 1, "scriptPubKey")
	if str(t, commit, "type") != "nulldata" || !strings.HasPrefix(str(t, commit, "asm"), "OP_RETURN aa21a9ed") ||
		!strings.HasPrefix(str(t, commit, "desc"), "raw(6a24aa21a9ed") {
		t.Errorf("commitment = %s", commit)
	}
	b3 := h.call("getblock", hashes[0], 3)
	if text(get(t, b3, "tx", 0)) != text(cb) {
		t.Error("coinbase differs at verbosity 3")
	}

	// The genesis block: pay-to-pubkey output, no address.
	g := h.call("getblock", genesisHash, 2)
	gspk := get(t, g, "tx", 0, "vout", 0, "scriptPubKey")
	wantKeys(t, "genesis scriptPubKey", gspk, "asm desc hex type")
	pk := "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f"
	if str(t, gspk, "asm") != pk+" OP_CHECKSIG" || str(t, gspk, "desc") != descriptor.AddChecksum("pk("+pk+")") || str(t, gspk, "type") != "pubkey" {
		t.Errorf("genesis scriptPubKey = %s", gspk)
	}
	if !strings.HasPrefix(str(t, g, "tx", 0, "vin", 0, "coinbase"), "04ffff001d0104455468652054696d6573") {
		t.Errorf("genesis coinbase = %s", get(t, g, "tx", 0, "vin", 0))
	}
	if _, ok := keysMap(t, get(t, g, "tx", 0))["fee"]; ok {
		t.Error("coinbase has a fee")
	}
	if text(get(t, g, "confirmations")) != "102" || strings.Contains(text(g), "previousblockhash") {
		t.Errorf("genesis header = %s", g)
	}

	// gettxout of a coinbase.
	cbTxid := str(t, cb, "txid")
	out := h.call("gettxout", cbTxid, 0)
	wantKeys(t, "gettxout", out, "bestblock confirmations value scriptPubKey coinbase")
	if text(get(t, out, "confirmations")) != "101" || text(get(t, out, "coinbase")) != "true" || str(t, out, "bestblock") != hashes[100] {
		t.Errorf("gettxout = %s", out)
	}
	if got := text(h.call("gettxout", cbTxid, 5)); got != "null" {
		t.Errorf("gettxout of a missing output = %s", got)
	}
	h.wantError(rpcerr.RPC_MISC_ERROR, "JSON integer out of range", "gettxout", cbTxid, -1)

	// Named parameters work through the server's mapping.
	r := h.tryParams("getblock", map[string]any{"blockhash": hashes[0], "verbosity": 0})
	if r.Error != nil || !strings.HasPrefix(string(r.Result), `"00000020`) {
		t.Errorf("named getblock: %+v %s", r.Error, r.Result)
	}
}

func keysMap(t *testing.T, raw json.RawMessage) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys(t, raw) {
		m[k] = true
	}
	return m
}

// TestHTTP calls through the HTTP server with cookie authentication.
func TestHTTP(t *testing.T) {
	h := newHarness(t)
	status, body := h.post(`{"jsonrpc":"1.0","id":"x","method":"getblockcount","params":[]}`)
	if status != 200 || strings.TrimSpace(body) != `{"result":0,"error":null,"id":"x"}` {
		t.Fatalf("%d %s", status, body)
	}
	status, body = h.post(`{"id":1,"method":"getblockhash","params":[5]}`)
	if status != 500 || strings.TrimSpace(body) != `{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":1}` {
		t.Fatalf("%d %s", status, body)
	}
	status, body = h.post(`{"jsonrpc":"2.0","id":1,"method":"getblockhash","params":[5]}`)
	if status != 200 || strings.TrimSpace(body) != `{"jsonrpc":"2.0","error":{"code":-8,"message":"Block height out of range"},"id":1}` {
		t.Fatalf("%d %s", status, body)
	}
}
