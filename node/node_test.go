package node

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// TestRegtestParams pins our regtest parameters to Bitcoin Core's
// CRegTestParams.
func TestRegtestParams(t *testing.T) {
	p, err := Params(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GenesisHash.String(); got != "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206" {
		t.Errorf("genesis = %s", got)
	}
	if p.GenesisBlock.Header.MerkleRoot.String() != "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b" {
		t.Errorf("genesis merkle root = %s", p.GenesisBlock.Header.MerkleRoot)
	}
	if uint32(p.Net) != 0xdab5bffa { // fa bf b5 da on the wire
		t.Errorf("magic = %08x", uint32(p.Net))
	}
	if p.PowLimitBits != 0x207fffff || !p.PoWNoRetargeting {
		t.Errorf("pow limit %08x, no retargeting %v", p.PowLimitBits, p.PoWNoRetargeting)
	}
	if p.CoinbaseMaturity != 100 || p.SubsidyReductionInterval != 150 {
		t.Errorf("maturity %d, halving %d", p.CoinbaseMaturity, p.SubsidyReductionInterval)
	}
	if p.BIP0034Height != 1 || p.BIP0065Height != 1 || p.BIP0066Height != 1 {
		t.Errorf("BIP34/65/66 heights %d/%d/%d", p.BIP0034Height, p.BIP0065Height, p.BIP0066Height)
	}
	for _, id := range []int{chaincfg.DeploymentCSV, chaincfg.DeploymentSegwit, chaincfg.DeploymentTaproot} {
		if p.Deployments[id].EffectiveAlwaysActiveHeight() != 1 {
			t.Errorf("deployment %d always active from %d, want 1", id, p.Deployments[id].EffectiveAlwaysActiveHeight())
		}
	}
	if p.Bech32HRPSegwit != "bcrt" || p.PubKeyHashAddrID != 111 || p.ScriptHashAddrID != 196 {
		t.Errorf("address prefixes %q %d %d", p.Bech32HRPSegwit, p.PubKeyHashAddrID, p.ScriptHashAddrID)
	}
	if p.RelayNonStdTxs {
		t.Error("regtest must require standard transactions, as Core")
	}
	// Each call gets its own deployment clocks.
	q, _ := Params(chainparams.Regtest)
	if p.Deployments[chaincfg.DeploymentSegwit].DeploymentStarter == q.Deployments[chaincfg.DeploymentSegwit].DeploymentStarter {
		t.Error("Params shares deployment starters between calls")
	}
	for _, name := range chainparams.Names() {
		if _, err := Params(name); err != nil {
			t.Errorf("Params(%s): %v", name, err)
		}
	}
}

// TestSegwitAndTaprootAtLowHeight mines 101 blocks and spends coinbases
// with a P2WPKH and a P2TR key-path signature, through the mempool and
// directly in a block (generateblock).
func TestSegwitAndTaprootAtLowHeight(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	// Blocks 1-2 pay P2WPKH, 3-4 P2TR; then 99 more to mature them.
	mine(t, n, k.p2wpkh, 2)
	mine(t, n, k.p2tr, 2)
	mine(t, n, k.p2wpkh, 99)
	if _, h := n.Tip(); h != 103 {
		t.Fatalf("height %d", h)
	}
	// Versions as Core's regtest: 0x20000000 before the first signalling
	// period.
	b1, _ := n.Block(mustHash(t, n, 1))
	if b1.Header.Version != 0x20000000 {
		t.Errorf("block 1 version %08x", b1.Header.Version)
	}

	for _, tc := range []struct {
		name   string
		height int32
	}{{"p2wpkh", 1}, {"p2tr", 3}} {
		t.Run(tc.name+"/mempool", func(t *testing.T) {
			in := coinbaseUTXO(t, n, tc.height)
			tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-1000, k.p2wpkh)})
			if err := n.BroadcastTransaction(ctx, tx, 0); err != nil {
				t.Fatalf("BroadcastTransaction: %v", err)
			}
			if _, ok := n.MempoolEntry(tx.TxHash()); !ok {
				t.Fatal("not in mempool")
			}
			hashes := mine(t, n, k.p2wpkh, 1)
			b, _ := n.Block(hashes[0])
			if len(b.Transactions) != 2 || b.Transactions[1].TxHash() != tx.TxHash() {
				t.Fatalf("block does not hold the spend: %d txs", len(b.Transactions))
			}
			if b.Transactions[0].TxOut[0].Value != 50_0000_0000+1000 {
				t.Errorf("coinbase claims %d, want subsidy + 1000 fee", b.Transactions[0].TxOut[0].Value)
			}
			if len(n.MempoolTxIDs()) != 0 {
				t.Error("mempool not empty after mining")
			}
		})
		t.Run(tc.name+"/block", func(t *testing.T) {
			in := coinbaseUTXO(t, n, tc.height+1)
			tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-500, k.p2tr)})
			b, err := n.GenerateBlock(ctx, k.p2wpkh, []*wire.MsgTx{tx}, true)
			if err != nil {
				t.Fatalf("GenerateBlock: %v", err)
			}
			if tip, _ := n.Tip(); tip != b.BlockHash() {
				t.Fatal("generated block is not the tip")
			}
			// generateblock does not claim the fees, as Core.
			if b.Transactions[0].TxOut[0].Value != 50_0000_0000 {
				t.Errorf("coinbase value %d", b.Transactions[0].TxOut[0].Value)
			}
			if c, _, _, ok := n.UnspentOutput(wire.OutPoint{Hash: tx.TxHash()}, false); !ok || c.Value != in.out.Value-500 {
				t.Errorf("output not in UTXO set: %+v %v", c, ok)
			}
		})
	}
}

