package noderpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/blockchain"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// coinbaseScript returns the hex of the first coinbase output of a block.
func coinbaseScript(t *testing.T, h *harness, hash string) string {
	t.Helper()
	return str(t, h.call("getblock", hash, 2), "tx", 0, "vout", 0, "scriptPubKey", "hex")
}

func TestGenerate(t *testing.T) {
	h := newHarness(t)
	k := newKey(t, h.n)
	pub := hex.EncodeToString(k.priv.PubKey().SerializeCompressed())

	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address", "generatetoaddress", 1, "notanaddress")
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address", "generatetoaddress", 1, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
	if got := text(h.call("generatetoaddress", 0, k.wpkhAddr)); got != "[]" {
		t.Errorf("0 blocks: %s", got)
	}

	for _, tc := range []struct{ desc, script string }{
		{"addr(" + k.trAddr + ")", hex.EncodeToString(k.p2tr)},
		{descriptor.AddChecksum("addr(" + k.wpkhAddr + ")"), hex.EncodeToString(k.p2wpkh)},
		{"raw(51)", "51"},
		{"wpkh(" + pub + ")", hex.EncodeToString(k.p2wpkh)},
		{"tr(" + pub + ")", hex.EncodeToString(k.p2tr)},
	} {
		var hashes []string
		json.Unmarshal(h.call("generatetodescriptor", 1, tc.desc), &hashes)
		if len(hashes) != 1 {
			t.Fatalf("generatetodescriptor %s: %v", tc.desc, hashes)
		}
		if got := coinbaseScript(t, h, hashes[0]); got != tc.script {
			t.Errorf("%s pays %s, want %s", tc.desc, got, tc.script)
		}
	}
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "'foo(1)' is not a valid descriptor function", "generatetodescriptor", 1, "foo(1)")
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Provided checksum 'aaaaaaaa' does not match computed checksum '"+descriptor.Checksum("raw(51)")+"'",
		"generatetodescriptor", 1, "raw(51)#aaaaaaaa")

	// Mature a coinbase to spend in generateblock.
	h.call("generatetoaddress", 101, k.wpkhAddr)
	op, prev := coinbaseOut(t, h, 6)
	tx1 := k.spendP2WPKH(t, op, prev, wire.NewTxOut(prev.Value-1000, k.p2wpkh))
	op2, prev2 := coinbaseOut(t, h, 7)
	tx2 := k.spendP2WPKH(t, op2, prev2, wire.NewTxOut(prev2.Value-2000, k.p2wpkh))
	h.call("sendrawtransaction", hexTx(tx2))

	// submit=false: a block, not processed.
	tip := str(t, h.call("getbestblockhash"))
	unsubmitted := h.call("generateblock", k.trAddr, []string{hexTx(tx1), tx2.TxHash().String()}, false)
	wantKeys(t, "generateblock submit=false", unsubmitted, "hash hex")
	if str(t, h.call("getbestblockhash")) != tip {
		t.Fatal("submit=false changed the tip")
	}
	var blk wire.MsgBlock
	raw, _ := hex.DecodeString(str(t, unsubmitted, "hex"))
	if err := blk.Deserialize(strings.NewReader(string(raw))); err != nil || blk.BlockHash().String() != str(t, unsubmitted, "hash") {
		t.Fatalf("hex is not the block: %v", err)
	}
	if len(blk.Transactions) != 3 || blk.Transactions[1].TxHash() != tx1.TxHash() || blk.Transactions[2].TxHash() != tx2.TxHash() {
		t.Fatalf("block transactions wrong")
	}

	gb := h.call("generateblock", "raw(51)", []string{hexTx(tx1), tx2.TxHash().String()})
	wantKeys(t, "generateblock", gb, "hash")
	if str(t, h.call("getbestblockhash")) != str(t, gb, "hash") {
		t.Fatal("generated block is not the tip")
	}
	if text(h.call("getrawmempool")) != "[]" {
		t.Error("mined transaction still in the mempool")
	}
	// The coinbase pays the subsidy only (Core: generateblock claims no fees).
	b := h.call("getblock", str(t, gb, "hash"), 2)
	if text(get(t, b, "tx", 0, "vout", 0, "value")) != "50.00000000" {
		t.Errorf("coinbase value %s", get(t, b, "tx", 0, "vout", 0, "value"))
	}

	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor", "generateblock", "nonsense", []string{})
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Transaction "+strings.Repeat("ab", 32)+" not in mempool.", "generateblock", k.wpkhAddr, []string{strings.Repeat("ab", 32)})
	h.wantError(rpcerr.RPC_DESERIALIZATION_ERROR, "Transaction decode failed for 00. Make sure the tx has at least one input.", "generateblock", k.wpkhAddr, []string{"00"})
	missing := k.spendP2WPKH(t, wire.OutPoint{Hash: chainhash.Hash{3}}, prev, wire.NewTxOut(1000, k.p2wpkh))
	h.wantError(rpcerr.RPC_VERIFY_ERROR, "TestBlockValidity failed: bad-txns-inputs-missingorspent", "generateblock", k.wpkhAddr, []string{hexTx(missing)})

	// maxtries runs out: fewer blocks (regtest needs about two tries each).
	var few []string
	json.Unmarshal(h.call("generatetoaddress", 50, k.wpkhAddr, 3), &few)
	if len(few) >= 50 {
		t.Errorf("maxtries 3 made %d blocks", len(few))
	}
}

