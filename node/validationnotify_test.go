package node

import (
	"context"
	"errors"
	"fmt"
	"testing"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// seqRecorder is a recorder that also implements ValidationNotifications,
// recording mempool sequence numbers and the IBD flag.
type seqRecorder struct{ *recorder }

func (r seqRecorder) MempoolTransactionAdded(ctx context.Context, tx *wire.MsgTx, seq uint64) error {
	r.add(fmt.Sprintf("A %s %d", tx.TxHash(), seq))
	return nil
}

func (r seqRecorder) MempoolTransactionRemoved(ctx context.Context, tx *wire.MsgTx, reason int32, seq uint64) error {
	r.add(fmt.Sprintf("R %s %s %d", tx.TxHash(), reasonName(reason), seq))
	return nil
}

func (r seqRecorder) BlockTipUpdated(ctx context.Context, tip interfaces.BlockRef, ibd bool) error {
	r.add(fmt.Sprintf("tip %s ibd=%v", tip.Hash, ibd))
	return nil
}

// TestMempoolSequenceNotifications follows Core's interface_zmq.py
// test_sequence: each mempool event carries the sequence number before its
// increment; transactions leaving for a block count without a
// notification; a block's transactions are handled in block order, each
// followed by its conflicts, so a conflict removal comes before the counts
// of later block transactions; invalidateblock announces the disconnection
// and the re-added transactions but no new tip.
func TestMempoolSequenceNotifications(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	mine(t, n, k.p2wpkh, 110)
	rec := seqRecorder{newRecorder()}
	h, err := n.Chain().HandleNotifications(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Disconnect(ctx)
	if got := n.MempoolSequence(); got != 1 {
		t.Fatalf("initial mempool sequence %d, want 1", got)
	}
	spendCB := func(height int32, fee int64) *wire.MsgTx {
		in := coinbaseUTXO(t, n, height)
		return k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-fee, k.p2wpkh)})
	}
	orig := spendCB(1, 1_000)
	bump := spendCB(1, 3_000)
	m1, m2 := spendCB(2, 1_000), spendCB(3, 1_000)
	for _, tx := range []*wire.MsgTx{orig, m1, m2, bump} {
		if err := n.BroadcastTransaction(ctx, tx, 0); err != nil {
			t.Fatal(err)
		}
	}
	// orig 1, m1 2, m2 3, orig replaced 4, bump 5.
	tip, _ := n.Tip()
	b := blockOn(t, n, tip, k.p2tr, orig, m1, m2)
	if _, _, err := n.ProcessBlock(b); err != nil {
		t.Fatal(err)
	}
	// The block: orig is not in the mempool but conflicts with bump (6);
	// then m1 and m2 leave for the block (7, 8).
	if got := n.MempoolSequence(); got != 9 {
		t.Fatalf("mempool sequence after the block %d, want 9", got)
	}
	after := spendCB(4, 1_000)
	if err := n.BroadcastTransaction(ctx, after, 0); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("A %s 1", orig.TxHash()),
		fmt.Sprintf("A %s 2", m1.TxHash()),
		fmt.Sprintf("A %s 3", m2.TxHash()),
		fmt.Sprintf("R %s replaced 4", orig.TxHash()),
		fmt.Sprintf("A %s 5", bump.TxHash()),
		fmt.Sprintf("R %s conflict 6", bump.TxHash()),
		"connected " + b.BlockHash().String(),
		fmt.Sprintf("tip %s ibd=false", b.BlockHash()),
		fmt.Sprintf("A %s 9", after.TxHash()),
	}
	got := rec.waitFor(t, "the last addition", func(ev []string) bool { return contains(ev, want[len(want)-1]) })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events:\n%v\nwant:\n%v", got, want)
	}

	// invalidateblock: the block leaves, its transactions come back (10,
	// 11, 12 in block order), no new tip is announced.
	if err := n.InvalidateBlock(b.BlockHash()); err != nil {
		t.Fatal(err)
	}
	if got, _ := n.Tip(); got != tip {
		t.Fatalf("tip after invalidateblock %s, want %s", got, tip)
	}
	if got := n.MempoolSequence(); got != 13 {
		t.Fatalf("mempool sequence after invalidateblock %d, want 13", got)
	}
	want = append(want,
		"disconnected "+b.BlockHash().String(),
		fmt.Sprintf("A %s 10", orig.TxHash()),
		fmt.Sprintf("A %s 11", m1.TxHash()),
		fmt.Sprintf("A %s 12", m2.TxHash()),
	)
	got = rec.waitFor(t, "invalidateblock", func(ev []string) bool { return contains(ev, want[len(want)-1]) })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events:\n%v\nwant:\n%v", got, want)
	}
	if bi, _ := n.LookupBlock(b.BlockHash()); bi.InActiveChain {
		t.Fatal("invalidated block still in the active chain")
	}
	// The invalid block is not accepted again; reconsiderblock brings it
	// back: three removals for the block (13-15), then the connection and
	// the tip.
	if err := n.ReconsiderBlock(b.BlockHash()); err != nil {
		t.Fatal(err)
	}
	if got, _ := n.Tip(); got != b.BlockHash() {
		t.Fatalf("tip after reconsiderblock %s, want the block", got)
	}
	if got := n.MempoolSequence(); got != 16 {
		t.Fatalf("mempool sequence after reconsiderblock %d, want 16", got)
	}
	want = append(want, "connected "+b.BlockHash().String(), fmt.Sprintf("tip %s ibd=false", b.BlockHash()))
	got = rec.waitFor(t, "reconsiderblock", func(ev []string) bool { return len(ev) >= len(want) })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events:\n%v\nwant:\n%v", got, want)
	}
	if ids := n.MempoolTxIDs(); len(ids) != 1 || ids[0] != after.TxHash() {
		t.Fatalf("mempool after reconsiderblock: %v", ids)
	}
	// Genesis is left alone, unknown blocks are an error.
	if err := n.InvalidateBlock(*n.ConsensusParams().GenesisHash); err != nil {
		t.Fatalf("invalidateblock of genesis: %v", err)
	}
	if _, h := n.Tip(); h != 111 {
		t.Fatalf("height after invalidating genesis %d", h)
	}
	if err := n.InvalidateBlock(chainhash.Hash{1}); !errors.Is(err, ErrBlockNotFound) {
		t.Fatalf("invalidateblock of an unknown block: %v", err)
	}
}