func mustHash(t testing.TB, n *Node, h int32) chainhash.Hash {
	t.Helper()
	hash, ok := n.BlockHashAt(h)
	if !ok {
		t.Fatalf("no block at %d", h)
	}
	return hash
}

// TestMempoolRejections checks Core's codes and reject reasons.
func TestMempoolRejections(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	mine(t, n, k.p2wpkh, 110)
	other := newKey(t)

	in1 := coinbaseUTXO(t, n, 1)
	ok := k.spend(t, []utxo{in1}, []*wire.TxOut{wire.NewTxOut(in1.out.Value-10_000, other.p2wpkh)})

	t.Run("min relay fee", func(t *testing.T) {
		in := coinbaseUTXO(t, n, 2)
		tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-50, other.p2wpkh)})
		err := n.BroadcastTransaction(ctx, tx, 0)
		wantRPCError(t, err, rpcerr.RPC_VERIFY_REJECTED, "")
		if !strings.HasPrefix(err.Error(), "min relay fee not met, 50 < 1") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("dust", func(t *testing.T) {
		in := coinbaseUTXO(t, n, 2)
		tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(100, other.p2wpkh), wire.NewTxOut(in.out.Value-10_000, other.p2wpkh)})
		wantRPCError(t, n.BroadcastTransaction(ctx, tx, 0), rpcerr.RPC_VERIFY_REJECTED, "dust")
	})
	t.Run("premature coinbase spend", func(t *testing.T) {
		in := coinbaseUTXO(t, n, 20)
		tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-10_000, other.p2wpkh)})
		wantRPCError(t, n.BroadcastTransaction(ctx, tx, 0), rpcerr.RPC_VERIFY_REJECTED,
			"bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 91")
	})
	t.Run("bad signature", func(t *testing.T) {
		in := coinbaseUTXO(t, n, 2)
		tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-10_000, other.p2wpkh)})
		sig := tx.TxIn[0].Witness[0]
		sig[10] ^= 1
		wantRPCError(t, n.BroadcastTransaction(ctx, tx, 0), rpcerr.RPC_VERIFY_REJECTED, "")
	})
	t.Run("max fee", func(t *testing.T) {
		wantRPCError(t, n.BroadcastTransaction(ctx, ok, 9_999), rpcerr.RPC_TRANSACTION_ERROR,
			"Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	})
	t.Run("accepted", func(t *testing.T) {
		if err := n.BroadcastTransaction(ctx, ok, 10_000); err != nil {
			t.Fatal(err)
		}
		// Again: already in the mempool is fine.
		if err := n.BroadcastTransaction(ctx, ok, 0); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("missing inputs", func(t *testing.T) {
		fake := utxo{op: wire.OutPoint{Hash: chainhash.Hash{1}, Index: 0}, out: wire.NewTxOut(100_000, k.p2wpkh)}
		tx := k.spend(t, []utxo{fake}, []*wire.TxOut{wire.NewTxOut(50_000, other.p2wpkh)})
		wantRPCError(t, n.BroadcastTransaction(ctx, tx, 0), rpcerr.RPC_TRANSACTION_ERROR, "bad-txns-inputs-missingorspent")
	})
	t.Run("replacement with too little fee", func(t *testing.T) {
		tx := k.spend(t, []utxo{in1}, []*wire.TxOut{wire.NewTxOut(in1.out.Value-10_050, k.p2wpkh)})
		err := n.BroadcastTransaction(ctx, tx, 0)
		wantRPCError(t, err, rpcerr.RPC_VERIFY_REJECTED, "")
		if !strings.HasPrefix(err.Error(), "insufficient fee, rejecting replacement "+tx.TxHash().String()+", not enough additional fees to relay; 0.0000005 < 0.000001") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("already in utxo set", func(t *testing.T) {
		mine(t, n, k.p2wpkh, 1)
		wantRPCError(t, n.BroadcastTransaction(ctx, ok, 0), rpcerr.RPC_VERIFY_ALREADY_IN_UTXO_SET, "Transaction outputs already in utxo set")
	})
	t.Run("spent input", func(t *testing.T) {
		tx := k.spend(t, []utxo{in1}, []*wire.TxOut{wire.NewTxOut(in1.out.Value-20_000, k.p2wpkh)})
		wantRPCError(t, n.BroadcastTransaction(ctx, tx, 0), rpcerr.RPC_TRANSACTION_ERROR, "bad-txns-inputs-missingorspent")
	})
}

// TestReplacement replaces a mempool transaction with a higher-fee one
// (full RBF, as Core 28) and checks the REPLACED notification.
func TestReplacement(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	mine(t, n, k.p2wpkh, 101)
	rec := newRecorder()
	h, err := n.Chain().HandleNotifications(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Disconnect(ctx)
	in := coinbaseUTXO(t, n, 1)
	a := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-1_000, k.p2wpkh)})
	a.TxIn[0].Sequence = wire.MaxTxInSequenceNum // does not signal BIP125
	a = k.spend(t, []utxo{in}, a.TxOut)
	if err := n.BroadcastTransaction(ctx, a, 0); err != nil {
		t.Fatal(err)
	}
	b := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-5_000, k.p2tr)})
	if err := n.BroadcastTransaction(ctx, b, 0); err != nil {
		t.Fatalf("replacement: %v", err)
	}
	ev := rec.waitFor(t, "replacement", func(ev []string) bool { return contains(ev, "added "+b.TxHash().String()) })
	i, j := index(ev, "removed "+a.TxHash().String()+" replaced"), index(ev, "added "+b.TxHash().String())
	if i < 0 || j < i {
		t.Fatalf("events %v", ev)
	}
	if ids := n.MempoolTxIDs(); len(ids) != 1 || ids[0] != b.TxHash() {
		t.Fatalf("mempool %v", ids)
	}
}

// TestReorg builds a longer competing chain: the node disconnects its
// block, connects the new ones, re-adds the disconnected transaction and
// notifies in order.
func TestReorg(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	mine(t, n, k.p2wpkh, 101)
	rec := newRecorder()
	h, _ := n.Chain().HandleNotifications(ctx, rec)
	defer h.Disconnect(ctx)

	fork, _ := n.Tip()
	in := coinbaseUTXO(t, n, 1)
	tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-2_000, k.p2wpkh)})
	if err := n.BroadcastTransaction(ctx, tx, 0); err != nil {
		t.Fatal(err)
	}
	a := mine(t, n, k.p2wpkh, 1)[0]
	if len(n.MempoolTxIDs()) != 0 {
		t.Fatal("tx not mined")
	}
	// Competing chain: two empty blocks on the fork point.
	b1 := blockOn(t, n, fork, k.p2tr)
	if _, _, err := n.ProcessBlock(b1); err != nil {
		t.Fatalf("b1: %v", err)
	}
	if tip, _ := n.Tip(); tip != a {
		t.Fatal("equal-work side block became the tip")
	}
	b2 := blockOn(t, n, b1.BlockHash(), k.p2tr)
	if _, _, err := n.ProcessBlock(b2); err != nil {
		t.Fatalf("b2: %v", err)
	}
	if tip, height := n.Tip(); tip != b2.BlockHash() || height != 103 {
		t.Fatalf("tip %s at %d, want b2", tip, height)
	}
	// Core's order (ActivateBestChain): the disconnection, the mempool
	// taking the disconnected transactions back, then the connections and
	// the new tip.
	want := []string{
		"disconnected " + a.String(),
		"added " + tx.TxHash().String(),
		"connected " + b1.BlockHash().String(),
		"connected " + b2.BlockHash().String(),
		"tip " + b2.BlockHash().String(),
	}
	ev := rec.waitFor(t, "reorg", func(ev []string) bool { return contains(ev, want[len(want)-1]) })
	last := index(ev, "disconnected "+a.String()) - 1
	for _, w := range want {
		i := index(ev[last+1:], w)
		if i < 0 {
			t.Fatalf("events out of order or missing %q: %v", w, ev)
		}
		last += 1 + i
	}
	if ids := n.MempoolTxIDs(); len(ids) != 1 || ids[0] != tx.TxHash() {
		t.Fatalf("disconnected tx not back in the mempool: %v", ids)
	}
	// The chain interface sees the fork.
	fp, err := n.Chain().FindForkPoint(ctx, a)
	if err != nil || fp.Hash != fork {
		t.Fatalf("FindForkPoint = %v, %v", fp, err)
	}
	fb, _ := n.Chain().FindBlock(ctx, a)
	if !fb.Found || fb.InActive || fb.Height != 102 {
		t.Fatalf("FindBlock(a) = %+v", fb)
	}
	if _, err := n.Chain().GetBlock(ctx, a); err != nil {
		t.Fatalf("GetBlock of the stale block: %v", err)
	}
	// A conflicting spend mined in a block evicts the mempool tx.
	dbl := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-3_000, k.p2tr)})
	b3 := blockOn(t, n, b2.BlockHash(), k.p2tr, dbl)
	if _, _, err := n.ProcessBlock(b3); err != nil {
		t.Fatalf("b3: %v", err)
	}
	rec.waitFor(t, "conflict", func(ev []string) bool { return contains(ev, "removed "+tx.TxHash().String()+" conflict") })
	if len(n.MempoolTxIDs()) != 0 {
		t.Fatal("conflicting tx still in the mempool")
	}
}

