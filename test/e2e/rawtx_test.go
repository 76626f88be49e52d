package e2e

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	address "github.com/btcsuite/btcd/address/v2"
	btcec "github.com/btcsuite/btcd/btcec/v2"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// txKey is a key whose P2WPKH outputs tests mine to and spend without a
// wallet, signing in the test.
type txKey struct {
	priv   *btcec.PrivateKey
	script []byte
	addr   string
}

func newTxKey(t *testing.T) *txKey {
	t.Helper()
	priv, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	a, err := address.NewAddressWitnessPubKeyHash(address.Hash160(priv.PubKey().SerializeCompressed()), &chaincfg.RegressionNetParams)
	if err != nil {
		t.Fatal(err)
	}
	script, err := txscript.PayToAddrScript(a)
	if err != nil {
		t.Fatal(err)
	}
	return &txKey{priv: priv, script: script, addr: a.EncodeAddress()}
}

// coin is an output of k's.
type coin struct {
	op    wire.OutPoint
	value int64
}

// coinbaseCoin is the coinbase output of the active block at height.
func coinbaseCoin(t *testing.T, n *node, height int) coin {
	t.Helper()
	var hash string
	json.Unmarshal(n.MustCall("", "getblockhash", height), &hash)
	var b struct {
		Tx []struct {
			TxID string `json:"txid"`
			Vout []struct {
				Value json.Number `json:"value"`
			} `json:"vout"`
		} `json:"tx"`
	}
	json.Unmarshal(n.MustCall("", "getblock", hash, 2), &b)
	h, err := chainhash.NewHashFromStr(b.Tx[0].TxID)
	if err != nil {
		t.Fatal(err)
	}
	return coin{op: wire.OutPoint{Hash: *h, Index: 0}, value: sats(t, b.Tx[0].Vout[0].Value)}
}

// spend signs a transaction spending in to k's script, leaving fee; with
// rbf its input signals replaceability.
func (k *txKey) spend(t *testing.T, in coin, fee int64) (*wire.MsgTx, string) {
	t.Helper()
	tx := wire.NewMsgTx(2)
	txIn := wire.NewTxIn(&in.op, nil, nil)
	txIn.Sequence = 0xfffffffd
	tx.AddTxIn(txIn)
	tx.AddTxOut(wire.NewTxOut(in.value-fee, k.script))
	fetcher := txscript.NewCannedPrevOutputFetcher(k.script, in.value)
	wit, err := txscript.WitnessSignature(tx, txscript.NewTxSigHashes(tx, fetcher), 0, in.value, k.script, txscript.SigHashAll, k.priv, true)
	if err != nil {
		t.Fatal(err)
	}
	tx.TxIn[0].Witness = wit
	var b bytes.Buffer
	tx.Serialize(&b)
	return tx, hex.EncodeToString(b.Bytes())
}

// send broadcasts a signed transaction and returns its txid.
func send(t *testing.T, n *node, hexTx string) string {
	t.Helper()
	var txid string
	json.Unmarshal(n.MustCall("", "sendrawtransaction", hexTx), &txid)
	return txid
}

// mineTo generates count blocks paying addr and returns their hashes.
func mineTo(t *testing.T, n *node, count int, addr string) []string {
	t.Helper()
	var hashes []string
	json.Unmarshal(n.MustCall("", "generatetoaddress", count, addr), &hashes)
	return hashes
}

// sats converts an amount as Core writes it ("50.00000000") to satoshis.
func sats(t *testing.T, v json.Number) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(string(v), ".")
	frac = (frac + "00000000")[:8]
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", v, err)
	}
	return n
}