// TestInvalidateBlockToOtherBranch: invalidating a block when a valid
// side branch has more work than its parent announces, as Core's
// InvalidateBlock then ActivateBestChain: each disconnection with the
// transactions it returns to the mempool, then the other branch's
// connection (whose block takes them out again, uncounted) and its tip.
func TestInvalidateBlockToOtherBranch(t *testing.T) {
	n := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	ctx := context.Background()
	mine(t, n, k.p2wpkh, 110)
	parent, _ := n.Tip()
	in := coinbaseUTXO(t, n, 1)
	tx := k.spend(t, []utxo{in}, []*wire.TxOut{wire.NewTxOut(in.out.Value-1_000, k.p2wpkh)})
	if err := n.BroadcastTransaction(ctx, tx, 0); err != nil { // 1
		t.Fatal(err)
	}
	b1 := blockOn(t, n, parent, k.p2tr, tx) // takes tx out: 2
	if _, _, err := n.ProcessBlock(b1); err != nil {
		t.Fatal(err)
	}
	if err := n.InvalidateBlock(b1.BlockHash()); err != nil { // tx back: 3
		t.Fatal(err)
	}
	n1 := blockOn(t, n, parent, k.p2wpkh, tx) // out again: 4
	if _, _, err := n.ProcessBlock(n1); err != nil {
		t.Fatal(err)
	}
	n2 := blockOn(t, n, n1.BlockHash(), k.p2wpkh)
	if _, _, err := n.ProcessBlock(n2); err != nil {
		t.Fatal(err)
	}
	if err := n.ReconsiderBlock(b1.BlockHash()); err != nil { // less work: no change
		t.Fatal(err)
	}
	if tip, _ := n.Tip(); tip != n2.BlockHash() {
		t.Fatal("reconsidering the shorter branch moved the tip")
	}
	rec := seqRecorder{newRecorder()}
	h, _ := n.Chain().HandleNotifications(ctx, rec)
	defer h.Disconnect(ctx)
	if err := n.InvalidateBlock(n1.BlockHash()); err != nil {
		t.Fatal(err)
	}
	if tip, _ := n.Tip(); tip != b1.BlockHash() {
		t.Fatalf("tip after invalidating the longer branch: %s, want b1", tip)
	}
	want := []string{
		"disconnected " + n2.BlockHash().String(),
		"disconnected " + n1.BlockHash().String(),
		fmt.Sprintf("A %s 5", tx.TxHash()),
		"connected " + b1.BlockHash().String(),
		fmt.Sprintf("tip %s ibd=false", b1.BlockHash()),
	}
	got := rec.waitFor(t, "the switch", func(ev []string) bool { return len(ev) >= len(want) })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events:\n%v\nwant:\n%v", got, want)
	}
	if seq := n.MempoolSequence(); seq != 7 {
		t.Fatalf("mempool sequence %d, want 7", seq)
	}
	if len(n.MempoolTxIDs()) != 0 {
		t.Fatal("tx left in the mempool though b1 has it")
	}
}