// TestRestart closes and reopens the node: tip and UTXO set persist.
func TestRestart(t *testing.T) {
	dir := t.TempDir()
	n := openNode(t, dir, nil)
	k := newKey(t)
	mine(t, n, k.p2wpkh, 120)
	tip, height := n.Tip()
	in := coinbaseUTXO(t, n, 5)
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if err := n.BroadcastTransaction(context.Background(), &wire.MsgTx{}, 0); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	n2 := openNode(t, dir, nil)
	if tip2, h2 := n2.Tip(); tip2 != tip || h2 != height {
		t.Fatalf("after restart tip %s/%d, want %s/%d", tip2, h2, tip, height)
	}
	if c, _, _, ok := n2.UnspentOutput(in.op, false); !ok || c.Value != in.out.Value || !c.Coinbase || c.Height != 5 {
		t.Fatalf("coin after restart: %+v %v", c, ok)
	}
	mine(t, n2, k.p2wpkh, 1)
}

// TestNotifications: order, delivery outside the node's locks (the
// subscriber calls back into the node), a slow subscriber not blocking
// validation, Disconnect (also from inside a notification).
func TestNotifications(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	chain := n.Chain()

	// A subscriber calling back into the node from every notification:
	// this deadlocks if delivery happened under the node's lock.
	calls := newRecorder()
	calls.during = func(string) {
		n.MempoolEntries()
		chain.GetTip(ctx)
	}
	h1, _ := chain.HandleNotifications(ctx, calls)

	// A slow subscriber, blocked until released.
	release := make(chan struct{})
	slow := newRecorder()
	slow.during = func(string) { <-release }
	h2, _ := chain.HandleNotifications(ctx, slow)

	hashes := mine(t, n, k.p2wpkh, 5) // must not wait for the slow one
	var want []string
	for _, h := range hashes {
		want = append(want, "connected "+h.String(), "tip "+h.String())
	}
	got := calls.waitFor(t, "5 blocks", func(ev []string) bool { return len(ev) >= len(want) })
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	close(release)
	slowGot := slow.waitFor(t, "slow subscriber", func(ev []string) bool { return len(ev) >= len(want) })
	if strings.Join(slowGot, "\n") != strings.Join(want, "\n") {
		t.Fatalf("slow subscriber got %v", slowGot)
	}

	// Disconnect stops delivery.
	if err := h2.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	mine(t, n, k.p2wpkh, 1)
	calls.waitFor(t, "one more block", func(ev []string) bool { return len(ev) >= len(want)+2 })
	if len(slow.list()) != len(want) {
		t.Fatalf("delivered after Disconnect: %v", slow.list())
	}

	// Disconnect from inside a notification returns at once.
	var h3 interfaces.Handler
	self := newRecorder()
	done := make(chan error, 1)
	selfDisc := &disconnecting{recorder: self, done: done, handler: func() interfaces.Handler { return h3 }}
	h3, _ = chain.HandleNotifications(ctx, selfDisc)
	mine(t, n, k.p2wpkh, 2)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Disconnect from inside a notification hung")
	}
	time.Sleep(100 * time.Millisecond)
	if got := self.list(); len(got) != 1 {
		t.Fatalf("delivered after self-disconnect: %v", got)
	}

	// ChainStateFlushed on Close, delivered before Close returns.
	tip, _ := n.Tip()
	n.Close()
	if ev := calls.list(); ev[len(ev)-1] != "flushed "+tip.String() {
		t.Fatalf("last event %q, want flushed", ev[len(ev)-1])
	}
	h1.Disconnect(ctx)
}

