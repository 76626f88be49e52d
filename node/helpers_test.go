package node

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	address "github.com/btcsuite/btcd/address/v2"
	btcec "github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// testLog returns a Config.Log that discards, or writes to stderr with
// BULKHEAD_TEST_LOG=1.
func testLog() func(string) *slog.Logger {
	var w io.Writer = io.Discard
	if os.Getenv("BULKHEAD_TEST_LOG") != "" {
		w = os.Stderr
	}
	return func(cat string) *slog.Logger {
		return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})).With("cat", cat)
	}
}

// openNode opens a regtest node in dir, closed when the test ends unless
// the test closes it first.
func openNode(t testing.TB, dir string, mod func(*Config)) *Node {
	t.Helper()
	chain, err := chainparams.For(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Chain: chain, DataDir: dir, Log: testLog()}
	if mod != nil {
		mod(cfg)
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// key is a test key with its P2WPKH and P2TR (BIP86 key path) scripts.
type key struct {
	priv   *btcec.PrivateKey
	p2wpkh []byte
	p2tr   []byte
}

func newKey(t testing.TB) *key {
	t.Helper()
	priv, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	pub := priv.PubKey()
	wpkh, err := txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(address.Hash160(pub.SerializeCompressed())).Script()
	if err != nil {
		t.Fatal(err)
	}
	out := txscript.ComputeTaprootKeyNoScript(pub)
	tr, err := txscript.NewScriptBuilder().AddOp(txscript.OP_1).AddData(schnorr.SerializePubKey(out)).Script()
	if err != nil {
		t.Fatal(err)
	}
	return &key{priv: priv, p2wpkh: wpkh, p2tr: tr}
}

// utxo is an output the tests can spend.
type utxo struct {
	op  wire.OutPoint
	out *wire.TxOut
}

// spend builds a signed transaction spending ins (all owned by k, P2WPKH or
// P2TR) to outs.
func (k *key) spend(t testing.TB, ins []utxo, outs []*wire.TxOut) *wire.MsgTx {
	t.Helper()
	tx := wire.NewMsgTx(2)
	fetcher := txscript.NewMultiPrevOutFetcher(nil)
	for _, in := range ins {
		tx.AddTxIn(wire.NewTxIn(&in.op, nil, nil))
		fetcher.AddPrevOut(in.op, in.out)
	}
	for _, o := range outs {
		tx.AddTxOut(o)
	}
	hashes := txscript.NewTxSigHashes(tx, fetcher)
	for i, in := range ins {
		var wit wire.TxWitness
		var err error
		switch {
		case string(in.out.PkScript) == string(k.p2wpkh):
			wit, err = txscript.WitnessSignature(tx, hashes, i, in.out.Value, in.out.PkScript, txscript.SigHashAll, k.priv, true)
		case string(in.out.PkScript) == string(k.p2tr):
			wit, err = txscript.TaprootWitnessSignature(tx, hashes, i, in.out.Value, in.out.PkScript, txscript.SigHashDefault, k.priv)
		default:
			t.Fatalf("spend: input %d is not ours", i)
		}
		if err != nil {
			t.Fatal(err)
		}
		tx.TxIn[i].Witness = wit
	}
	return tx
}

// mine generates count blocks paying script.
func mine(t testing.TB, n *Node, script []byte, count int) []chainhash.Hash {
	t.Helper()
	hashes, err := n.GenerateBlocks(context.Background(), script, count, DefaultMaxTries)
	if err != nil {
		t.Fatalf("GenerateBlocks: %v", err)
	}
	if len(hashes) != count {
		t.Fatalf("GenerateBlocks made %d blocks, want %d", len(hashes), count)
	}
	return hashes
}

// coinbaseUTXO returns the coinbase output of the active block at height.
func coinbaseUTXO(t testing.TB, n *Node, height int32) utxo {
	t.Helper()
	hash, ok := n.BlockHashAt(height)
	if !ok {
		t.Fatalf("no block at %d", height)
	}
	b, err := n.Block(hash)
	if err != nil {
		t.Fatal(err)
	}
	cb := b.Transactions[0]
	return utxo{op: wire.OutPoint{Hash: cb.TxHash(), Index: 0}, out: cb.TxOut[0]}
}

// wantRPCError checks err is an *rpcerr.Error with code and message.
func wantRPCError(t testing.TB, err error, code int, msg string) {
	t.Helper()
	var e *rpcerr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *rpcerr.Error", err, err)
	}
	if e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("error = %d %q, want %d %q", e.Code, e.Message, code, msg)
	}
}

