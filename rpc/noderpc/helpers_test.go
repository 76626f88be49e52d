package noderpc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	address "github.com/btcsuite/btcd/address/v2"
	btcec "github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// harness is a regtest node with the node methods on a real rpc.Server
// listening on 127.0.0.1.
type harness struct {
	t      *testing.T
	n      *node.Node
	srv    *rpc.Server
	url    string
	cookie string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	chain, _ := chainparams.For(chainparams.Regtest)
	n, err := node.New(&node.Config{Chain: chain, DataDir: filepath.Join(dir, "regtest"),
		Log: func(string) *slog.Logger { return slog.New(slog.DiscardHandler) }})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := rpc.New(&rpc.Config{
		Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, Port: 0,
		CookieFile: rpc.CookieFilePath(dir, ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Methods(&Config{Node: n}) {
		if _, err := srv.Register(m); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	cookie, err := os.ReadFile(rpc.CookieFilePath(dir, ""))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, n: n, srv: srv, url: "http://" + srv.Addrs()[0].String(), cookie: string(cookie)}
	t.Cleanup(func() {
		cancel()
		<-done
		n.Close()
	})
	return h
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// call runs a method through the server (without HTTP) and fails the test
// on an RPC error.
func (h *harness) call(method string, params ...any) json.RawMessage {
	h.t.Helper()
	r := h.try(method, params...)
	if r.Error != nil {
		h.t.Fatalf("%s: error %d %s", method, r.Error.Code, r.Error.Message)
	}
	return r.Result
}

func (h *harness) try(method string, params ...any) reply {
	h.t.Helper()
	if params == nil {
		params = []any{}
	}
	return h.tryParams(method, params)
}

// tryParams sends params as they are (an array or a named object).
func (h *harness) tryParams(method string, params any) reply {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{"id": 1, "method": method, "params": params})
	var r reply
	if err := json.Unmarshal(h.srv.Execute(context.Background(), body, "/", "test"), &r); err != nil {
		h.t.Fatal(err)
	}
	return r
}

// wantError calls and checks the error code and message.
func (h *harness) wantError(code int, msg string, method string, params ...any) {
	h.t.Helper()
	r := h.try(method, params...)
	if r.Error == nil {
		h.t.Fatalf("%s: no error, result %s", method, r.Result)
	}
	if r.Error.Code != code || r.Error.Message != msg {
		h.t.Fatalf("%s: error %d %q, want %d %q", method, r.Error.Code, r.Error.Message, code, msg)
	}
}

// post sends a JSON-RPC request over HTTP with the cookie.
func (h *harness) post(body string) (int, string) {
	h.t.Helper()
	req, _ := http.NewRequest("POST", h.url, strings.NewReader(body))
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(h.cookie)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// keys returns the keys of a JSON object in order.
func keys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func wantKeys(t *testing.T, what string, raw json.RawMessage, want string) {
	t.Helper()
	if got := strings.Join(keys(t, raw), " "); got != want {
		t.Errorf("%s keys:\n got  %s\n want %s", what, got, want)
	}
}

func get(t *testing.T, raw json.RawMessage, path ...any) json.RawMessage {
	t.Helper()
	cur := raw
	for _, p := range path {
		switch k := p.(type) {
		case string:
			var m map[string]json.RawMessage
			if err := json.Unmarshal(cur, &m); err != nil {
				t.Fatalf("%v: %s is not an object", path, cur)
			}
			cur = m[k]
		case int:
			var a []json.RawMessage
			if err := json.Unmarshal(cur, &a); err != nil || k >= len(a) {
				t.Fatalf("%v: %s is not an array of %d", path, cur, k+1)
			}
			cur = a[k]
		}
	}
	return cur
}

func str(t *testing.T, raw json.RawMessage, path ...any) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(get(t, raw, path...), &s); err != nil {
		t.Fatalf("%v: not a string: %s", path, get(t, raw, path...))
	}
	return s
}

func text(raw json.RawMessage) string { return string(raw) }

// key is a test key with its scripts and addresses.
type key struct {
	priv         *btcec.PrivateKey
	p2wpkh, p2tr []byte
	wpkhAddr     string
	trAddr       string
	xonly        string
}

func newKey(t *testing.T, n *node.Node) *key {
	t.Helper()
	priv, _ := btcec.NewPrivateKey()
	pub := priv.PubKey()
	wpkh, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(address.Hash160(pub.SerializeCompressed())).Script()
	out := schnorr.SerializePubKey(txscript.ComputeTaprootKeyNoScript(pub))
	tr, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_1).AddData(out).Script()
	k := &key{priv: priv, p2wpkh: wpkh, p2tr: tr, xonly: hex.EncodeToString(out)}
	k.wpkhAddr, _ = descriptor.EncodeAddress(wpkh, n.ConsensusParams())
	k.trAddr, _ = descriptor.EncodeAddress(tr, n.ConsensusParams())
	return k
}

// spendP2WPKH signs a transaction spending one P2WPKH output of k.
func (k *key) spendP2WPKH(t *testing.T, op wire.OutPoint, prev *wire.TxOut, outs ...*wire.TxOut) *wire.MsgTx {
	t.Helper()
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
	for _, o := range outs {
		tx.AddTxOut(o)
	}
	fetcher := txscript.NewCannedPrevOutputFetcher(prev.PkScript, prev.Value)
	wit, err := txscript.WitnessSignature(tx, txscript.NewTxSigHashes(tx, fetcher), 0, prev.Value, prev.PkScript, txscript.SigHashAll, k.priv, true)
	if err != nil {
		t.Fatal(err)
	}
	tx.TxIn[0].Witness = wit
	return tx
}

func hexTx(tx *wire.MsgTx) string { return txHex(tx) }
