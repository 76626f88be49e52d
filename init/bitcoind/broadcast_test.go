package bitcoind

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// lossyChain is a real node's Chain whose next lose broadcasts fail as
// across a broken IPC connection, after reaching the node (the answer is
// lost) or before (the request is).
type lossyChain struct {
	interfaces.Chain
	mu        sync.Mutex
	lose      int
	reachNode bool
}

func (c *lossyChain) BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxFee int64) error {
	c.mu.Lock()
	lose, reach := c.lose > 0, c.reachNode
	if lose {
		c.lose--
	}
	c.mu.Unlock()
	if !lose {
		return c.Chain.BroadcastTransaction(ctx, tx, maxFee)
	}
	if reach {
		if err := c.Chain.BroadcastTransaction(ctx, tx, maxFee); err != nil {
			return err
		}
	}
	return &ipc.Error{Kind: ipc.ErrDisconnected, Description: "ipc: the connection to the node closed"}
}

// realNode is a regtest node with a wallet w in the same process, as in
// bitcoind, the wallet's broadcasts going through chain.
type realNode struct {
	t     *testing.T
	ctx   context.Context
	n     *node.Node
	chain *lossyChain
	w     *wallet.Wallet
}

func newRealNode(t *testing.T, resend wallet.ResendTiming) *realNode {
	t.Helper()
	params, err := chainparams.For(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(&node.Config{Chain: params, DataDir: t.TempDir(), Settings: func(name string) []string {
		if name == "fallbackfee" {
			return []string{"0.0002"}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	r := &realNode{t: t, ctx: context.Background(), n: n, chain: &lossyChain{Chain: n.Chain()}}
	l, err := wallet.NewLoader(&wallet.Config{Chain: r.chain, WalletDir: t.TempDir(), Keypool: 20,
		KDF: wallet.KDFParams{Time: 1, MemoryKiB: 256, Threads: 1}, Resend: resend})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Stop(context.Background()) })
	if r.w, _, err = l.CreateWallet(r.ctx, "w", wallet.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *realNode) script() []byte {
	r.t.Helper()
	addr, err := r.w.NewAddress(r.ctx, "", "")
	if err != nil {
		r.t.Fatal(err)
	}
	s, err := descriptor.DecodeAddress(addr, r.w.Net())
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

// mine mines count blocks and waits for the wallet to process them.
func (r *realNode) mine(count int) {
	r.t.Helper()
	if _, err := r.n.GenerateBlocks(r.ctx, r.script(), count, 1_000_000); err != nil {
		r.t.Fatal(err)
	}
	if err := r.w.BlockUntilSynced(r.ctx); err != nil {
		r.t.Fatal(err)
	}
}

// send pays 1 BTC to the wallet itself from its only coin, whose outpoint
// it returns with the transaction's id.
func (r *realNode) send() (chainhash.Hash, wire.OutPoint) {
	r.t.Helper()
	coins := r.w.ListUnspent(r.ctx, wallet.CoinFilter{MaxDepth: 9999999})
	if len(coins) != 1 {
		r.t.Fatalf("%d coins, want 1", len(coins))
	}
	res, err := r.w.Send(r.ctx, []wallet.Recipient{{Script: r.script(), Amount: 100_000_000}}, wallet.SendOptions{})
	if err != nil {
		r.t.Fatalf("send with its broadcast's answer lost: %v", err)
	}
	return res.Txid, coins[0].OutPoint
}

// checkKept: the transaction is in the wallet and the coin it spends is
// not unspent again.
func (r *realNode) checkKept(txid chainhash.Hash, spent wire.OutPoint) {
	r.t.Helper()
	if _, err := r.w.GetTransaction(r.ctx, txid); err != nil {
		r.t.Fatalf("the transaction left the wallet: %v", err)
	}
	for _, c := range r.w.ListUnspent(r.ctx, wallet.CoinFilter{MaxDepth: 9999999, IncludeUnsafe: true}) {
		if c.OutPoint == spent {
			r.t.Fatalf("the coin %v is unspent again", spent)
		}
	}
}

func (r *realNode) waitConfirmed(txid chainhash.Hash) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := r.w.GetTransaction(r.ctx, txid)
		if err == nil && d.Info.Confirmations == 1 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("not confirmed: %+v %v", d, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLostBroadcastAnswer: the node accepts the transaction but its answer
// is lost; the wallet keeps it, its coin spent, and it confirms.
func TestLostBroadcastAnswer(t *testing.T) {
	r := newRealNode(t, wallet.ResendTiming{})
	r.mine(101)
	r.chain.lose, r.chain.reachNode = 1, true
	txid, spent := r.send()
	if _, ok := r.n.MempoolTx(txid); !ok {
		t.Fatal("the node does not have the transaction")
	}
	r.checkKept(txid, spent)
	// A send that would need the coin: it fails or spends the change.
	res, err := r.w.Send(r.ctx, []wallet.Recipient{{Script: r.script(), Amount: 45 * 100_000_000}}, wallet.SendOptions{})
	if err != nil && !errors.Is(err, wallet.ErrInsufficientFunds) {
		t.Fatal(err)
	}
	if err == nil {
		for _, in := range res.Tx.TxIn {
			if in.PreviousOutPoint == spent {
				t.Fatalf("a second send spends %v again", spent)
			}
		}
	}
	r.mine(1)
	r.waitConfirmed(txid)
}

// TestPeriodicResubmissionToARealNode: the broadcast never reached the
// node; the wallet keeps the transaction and its periodic resubmission
// (timing shortened) brings it to the node's mempool once a new tip came
// after it; then it confirms.
func TestPeriodicResubmissionToARealNode(t *testing.T) {
	r := newRealNode(t, wallet.ResendTiming{Check: 20 * time.Millisecond, MinDelay: 50 * time.Millisecond,
		MaxDelay: 100 * time.Millisecond, MinAge: time.Second})
	r.mine(101)
	r.chain.lose = 1
	txid, spent := r.send()
	if _, ok := r.n.MempoolTx(txid); ok {
		t.Fatal("the lost broadcast reached the node")
	}
	r.checkKept(txid, spent)
	time.Sleep(1100 * time.Millisecond)
	r.mine(1)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok := r.n.MempoolTx(txid); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the transaction was not resubmitted")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.mine(1)
	r.waitConfirmed(txid)
}