// recorder is a ChainNotifications that records what it gets.
type recorder struct {
	mu     sync.Mutex
	events []string
	during func(kind string) // called inside every notification
	signal chan struct{}
}

func newRecorder() *recorder { return &recorder{signal: make(chan struct{}, 1000)} }

func (r *recorder) add(s string) {
	if r.during != nil {
		r.during(s)
	}
	r.mu.Lock()
	r.events = append(r.events, s)
	r.mu.Unlock()
	select {
	case r.signal <- struct{}{}:
	default:
	}
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// waitFor waits until pred holds for the events.
func (r *recorder) waitFor(t testing.TB, what string, pred func([]string) bool) []string {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		ev := r.list()
		if pred(ev) {
			return ev
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("timed out waiting for %s; events: %v", what, ev)
		}
	}
}

func (r *recorder) TransactionAddedToMempool(ctx context.Context, tx *wire.MsgTx) error {
	r.add("added " + tx.TxHash().String())
	return nil
}

func (r *recorder) TransactionRemovedFromMempool(ctx context.Context, tx *wire.MsgTx, reason int32) error {
	r.add("removed " + tx.TxHash().String() + " " + reasonName(reason))
	return nil
}

func (r *recorder) BlockConnected(ctx context.Context, b interfaces.BlockInfo) error {
	if b.Block == nil || b.Block.BlockHash() != b.Hash {
		r.add("connected BAD " + b.Hash.String())
		return nil
	}
	r.add("connected " + b.Hash.String())
	return nil
}

func (r *recorder) BlockDisconnected(ctx context.Context, b interfaces.BlockInfo) error {
	r.add("disconnected " + b.Hash.String())
	return nil
}

func (r *recorder) UpdatedBlockTip(ctx context.Context, tip interfaces.BlockRef) error {
	r.add("tip " + tip.Hash.String())
	return nil
}

func (r *recorder) ChainStateFlushed(ctx context.Context, tip interfaces.BlockRef) error {
	r.add("flushed " + tip.Hash.String())
	return nil
}

func (r *recorder) NotificationsDropped(ctx context.Context, reason string) error {
	r.add("dropped: " + reason)
	return nil
}

func reasonName(r int32) string {
	switch r {
	case interfaces.RemovalConflict:
		return "conflict"
	case interfaces.RemovalReplaced:
		return "replaced"
	case interfaces.RemovalReorg:
		return "reorg"
	case interfaces.RemovalBlock:
		return "block"
	}
	return "other"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// blockOn builds and solves a block on parent (any known block) with a
// coinbase paying script and the given transactions, for building
// competing chains.
func blockOn(t testing.TB, n *Node, parent chainhash.Hash, script []byte, txs ...*wire.MsgTx) *wire.MsgBlock {
	t.Helper()
	bi, err := n.LookupBlock(parent)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := coinbaseTx(bi.Height+1, script, 50_0000_0000>>uint((bi.Height+1)/150))
	if err != nil {
		t.Fatal(err)
	}
	// A distinct coinbase per call, so sibling blocks differ.
	cb.TxIn[0].SignatureScript = append(cb.TxIn[0].SignatureScript, byte(len(txs)), byte(time.Now().UnixNano()))
	b := &wire.MsgBlock{
		Header: wire.BlockHeader{
			Version:   0x20000000,
			PrevBlock: parent,
			Timestamp: time.Unix(max(bi.MedianTime+1, bi.Header.Timestamp.Unix()+1), 0),
			Bits:      0x207fffff,
		},
		Transactions: append([]*wire.MsgTx{cb}, txs...),
	}
	regenerateCommitments(b)
	tries := uint64(DefaultMaxTries)
	if !solve(context.Background(), b, &tries) {
		t.Fatal("could not solve block")
	}
	return b
}