func TestGetNetworkInfo(t *testing.T) {
	h := newHarness(t)
	ni := h.call("getnetworkinfo")
	wantKeys(t, "getnetworkinfo", ni, "version subversion protocolversion localservices localservicesnames localrelay timeoffset networkactive "+
		"connections connections_in connections_out networks relayfee incrementalfee localaddresses warnings")
	wantKeys(t, "network", get(t, ni, "networks", 0), "name limited reachable proxy proxy_randomize_credentials")
	for path, want := range map[string]string{
		"version": "290000", "connections": "0", "connections_in": "0", "connections_out": "0",
		"relayfee": "0.00001000", "incrementalfee": "0.00001000", "localaddresses": "[]", "warnings": "[]",
		// No P2P: nothing is served to peers, nothing is asked of them,
		// networking is not active.
		"networkactive": "false", "localservices": `"0000000000000000"`, "localservicesnames": "[]",
		"localrelay": "false", "timeoffset": "0",
	} {
		if got := text(get(t, ni, path)); got != want {
			t.Errorf("getnetworkinfo %s = %s, want %s", path, got, want)
		}
	}
	// Core's five networks, none reachable.
	for i, name := range []string{"ipv4", "ipv6", "onion", "i2p", "cjdns"} {
		want := `{"name":"` + name + `","limited":true,"reachable":false,"proxy":"","proxy_randomize_credentials":false}`
		if got := text(get(t, ni, "networks", i)); got != want {
			t.Errorf("networks[%d] = %s, want %s", i, got, want)
		}
	}
}

func TestHelp(t *testing.T) {
	h := newHarness(t)
	for name, want := range map[string]string{
		"getblock":             "getblock \"blockhash\" ( verbosity )\n\nIf verbosity is 0, returns a string",
		"getblockhash":         "getblockhash height\n\nReturns hash of block in best-block-chain at height provided.\n\nArguments:\n1. height    (numeric, required) The height index\n\nResult:\n\"hex\"    (string) The block hash\n\nExamples:\n> bitcoin-cli getblockhash 1000\n",
		"getblockcount":        "getblockcount\n\nReturns the height of the most-work fully-validated chain.\nThe genesis block has height 0.\n\nResult:\nn    (numeric) The current block count\n",
		"generateblock":        "generateblock \"output\" [\"rawtx/txid\",...] ( submit )\n\n",
		"sendrawtransaction":   "sendrawtransaction \"hexstring\" ( maxfeerate maxburnamount )\n",
		"getrawtransaction":    "getrawtransaction \"txid\" ( verbosity \"blockhash\" )\n",
		"gettxout":             "gettxout \"txid\" n ( include_mempool )\n",
		"decoderawtransaction": "decoderawtransaction \"hexstring\" ( iswitness )\n",
		"getnetworkinfo":       "getnetworkinfo\n\nReturns an object containing various state info regarding P2P networking.\n\nResult:\n{" + strings.Repeat(" ", 52) + "(json object)\n  \"version\" : n," + strings.Repeat(" ", 37) + "(numeric) the server version\n",
	} {
		got := str(t, h.call("help", name))
		if !strings.HasPrefix(got, want) {
			t.Errorf("help %s:\n%s\nwant prefix\n%s", name, got, want)
		}
	}
	gb := str(t, h.call("help", "generateblock"))
	for _, line := range []string{
		"1. output               (string, required) The address or descriptor to send the newly generated bitcoin to.\n",
		"2. transactions         (json array, required) An array of hex strings which are either txids or raw transactions.\n                        Txids must reference",
		"     [\n       \"rawtx/txid\",    (string)\n       ...\n     ]\n3. submit ",
		"\nResult:\n{                    (json object)\n  \"hash\" : \"hex\",    (string) hash of generated block\n  \"hex\" : \"hex\"      (string, optional) hex of generated block, only present when submit=false\n}\n",
	} {
		if !strings.Contains(gb, line) {
			t.Errorf("help generateblock lacks\n%s\nin\n%s", line, gb)
		}
	}
	if e := str(t, h.call("help", "echoipc")); strings.Count(e, "Examples:") != 1 {
		t.Errorf("help echoipc:\n%s", e)
	}
}