// disconnecting disconnects its own handler from its first notification.
type disconnecting struct {
	*recorder
	done    chan error
	handler func() interfaces.Handler
}

func (d *disconnecting) BlockConnected(ctx context.Context, b interfaces.BlockInfo) error {
	d.recorder.BlockConnected(ctx, b)
	d.done <- d.handler().Disconnect(ctx)
	return nil
}

// TestChainInterface covers the rest of interfaces.Chain.
func TestChainInterface(t *testing.T) {
	settings := map[string][]string{"walletrbf": {"1"}}
	var srv *rpc.Server
	n := openNode(t, t.TempDir(), func(c *Config) {
		c.Settings = func(name string) []string { return settings[name] }
		var err error
		srv, err = rpc.New(&rpc.Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, Port: 0, NoControlMethods: true, CookieFile: ""})
		if err != nil {
			t.Fatal(err)
		}
		c.RPC = srv
	})
	ctx := context.Background()
	chain := n.Chain()
	if net, _ := chain.Network(ctx); net != "regtest" {
		t.Errorf("Network = %q", net)
	}
	k := newKey(t)
	mine(t, n, k.p2wpkh, 3)
	tip, _ := chain.GetTip(ctx)
	if tip.Height != 3 {
		t.Errorf("GetTip = %+v", tip)
	}
	if h, err := chain.GetBlockHash(ctx, 3); err != nil || h != tip.Hash {
		t.Errorf("GetBlockHash(3) = %s, %v", h, err)
	}
	if _, err := chain.GetBlockHash(ctx, 4); !errors.Is(err, interfaces.ErrNotFound) {
		t.Errorf("GetBlockHash(4) error %v, want ErrNotFound", err)
	}
	if fb, _ := chain.FindBlock(ctx, chainhash.Hash{9}); fb.Found {
		t.Error("FindBlock found an unknown block")
	}
	fb, _ := chain.FindBlock(ctx, tip.Hash)
	if !fb.Found || !fb.InActive || fb.Height != 3 || fb.MaxTime < fb.Time || fb.MedianTime > fb.Time {
		t.Errorf("FindBlock(tip) = %+v", fb)
	}
	// Blocks made now are recent: not in IBD.
	if ibd, _ := chain.IsInitialBlockDownload(ctx); ibd {
		t.Error("IsInitialBlockDownload with a fresh tip")
	}
	if fee, _ := chain.RelayMinFee(ctx); fee != 1000 {
		t.Errorf("RelayMinFee = %d", fee)
	}
	// No fee estimator: no estimate, for the target Core's estimator
	// without data answers (0), distinct from a zero rate.
	if est, err := chain.EstimateSmartFee(ctx, 6); err != nil || est != (interfaces.FeeEstimate{Found: false, Blocks: 0}) {
		t.Errorf("EstimateSmartFee = %+v, %v", est, err)
	}
	if v, _ := chain.GetSetting(ctx, "walletrbf"); len(v) != 1 || v[0] != "1" {
		t.Errorf("GetSetting = %v", v)
	}
	// HandleRPC registers a forwarding method; Disconnect removes it.
	h, err := chain.HandleRPC(ctx, interfaces.RPCCommand{Name: "walletecho", Category: "wallet", Help: "walletecho\n"}, echoHandler{})
	if err != nil {
		t.Fatal(err)
	}
	reply := string(srv.Execute(ctx, []byte(`{"id":1,"method":"walletecho","params":{"a":1}}`), "/wallet/w1", "alice"))
	if want := `{"result":{"params":{"a":1},"uri":"/wallet/w1","wallet":"w1","endpoint":true,"user":"alice"},"error":null,"id":1}`; strings.TrimSpace(reply) != want {
		t.Errorf("reply %s\nwant  %s", reply, want)
	}
	reply = string(srv.Execute(ctx, []byte(`{"id":2,"method":"walletecho"}`), "/", "bob"))
	if !strings.Contains(reply, `"params":[]`) {
		t.Errorf("reply without params: %s", reply)
	}
	reply = string(srv.Execute(ctx, []byte(`{"id":3,"method":"walletecho","params":["fail"]}`), "/", "bob"))
	if !strings.Contains(reply, `"code":-13`) {
		t.Errorf("error reply: %s", reply)
	}
	h.Disconnect(ctx)
	reply = string(srv.Execute(ctx, []byte(`{"id":4,"method":"walletecho"}`), "/", "bob"))
	if !strings.Contains(reply, `"code":-32601`) {
		t.Errorf("after Disconnect: %s", reply)
	}
}

