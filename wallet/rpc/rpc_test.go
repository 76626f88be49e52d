package walletrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	wire "github.com/btcsuite/btcd/wire/v2"

	btcamount "github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
	"github.com/bulkhead-btc/bulkhead/wallet"
	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

type env struct {
	t      *testing.T
	ctx    context.Context
	chain  *fakechain.Chain
	loader *wallet.Loader
	dir    string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := fakechain.New()
	c.SetSetting("fallbackfee", "0.0002")
	e := &env{t: t, ctx: context.Background(), chain: c, dir: t.TempDir()}
	e.loader = e.newLoader()
	if err := e.loader.Load(e.ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) newLoader() *wallet.Loader {
	l, err := wallet.NewLoader(&wallet.Config{Chain: e.chain, WalletDir: e.dir, Keypool: 10,
		KDF: wallet.KDFParams{Time: 1, MemoryKiB: 256, Threads: 1}, RegisterRPC: Register})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { l.Stop(context.Background()) })
	return l
}

// call runs a method through the chain's RPC table; uri "" means "/".
func (e *env) call(uri, method string, params ...any) (json.RawMessage, error) {
	if uri == "" {
		uri = "/"
	}
	p, err := json.Marshal(params)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(params) == 0 {
		p = []byte("[]")
	}
	res, err := e.chain.CallRPC(e.ctx, uri, method, string(p))
	return json.RawMessage(res), err
}

func (e *env) must(uri, method string, params ...any) json.RawMessage {
	e.t.Helper()
	res, err := e.call(uri, method, params...)
	if err != nil {
		e.t.Fatalf("%s %v: %v", method, params, err)
	}
	return res
}