// TestSubmitBlockAndMockTime: submitblock answers as Core's (null, then
// "duplicate"; a reject reason for an invalid block or an unknown parent;
// a decode error); setmocktime sets the time of the blocks mined after it
// and refuses a time outside a block time's range;
// syncwithvalidationinterfacequeue returns null.
func TestSubmitBlockAndMockTime(t *testing.T) {
	h := newHarness(t)
	if got := text(h.call("setmocktime", 1_700_000_000)); got != "null" {
		t.Errorf("setmocktime: %s", got)
	}
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "Mocktime must be in the range [0, 4294967295], not -1.", "setmocktime", -1)
	unsubmitted := h.call("generateblock", "raw(51)", []string{}, false)
	hexBlock := str(t, unsubmitted, "hex")
	raw, _ := hex.DecodeString(hexBlock)
	var blk wire.MsgBlock
	if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	if blk.Header.Timestamp.Unix() != 1_700_000_000 {
		t.Errorf("block time %d under mock time 1700000000", blk.Header.Timestamp.Unix())
	}
	reencode := func(b *wire.MsgBlock) string {
		var buf bytes.Buffer
		if err := b.Serialize(&buf); err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(buf.Bytes())
	}
	orphan := blk
	orphan.Header.PrevBlock = chainhash.Hash{1}
	if got := text(h.call("submitblock", reencode(&orphan))); got != `"prev-blk-not-found"` {
		t.Errorf("unknown parent: %s", got)
	}
	badRoot := blk
	badRoot.Header.MerkleRoot = chainhash.Hash{2}
	if got := text(h.call("submitblock", reencode(&badRoot))); got != `"high-hash"` {
		t.Errorf("bad merkle root, no proof of work: %s", got)
	}
	for target := blockchain.CompactToBig(badRoot.Header.Bits); ; badRoot.Header.Nonce++ {
		if hash := badRoot.Header.BlockHash(); blockchain.HashToBig(&hash).Cmp(target) <= 0 {
			break
		}
	}
	if got := text(h.call("submitblock", reencode(&badRoot))); got != `"bad-txnmrklroot"` {
		t.Errorf("bad merkle root: %s", got)
	}
	if got := text(h.call("submitblock", hexBlock)); got != "null" {
		t.Errorf("submitblock: %s", got)
	}
	if str(t, h.call("getbestblockhash")) != str(t, unsubmitted, "hash") {
		t.Error("the submitted block is not the tip")
	}
	if got := text(h.call("submitblock", hexBlock, "ignored")); got != `"duplicate"` {
		t.Errorf("submitblock again: %s", got)
	}
	h.wantError(rpcerr.RPC_DESERIALIZATION_ERROR, "Block decode failed", "submitblock", "00")
	if got := text(h.call("syncwithvalidationinterfacequeue")); got != "null" {
		t.Errorf("syncwithvalidationinterfacequeue: %s", got)
	}
}