type echoHandler struct{}

func (echoHandler) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	if strings.Contains(req.Params, "fail") {
		return "", rpcerr.NewError(rpcerr.RPC_WALLET_UNLOCK_NEEDED, "locked")
	}
	return `{"params":` + req.Params + `,"uri":"` + req.URI + `","wallet":"` + req.WalletName + `","endpoint":` +
		map[bool]string{true: "true", false: "false"}[req.WalletEndpoint] + `,"user":"` + req.AuthUser + `"}`, nil
}

// TestBlockVersions: blocks signal the regtest testdummy deployment (bit
// 28) from the second period on, as Core's (0x30000000), and nothing else.
func TestBlockVersions(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	hashes := mine(t, n, k.p2wpkh, 145)
	for h, want := range map[int]int32{1: 0x20000000, 143: 0x20000000, 144: 0x30000000, 145: 0x30000000} {
		b, _ := n.Block(hashes[h-1])
		if b.Header.Version != want {
			t.Errorf("block %d version %08x, want %08x", h, b.Header.Version, want)
		}
		cb := b.Transactions[0]
		if cb.Version != 2 || cb.LockTime != uint32(h-1) || cb.TxIn[0].Sequence != 0xfffffffe {
			t.Errorf("block %d coinbase version %d locktime %d sequence %x", h, cb.Version, cb.LockTime, cb.TxIn[0].Sequence)
		}
	}
	b, _ := n.Block(hashes[143])
	if got := b.Transactions[0].TxIn[0].SignatureScript; string(got) != "\x02\x90\x00" {
		t.Errorf("coinbase script at 144: %x, want 029000 as Core", got)
	}
}
