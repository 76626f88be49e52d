package noderpc

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// coinbaseOut returns the first output of the coinbase of the block at
// height.
func coinbaseOut(t *testing.T, h *harness, height int) (wire.OutPoint, *wire.TxOut) {
	t.Helper()
	hash := str(t, h.call("getblockhash", height))
	b := h.call("getblock", hash, 2)
	txid, _ := chainhash.NewHashFromStr(str(t, b, "tx", 0, "txid"))
	script, _ := hex.DecodeString(str(t, b, "tx", 0, "vout", 0, "scriptPubKey", "hex"))
	var value float64
	json.Unmarshal(get(t, b, "tx", 0, "vout", 0, "value"), &value)
	return wire.OutPoint{Hash: *txid}, wire.NewTxOut(int64(value*1e8+0.5), script)
}

func TestMempoolAndRawTransactions(t *testing.T) {
	h := newHarness(t)
	k := newKey(t, h.n)
	h.call("generatetoaddress", 101, k.wpkhAddr)
	op, prev := coinbaseOut(t, h, 1)
	tx := k.spendP2WPKH(t, op, prev, wire.NewTxOut(prev.Value-10_000, k.p2tr))
	txid := tx.TxHash().String()

	// Errors first.
	h.wantError(rpcerr.RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input.", "sendrawtransaction", "zz")
	h.wantError(rpcerr.RPC_TRANSACTION_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)", "sendrawtransaction", hexTx(tx), 0.0001)
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "Fee rates larger than or equal to 1BTC/kvB are not accepted", "sendrawtransaction", hexTx(tx), 1)
	burn := k.spendP2WPKH(t, op, prev, wire.NewTxOut(1000, []byte{0x6a, 0x01, 0x01}), wire.NewTxOut(prev.Value-20_000, k.p2tr))
	h.wantError(rpcerr.RPC_TRANSACTION_ERROR, "Unspendable output exceeds maximum configured by user (maxburnamount)", "sendrawtransaction", hexTx(burn))
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY,
		"No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.",
		"getrawtransaction", txid)

	if got := str(t, h.call("sendrawtransaction", hexTx(tx))); got != txid {
		t.Fatalf("sendrawtransaction = %s", got)
	}
	if got := str(t, h.call("sendrawtransaction", hexTx(tx), 0)); got != txid {
		t.Fatalf("sendrawtransaction again = %s", got)
	}

	// getrawmempool in its three shapes, getmempoolinfo.
	if got := text(h.call("getrawmempool")); got != `["`+txid+`"]` {
		t.Errorf("getrawmempool = %s", got)
	}
	seq := h.call("getrawmempool", false, true)
	wantKeys(t, "getrawmempool sequence", seq, "txids mempool_sequence")
	if text(get(t, seq, "mempool_sequence")) != "2" {
		t.Errorf("mempool_sequence = %s", get(t, seq, "mempool_sequence"))
	}
	h.wantError(rpcerr.RPC_INVALID_PARAMETER, "Verbose results cannot contain mempool sequence values.", "getrawmempool", true, true)
	verbose := h.call("getrawmempool", true)
	wantKeys(t, "getrawmempool true", verbose, txid)
	e := get(t, verbose, txid)
	wantKeys(t, "mempool entry", e, "vsize weight time height descendantcount descendantsize ancestorcount ancestorsize wtxid fees depends spentby bip125-replaceable unbroadcast")
	wantKeys(t, "mempool entry fees", get(t, e, "fees"), "base modified ancestor descendant")
	if text(get(t, e, "fees", "base")) != "0.00010000" || text(get(t, e, "height")) != "101" ||
		text(get(t, e, "unbroadcast")) != "true" || text(get(t, e, "bip125-replaceable")) != "false" ||
		text(get(t, e, "depends")) != "[]" || str(t, e, "wtxid") != tx.WitnessHash().String() {
		t.Errorf("entry = %s", e)
	}
	info := h.call("getmempoolinfo")
	wantKeys(t, "getmempoolinfo", info, "loaded size bytes usage total_fee maxmempool mempoolminfee minrelaytxfee incrementalrelayfee unbroadcastcount fullrbf permitbaremultisig maxdatacarriersize")
	for path, want := range map[string]string{
		"loaded": "true", "size": "1", "total_fee": "0.00010000", "maxmempool": "300000000",
		"mempoolminfee": "0.00001000", "minrelaytxfee": "0.00001000", "incrementalrelayfee": "0.00001000",
		"unbroadcastcount": "1", "fullrbf": "true", "permitbaremultisig": "true", "maxdatacarriersize": "83",
	} {
		if got := text(get(t, info, path)); got != want {
			t.Errorf("getmempoolinfo %s = %s, want %s", path, got, want)
		}
	}

	// getrawtransaction of the mempool transaction.
	if got := str(t, h.call("getrawtransaction", txid)); got != hexTx(tx) {
		t.Errorf("getrawtransaction 0 = %s", got)
	}
	rt := h.call("getrawtransaction", txid, true)
	wantKeys(t, "getrawtransaction 1", rt, "txid hash version size vsize weight locktime vin vout hex")
	vin := get(t, rt, "vin", 0)
	wantKeys(t, "vin", vin, "txid vout scriptSig txinwitness sequence")
	if text(get(t, vin, "scriptSig")) != `{"asm":"","hex":""}` || str(t, vin, "txid") != op.Hash.String() {
		t.Errorf("vin = %s", vin)
	}
	trSPK := get(t, rt, "vout", 0, "scriptPubKey")
	if str(t, trSPK, "type") != "witness_v1_taproot" || str(t, trSPK, "address") != k.trAddr ||
		str(t, trSPK, "desc") != descriptor.AddChecksum("rawtr("+k.xonly+")") || str(t, trSPK, "asm") != "1 "+k.xonly {
		t.Errorf("taproot scriptPubKey = %s", trSPK)
	}
	if text(h.call("getrawtransaction", txid, 2)) != text(rt) {
		t.Error("verbosity 2 of a mempool transaction differs from 1")
	}

	// The output in the mempool: gettxout sees it (0 confirmations), and
	// the spent coinbase is gone unless the mempool is ignored.
	if out := h.call("gettxout", txid, 0); text(get(t, out, "confirmations")) != "0" || text(get(t, out, "coinbase")) != "false" {
		t.Errorf("gettxout mempool = %s", out)
	}
	if got := text(h.call("gettxout", op.Hash.String(), 0)); got != "null" {
		t.Errorf("gettxout of a mempool-spent output = %s", got)
	}
	if got := h.call("gettxout", op.Hash.String(), 0, false); text(get(t, got, "value")) != "50.00000000" {
		t.Errorf("gettxout include_mempool=false = %s", got)
	}

	// Mine it; look it up in its block.
	var hashes []string
	json.Unmarshal(h.call("generatetoaddress", 1, k.wpkhAddr), &hashes)
	if got := text(h.call("getrawmempool")); got != "[]" {
		t.Errorf("mempool after mining: %s", got)
	}
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY,
		"No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.",
		"getrawtransaction", txid)
	inBlock := h.call("getrawtransaction", txid, 1, hashes[0])
	wantKeys(t, "getrawtransaction with block", inBlock, "in_active_chain txid hash version size vsize weight locktime vin vout hex blockhash confirmations time blocktime")
	v2 := h.call("getrawtransaction", txid, 2, hashes[0])
	wantKeys(t, "getrawtransaction 2 with block", v2, "in_active_chain txid hash version size vsize weight locktime vin vout fee hex blockhash confirmations time blocktime")
	if text(get(t, v2, "fee")) != "0.00010000" {
		t.Errorf("fee = %s", get(t, v2, "fee"))
	}
	wantKeys(t, "vin with prevout", get(t, v2, "vin", 0), "txid vout scriptSig txinwitness prevout sequence")
	prevout := get(t, v2, "vin", 0, "prevout")
	wantKeys(t, "prevout", prevout, "generated height value scriptPubKey")
	if text(get(t, prevout, "generated")) != "true" || text(get(t, prevout, "height")) != "1" {
		t.Errorf("prevout = %s", prevout)
	}
	b2 := h.call("getblock", hashes[0], 2)
	if text(get(t, b2, "tx", 1, "fee")) != "0.00010000" {
		t.Errorf("getblock 2 fee = %s", get(t, b2, "tx", 1))
	}
	b3 := h.call("getblock", hashes[0], 3)
	if text(get(t, b3, "tx", 1, "vin", 0, "prevout")) != text(prevout) {
		t.Errorf("getblock 3 prevout = %s", get(t, b3, "tx", 1, "vin", 0))
	}
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "No such transaction found in the provided block. Use gettransaction for wallet transactions.",
		"getrawtransaction", txid, 1, genesisHash)
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block hash not found", "getrawtransaction", txid, 1, strings.Repeat("1", 64))
	h.wantError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved",
		"getrawtransaction", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b")
	h.wantError(rpcerr.RPC_VERIFY_ALREADY_IN_UTXO_SET, "Transaction outputs already in utxo set", "sendrawtransaction", hexTx(tx))
	dbl := k.spendP2WPKH(t, op, prev, wire.NewTxOut(prev.Value-20_000, k.p2wpkh))
	h.wantError(rpcerr.RPC_TRANSACTION_ERROR, "bad-txns-inputs-missingorspent", "sendrawtransaction", hexTx(dbl))
}