func (e *env) mustString(uri, method string, params ...any) string {
	e.t.Helper()
	var s string
	if err := json.Unmarshal(e.must(uri, method, params...), &s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// wantErr checks an error's RPC code and message (a prefix when the
// message ends with "…").
func (e *env) wantErr(code int, msg string, uri, method string, params ...any) {
	e.t.Helper()
	_, err := e.call(uri, method, params...)
	if err == nil {
		e.t.Fatalf("%s %v succeeded, want error %d", method, params, code)
	}
	gotCode, gotMsg := rpcerr.ErrorCode(err)
	prefix, isPrefix := strings.CutSuffix(msg, "…")
	if gotCode != code || (!isPrefix && gotMsg != msg) || (isPrefix && !strings.HasPrefix(gotMsg, prefix)) {
		e.t.Fatalf("%s %v: error %d %q, want %d %q", method, params, gotCode, gotMsg, code, msg)
	}
}

func (e *env) generate(n int, addr string) {
	e.t.Helper()
	script, err := descriptor.DecodeAddress(addr, e.chain.Params())
	if err != nil {
		e.t.Fatal(err)
	}
	e.chain.Generate(n, script)
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

type balances struct {
	Mine struct {
		Trusted          json.Number `json:"trusted"`
		UntrustedPending json.Number `json:"untrusted_pending"`
		Immature         json.Number `json:"immature"`
	} `json:"mine"`
	LastProcessedBlock struct {
		Hash   string `json:"hash"`
		Height int    `json:"height"`
	} `json:"lastprocessedblock"`
}

// checkSent checks a sent transaction against the chain: it is in the
// mempool, its inputs pay its outputs plus the fee gettransaction reports,
// and that fee is rate (sat/kvB) on its virtual size, plus at most the
// size estimate's slack of a byte per input, or what change would have
// cost when it has none.
func (e *env) checkSent(uri, txid string, rate int64) {
	e.t.Helper()
	var tx *wire.MsgTx
	for _, m := range e.chain.Mempool() {
		if m.TxHash().String() == txid {
			tx = m
		}
	}
	if tx == nil {
		e.t.Fatalf("%s is not in the mempool", txid)
	}
	paid, err := e.chain.Fee(tx)
	if err != nil {
		e.t.Fatal(err)
	}
	wtx := decode[map[string]any](e.t, e.must(uri, "gettransaction", txid))
	if fee := -sats(e.t, num(wtx["fee"])); fee != paid {
		e.t.Fatalf("gettransaction's fee %d, inputs - outputs %d", fee, paid)
	}
	vs := fakechain.VSize(tx)
	least, most := (rate*vs+999)/1000, (rate*(vs+int64(len(tx.TxIn)))+999)/1000
	if len(tx.TxOut) == 1 {
		most += (rate*43+999)/1000 + 1100
	}
	if paid < least || paid > most {
		e.t.Fatalf("fee %d for %d vB at %d sat/kvB, want %d..%d", paid, vs, rate, least, most)
	}
}

func sats(t *testing.T, n json.Number) int64 {
	t.Helper()
	v, ok := btcamount.ParseFixedPoint(n.String(), 8)
	if !ok {
		t.Fatalf("bad amount %s", n)
	}
	return v
}

func TestTwoWalletsSendAndBalances(t *testing.T) {
	e := newEnv(t)
	if got := string(e.must("", "createwallet", "A")); got != `{"name":"A"}` {
		t.Fatalf("createwallet = %s", got)
	}
	e.must("", "createwallet", "B")
	e.wantErr(-19, msgNotSpecified, "", "getbalance")
	e.wantErr(-18, msgWalletNotFound, "/wallet/C", "getbalance")
	e.wantErr(-4, "Wallet file verification failed. Failed to create database path '"+filepath.Join(e.dir, "A")+"'. Database already exists.", "", "createwallet", "A")

	addrA := e.mustString("/wallet/A", "getnewaddress")
	if !strings.HasPrefix(addrA, "bcrt1q") {
		t.Fatalf("default address %s is not bech32", addrA)
	}
	if a := e.mustString("/wallet/A", "getnewaddress", "", "bech32m"); !strings.HasPrefix(a, "bcrt1p") {
		t.Fatalf("bech32m address %s", a)
	}
	e.wantErr(-12, "Error: No legacy addresses available.", "/wallet/A", "getnewaddress", "", "legacy")
	e.wantErr(-5, "Unknown address type 'foo'", "/wallet/A", "getnewaddress", "", "foo")
	e.wantErr(-11, "Invalid label name", "/wallet/A", "getnewaddress", "*")

	// generatetoaddress, then getbalance at once: the wallet waits until
	// it has processed the tip.
	e.generate(101, addrA)
	if got := string(e.must("/wallet/A", "getbalance")); got != "50.00000000" {
		t.Fatalf("getbalance = %s", got)
	}
	bal := decode[balances](t, e.must("/wallet/A", "getbalances"))
	if sats(t, bal.Mine.Immature) != 100*50*coin || bal.LastProcessedBlock.Height != 101 {
		t.Fatalf("getbalances = %+v", bal)
	}

	addrB := e.mustString("/wallet/B", "getnewaddress", "from A")
	txid := e.mustString("/wallet/A", "sendtoaddress", addrB, 1.5)
	e.checkSent("/wallet/A", txid, 20_000)
	tx := decode[map[string]any](t, e.must("/wallet/A", "gettransaction", txid))
	fee := -sats(t, num(tx["fee"]))
	if fee <= 0 || tx["amount"].(float64) != -1.5 || tx["bip125-replaceable"] != "yes" || tx["confirmations"].(float64) != 0 {
		t.Fatalf("gettransaction = %v", tx)
	}
	// Balances reflect the send at once, fee included.
	if got := sats(t, json.Number(e.must("/wallet/A", "getbalance"))); got != 50*coin-150_000_000-fee {
		t.Fatalf("A balance after send = %d (fee %d)", got, fee)
	}
	e.chain.Sync()
	bb := decode[balances](t, e.must("/wallet/B", "getbalances"))
	if sats(t, bb.Mine.UntrustedPending) != 150_000_000 || sats(t, bb.Mine.Trusted) != 0 {
		t.Fatalf("B before confirmation: %+v", bb)
	}
	e.generate(1, addrA)
	if got := string(e.must("/wallet/B", "getbalance")); got != "1.50000000" {
		t.Fatalf("B balance = %s", got)
	}
	if got := sats(t, json.Number(e.must("/wallet/A", "getbalance"))); got != 2*50*coin-150_000_000-fee {
		t.Fatalf("A balance after confirmation = %d", got)
	}

	// B's history: one receive with its label and parent descriptor.
	list := decode[[]map[string]any](t, e.must("/wallet/B", "listtransactions"))
	if len(list) != 1 || list[0]["category"] != "receive" || list[0]["label"] != "from A" || list[0]["txid"] != txid ||
		list[0]["confirmations"].(float64) != 1 || len(list[0]["parent_descs"].([]any)) != 1 {
		t.Fatalf("listtransactions = %v", list)
	}
	unspent := decode[[]map[string]any](t, e.must("/wallet/B", "listunspent"))
	if len(unspent) != 1 || unspent[0]["amount"].(float64) != 1.5 || unspent[0]["spendable"] != true ||
		!strings.HasPrefix(unspent[0]["desc"].(string), "wpkh([") {
		t.Fatalf("listunspent = %v", unspent)
	}
	// A's view: the send entry carries the fee.
	var sendEntry map[string]any
	for _, en := range decode[[]map[string]any](t, e.must("/wallet/A", "listtransactions", "*", 5)) {
		if en["category"] == "send" {
			sendEntry = en
		}
	}
	if sendEntry == nil || sats(t, num(sendEntry["fee"])) != -fee || sendEntry["amount"].(float64) != -1.5 || sendEntry["address"] != addrB {
		t.Fatalf("send entry = %v", sendEntry)
	}

	// Amount and address errors keep Core's codes.
	e.wantErr(-5, "Invalid Bitcoin address: nope", "/wallet/A", "sendtoaddress", "nope", 1)
	e.wantErr(-3, "Amount out of range", "/wallet/A", "sendtoaddress", addrB, -1)
	e.wantErr(-3, "Invalid amount", "/wallet/A", "sendtoaddress", addrB, "0.000000001")
	e.wantErr(-6, "Insufficient funds", "/wallet/A", "sendtoaddress", addrB, 1000)
	e.wantErr(-6, "Transaction amount too small", "/wallet/A", "sendtoaddress", addrB, 0.00000001)
	e.wantErr(-8, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.",
		"/wallet/A", "sendtoaddress", addrB, 1, nil, nil, nil, nil, 6, nil, nil, 5)
	e.wantErr(-6, "Fee rate (0.500 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)",
		"/wallet/A", "sendtoaddress", addrB, 1, nil, nil, nil, nil, nil, nil, nil, 0.5)
	e.wantErr(-5, "Invalid or non-wallet transaction id", "/wallet/A", "gettransaction", strings.Repeat("00", 32))
	e.wantErr(-8, "txid must be of length 64 (not 3, for 'abc')", "/wallet/A", "gettransaction", "abc")
}

func num(v any) json.Number { return json.Number(fmt.Sprint(v)) }

func TestFeeRateAndSendmany(t *testing.T) {
	e := newEnv(t)
	e.must("", "createwallet", "w")
	addr := e.mustString("", "getnewaddress")
	e.generate(101, addr)
	a1 := e.mustString("", "getnewaddress")
	a2 := e.mustString("", "getnewaddress", "", "bech32m")
	// Named parameters, explicit fee rate, verbose result.
	raw, err := e.chain.CallRPC(e.ctx, "/", "sendtoaddress", fmt.Sprintf(`{"address":%q,"amount":0.25,"fee_rate":7,"verbose":true}`, a1))
	if err != nil {
		t.Fatal(err)
	}
	res := decode[map[string]string](t, json.RawMessage(raw))
	if res["fee_reason"] != "PayTxFee set" {
		t.Fatalf("verbose result %v", res)
	}
	e.checkSent("", res["txid"], 7000)
	tx := decode[map[string]any](t, e.must("", "gettransaction", res["txid"], false, true))
	decoded := tx["decoded"].(map[string]any)
	vsize := int64(decoded["vsize"].(float64))
	fee := -sats(t, num(tx["fee"]))
	// 7 sat/vB on the estimated size, which is the real size or a byte
	// more (signatures are ground to low R).
	if fee < 7*vsize || fee > 7*(vsize+1) {
		t.Fatalf("fee %d for vsize %d at 7 sat/vB", fee, vsize)
	}
	// A self-send only costs the fee.
	if got := sats(t, num(tx["amount"])); got != 0 {
		t.Fatalf("self-send amount %d", got)
	}
	txid := e.mustString("", "sendmany", "", map[string]any{a1: 1, a2: "2"}, nil, "pay", []string{a2})
	e.checkSent("", txid, 20_000)
	tx = decode[map[string]any](t, e.must("", "gettransaction", txid))
	if tx["comment"] != "pay" {
		t.Fatalf("comment missing: %v", tx)
	}
	var got2 int64
	for _, d := range tx["details"].([]any) {
		m := d.(map[string]any)
		if m["address"] == a2 && m["category"] == "receive" {
			got2 = sats(t, num(m["amount"]))
		}
	}
	fee = -sats(t, num(tx["fee"]))
	if got2 != 2*coin-fee {
		t.Fatalf("subtractfeefrom output = %d, want %d", got2, 2*coin-fee)
	}
	e.wantErr(-8, `Dummy value must be set to ""`, "", "sendmany", "x", map[string]any{a1: 1})
	e.wantErr(-6, "Transaction must have at least one recipient", "", "sendmany", "", map[string]any{})
	e.wantErr(-8, "Invalid parameter, position too large: 5", "", "sendmany", "", map[string]any{a1: 1}, nil, nil, []int{5})
}

func TestNoFallbackFee(t *testing.T) {
	c := fakechain.New()
	e := &env{t: t, ctx: context.Background(), chain: c, dir: t.TempDir()}
	e.loader = e.newLoader()
	if err := e.loader.Load(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.must("", "createwallet", "w")
	addr := e.mustString("", "getnewaddress")
	e.generate(101, addr)
	e.wantErr(-6, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.", "", "sendtoaddress", addr, 1)
	c.SetFeeEstimate(3000, true)
	raw := e.must("", "sendtoaddress", addr, 1, nil, nil, nil, nil, nil, nil, nil, nil, true)
	r := decode[map[string]string](t, raw)
	if r["fee_reason"] != "Target 85% Threshold" {
		t.Fatalf("fee reason %v", r)
	}
	e.checkSent("", r["txid"], 3000)
}

func TestEncryption(t *testing.T) {
	e := newEnv(t)
	e.must("", "createwallet", "w")
	addr := e.mustString("", "getnewaddress")
	e.generate(101, addr)
	e.wantErr(-15, "Error: running with an unencrypted wallet, but walletpassphrase was called.", "", "walletpassphrase", "x", 10)
	e.wantErr(-15, "Error: running with an unencrypted wallet, but walletlock was called.", "", "walletlock")
	e.wantErr(-8, "passphrase cannot be empty", "", "encryptwallet", "")
	if got := e.mustString("", "encryptwallet", "secret"); got != encryptedMessage {
		t.Fatalf("encryptwallet = %q", got)
	}
	e.wantErr(-15, "Error: running with an encrypted wallet, but encryptwallet was called.", "", "encryptwallet", "again")
	info := decode[map[string]any](t, e.must("", "getwalletinfo"))
	if info["unlocked_until"].(float64) != 0 {
		t.Fatalf("getwalletinfo after encrypt: %v", info)
	}
	// Still watching the old keys; new addresses come from the new seed.
	if got := string(e.must("", "getbalance")); got != "50.00000000" {
		t.Fatalf("balance after encryption %s", got)
	}
	newAddr := e.mustString("", "getnewaddress")
	e.wantErr(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.", "", "sendtoaddress", newAddr, 1)
	e.wantErr(-14, "Error: The wallet passphrase entered was incorrect.", "", "walletpassphrase", "wrong", 10)
	e.wantErr(-8, "Timeout cannot be negative.", "", "walletpassphrase", "secret", -1)
	e.must("", "walletpassphrase", "secret", 100)
	info = decode[map[string]any](t, e.must("", "getwalletinfo"))
	if until := int64(info["unlocked_until"].(float64)); until < time.Now().Unix()+90 {
		t.Fatalf("unlocked_until %d", until)
	}
	e.must("", "sendtoaddress", newAddr, 1)
	e.must("", "walletlock")
	e.wantErr(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.", "", "sendtoaddress", newAddr, 1)

	// The timeout relocks.
	e.must("", "walletpassphrase", "secret", 1)
	e.must("", "sendtoaddress", newAddr, 1)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := e.call("", "sendtoaddress", newAddr, 1); err != nil {
			if code, _ := rpcerr.ErrorCode(err); code == -13 {
				break
			}
			t.Fatalf("unexpected error while waiting for the relock: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("wallet did not relock after its timeout")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Passphrase change.
	e.wantErr(-14, "Error: The wallet passphrase entered was incorrect.", "", "walletpassphrasechange", "nope", "new")
	e.must("", "walletpassphrasechange", "secret", "new secret")
	e.wantErr(-14, "Error: The wallet passphrase entered was incorrect.", "", "walletpassphrase", "secret", 10)
	e.must("", "walletpassphrase", "new secret", 10)
	e.must("", "sendtoaddress", newAddr, 1)

	// A wallet created with a passphrase is encrypted and locked.
	e.must("", "createwallet", "enc", false, false, "pw")
	info = decode[map[string]any](t, e.must("/wallet/enc", "getwalletinfo"))
	if v, ok := info["unlocked_until"]; !ok || v.(float64) != 0 {
		t.Fatalf("created-encrypted wallet: %v", info)
	}
	encAddr := e.mustString("/wallet/enc", "getnewaddress")
	e.must("/wallet/w", "sendtoaddress", encAddr, 2)
	e.generate(1, addr)
	e.wantErr(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.", "/wallet/enc", "sendtoaddress", addr, 1)
	e.must("/wallet/enc", "walletpassphrase", "pw", 10)
	e.must("/wallet/enc", "sendtoaddress", addr, 1)
	raw := e.must("", "createwallet", "empty-pass", false, false, "")
	if !strings.Contains(string(raw), "Empty string given as passphrase, wallet will not be encrypted.") {
		t.Fatalf("createwallet with empty passphrase = %s", raw)
	}
}

func TestLoadUnloadBackup(t *testing.T) {
	e := newEnv(t)
	e.must("", "createwallet", "w1")
	addr := e.mustString("", "getnewaddress")
	e.generate(101, addr)
	e.wantErr(-35, `Wallet "w1" is already loaded.`, "", "loadwallet", "w1")
	e.wantErr(-18, "Wallet file verification failed. Failed to load database path '"+filepath.Join(e.dir, "nope")+"'. Path does not exist.", "", "loadwallet", "nope")
	backup := filepath.Join(t.TempDir(), "backup.dat")
	e.must("", "backupwallet", backup)
	e.must("", "backupwallet", backup) // replaces it
	e.wantErr(-4, "Error: Wallet backup failed!", "", "backupwallet", t.TempDir())

	if got := string(e.must("", "unloadwallet", "w1")); got != "{}" {
		t.Fatalf("unloadwallet = %s", got)
	}
	e.wantErr(-18, msgNoWallet, "", "getbalance")
	e.wantErr(-18, msgWalletNotFound, "", "unloadwallet", "w1")
	if got := string(e.must("", "listwallets")); got != "[]" {
		t.Fatalf("listwallets = %s", got)
	}
	// Blocks mined while unloaded are caught up on load.
	e.generate(1, addr)
	if got := string(e.must("", "loadwallet", "w1")); got != `{"name":"w1"}` {
		t.Fatalf("loadwallet = %s", got)
	}
	if got := string(e.must("", "getbalance")); got != "100.00000000" {
		t.Fatalf("balance after catch-up = %s", got)
	}
	// The backup is a complete wallet: put it in the wallet dir and load.
	dst := filepath.Join(e.dir, "restored")
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, wallet.DatabaseFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	e.must("", "loadwallet", "restored")
	if got := string(e.must("/wallet/restored", "getbalance")); got != "100.00000000" {
		t.Fatalf("restored balance = %s", got)
	}
	e.wantErr(-8, "RPC endpoint wallet and wallet_name parameter specify different wallets", "/wallet/w1", "unloadwallet", "restored")
	e.must("/wallet/w1", "unloadwallet")
	if got := string(e.must("", "listwallets")); got != `["restored"]` {
		t.Fatalf("listwallets = %s", got)
	}
}

func TestRegisteredMethods(t *testing.T) {
	e := newEnv(t)
	want := []string{"createwallet", "loadwallet", "unloadwallet", "listwallets", "getwalletinfo", "getnewaddress",
		"getrawchangeaddress", "getbalance", "getbalances", "listunspent", "listtransactions", "gettransaction",
		"sendtoaddress", "sendmany", "encryptwallet", "walletpassphrase", "walletlock", "walletpassphrasechange", "backupwallet"}
	have := map[string]bool{}
	for _, c := range e.chain.RPCCommands() {
		have[c.Name] = true
		if c.Category != "wallet" || !strings.HasPrefix(c.Help, c.Name) {
			t.Errorf("%s: category %q, help %.40q", c.Name, c.Category, c.Help)
		}
	}
	for _, n := range want {
		if !have[n] {
			t.Errorf("%s not registered", n)
		}
	}
	// A wrong argument count fails with the help text, as Core.
	_, err := e.call("", "createwallet")
	if code, msg := rpcerr.ErrorCode(err); code != -1 || !strings.HasPrefix(msg, `createwallet "wallet_name"`) {
		t.Fatalf("createwallet without args: %d %q", code, msg)
	}
	e.wantErr(-3, "Wrong type passed:…", "", "createwallet", 5)
	if err := e.loader.Stop(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.chain.RPCCommands()); n != 0 {
		t.Fatalf("%d methods left after Stop", n)
	}
}

const coin = 100_000_000

func TestBlankAndWatchOnly(t *testing.T) {
	e := newEnv(t)
	e.must("", "createwallet", "blank", false, true)
	e.wantErr(-4, "Error: This wallet has no available keys", "/wallet/blank", "getnewaddress")
	e.wantErr(-4, "Error: This wallet has no available keys", "/wallet/blank", "getrawchangeaddress")
	e.must("", "createwallet", "watch", true)
	e.wantErr(-16, "Error: wallet does not contain private keys, nothing to encrypt.", "/wallet/watch", "encryptwallet", "x")
	info := decode[map[string]any](t, e.must("/wallet/watch", "getwalletinfo"))
	if info["private_keys_enabled"] != false || info["blank"] != false {
		t.Fatalf("watch-only getwalletinfo: %v", info)
	}
	e.wantErr(-4, "Passphrase provided but private keys are disabled. A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.",
		"", "createwallet", "bad", true, false, "pw")
	e.wantErr(-4, "BDB wallet creation is deprecated…", "", "createwallet", "legacy", false, false, nil, false, false)
	// The blank wallet is encrypted but gets no new seed (Core keeps it blank).
	e.must("/wallet/blank", "encryptwallet", "pw")
	e.wantErr(-4, "Error: This wallet has no available keys", "/wallet/blank", "getnewaddress")
}