func TestDecodeRawTransaction(t *testing.T) {
	h := newHarness(t)
	h.wantError(rpcerr.RPC_DESERIALIZATION_ERROR, "TX decode failed", "decoderawtransaction", "00")
	h.wantError(rpcerr.RPC_DESERIALIZATION_ERROR, "TX decode failed", "decoderawtransaction", "xyz")

	// A legacy P2PKH spend: the scriptSig asm decodes the sighash type.
	k := newKey(t, h.n)
	tx := wire.NewMsgTx(1)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{7}, Index: 3}, nil, nil))
	sig := mustHex("3044022047ac8e878352d3ebbde1c94ce3a10d057c24175747116f8288e5d794d12d482f0220217f36a485cae903c713331d877c1f64677e3622ad4010726870540656fe9dcb01")
	pub := k.priv.PubKey().SerializeCompressed()
	tx.TxIn[0].SignatureScript = append(append([]byte{byte(len(sig))}, sig...), append([]byte{byte(len(pub))}, pub...)...)
	p2pkh := append(append([]byte{0x76, 0xa9, 0x14}, make([]byte, 20)...), 0x88, 0xac)
	tx.AddTxOut(wire.NewTxOut(12345, p2pkh))
	tx.AddTxOut(wire.NewTxOut(0, []byte{0x6a, 0x04, 0xde, 0xad, 0xbe, 0xef}))
	tx.AddTxOut(wire.NewTxOut(1, []byte{0x52, 0x21}))             // truncated push
	tx.AddTxOut(wire.NewTxOut(2, []byte{0x51, 0x02, 0x4e, 0x73})) // pay-to-anchor
	d := h.call("decoderawtransaction", hexTx(tx))
	wantKeys(t, "decoderawtransaction", d, "txid hash version size vsize weight locktime vin vout")
	wantAsm := "3044022047ac8e878352d3ebbde1c94ce3a10d057c24175747116f8288e5d794d12d482f0220217f36a485cae903c713331d877c1f64677e3622ad4010726870540656fe9dcb[ALL] " + hex.EncodeToString(pub)
	if got := str(t, d, "vin", 0, "scriptSig", "asm"); got != wantAsm {
		t.Errorf("scriptSig asm = %s\nwant %s", got, wantAsm)
	}
	if _, ok := keysMap(t, get(t, d, "vin", 0))["txinwitness"]; ok {
		t.Error("txinwitness without witness")
	}
	p := get(t, d, "vout", 0, "scriptPubKey")
	if str(t, p, "asm") != "OP_DUP OP_HASH160 0000000000000000000000000000000000000000 OP_EQUALVERIFY OP_CHECKSIG" ||
		str(t, p, "type") != "pubkeyhash" || str(t, p, "address") != "mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8" {
		t.Errorf("p2pkh = %s", p)
	}
	nd := get(t, d, "vout", 1, "scriptPubKey")
	if str(t, nd, "asm") != "OP_RETURN -1874767326" || str(t, nd, "type") != "nulldata" || str(t, nd, "desc") != descriptor.AddChecksum("raw(6a04deadbeef)") {
		t.Errorf("nulldata = %s", nd)
	}
	bad := get(t, d, "vout", 2, "scriptPubKey")
	if str(t, bad, "asm") != "2 [error]" || str(t, bad, "type") != "nonstandard" {
		t.Errorf("nonstandard = %s", bad)
	}
	anchor := get(t, d, "vout", 3, "scriptPubKey")
	if str(t, anchor, "type") != "anchor" || str(t, anchor, "address") != "bcrt1pfeesnyr2tx" || str(t, anchor, "asm") != "1 29518" {
		t.Errorf("anchor = %s", anchor)
	}
	if text(get(t, d, "version")) != "1" || text(get(t, d, "vin", 0, "vout")) != "3" {
		t.Errorf("decoded = %s", d)
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
