package testschema_test

import (
	"bytes"
	"io"
	"reflect"
	"testing"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

func sampleTx(n byte) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{
		PreviousOutPoint: wire.OutPoint{Hash: chainhash.Hash{n, 1, 2}, Index: 7},
		Sequence:         0xfffffffd,
		Witness:          wire.TxWitness{bytes.Repeat([]byte{n}, 71), bytes.Repeat([]byte{2}, 33)},
	})
	tx.AddTxOut(&wire.TxOut{Value: 5000000000, PkScript: append([]byte{0x00, 0x14}, bytes.Repeat([]byte{n}, 20)...)})
	tx.LockTime = 101
	return tx
}

func TestKitchenRoundTrip(t *testing.T) {
	c := startChild(t)
	ctx := ctxT(t)
	opt := int32(-7)
	block := &wire.MsgBlock{Header: wire.BlockHeader{Version: 0x20000000, Nonce: 42, Bits: 0x207fffff, Timestamp: time.Unix(1764000000, 0)}}
	block.AddTransaction(sampleTx(1))
	block.AddTransaction(sampleTx(2))
	k := ipctest.Kitchen{
		B: true, I8: -8, I16: -16, I32: -32, I64: -64, U8: 8, U16: 16, U32: 32, U64: 1 << 63,
		F32: 1.5, F64: -2.25, Text: "text", Data: []byte{0, 1, 2},
		Texts: []string{"a", "", "c"}, Ints: []int64{-1, 0, 1 << 40}, Datas: [][]byte{{1}, nil, {3, 4}}, // empty Data reads back as nil
		Tx: sampleTx(9), Block: block, Header: block.Header,
		OutPoint: wire.OutPoint{Hash: chainhash.Hash{0xaa}, Index: 0xdeadbeef},
		Script:   []byte{0x51}, Hash: chainhash.Hash{1, 2, 3, 4},
		Txs:   []*wire.MsgTx{sampleTx(3), sampleTx(4)},
		Inner: ipctest.Inner{Name: "in", Value: 5}, Inners: []ipctest.Inner{{Name: "x", Value: 1}, {Name: "y"}},
		Opt: &opt, OptInner: &ipctest.Inner{Name: "opt"}, Bools: []bool{true, false, true}, Other: "renamed",
	}
	got, err := c.tester.Kitchen(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(k)
	for i := range gv.NumField() {
		name := gv.Type().Field(i).Name
		switch name {
		case "Tx", "Block", "Txs", "Header":
			continue // compared by serialization below
		}
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("Kitchen.%s = %+v after the round trip, want %+v", name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
	if ser(t, got.Block) != ser(t, k.Block) || got.Header.BlockHash() != k.Header.BlockHash() {
		t.Error("block or header differs after the round trip")
	}
	if len(got.Txs) != 2 || ser(t, got.Txs[0]) != ser(t, k.Txs[0]) || ser(t, got.Txs[1]) != ser(t, k.Txs[1]) {
		t.Error("transaction list differs after the round trip")
	}
	if got.Tx.TxHash() != k.Tx.TxHash() || got.Tx.WitnessHash() != k.Tx.WitnessHash() {
		t.Fatal("transaction hashes differ after the round trip")
	}
	// Zero values stay zero: nil optionals, nil lists, nil objects.
	empty, err := c.tester.Kitchen(ctx, ipctest.Kitchen{})
	if err != nil {
		t.Fatal(err)
	}
	if empty.Opt != nil || empty.OptInner != nil || empty.Tx != nil || empty.Block != nil || empty.Texts != nil {
		t.Fatalf("empty Kitchen came back with values: %+v", empty)
	}
}

// ser is an object's Bitcoin serialization, for comparisons.
func ser(t *testing.T, v interface{ Serialize(w io.Writer) error }) string {
	t.Helper()
	var b bytes.Buffer
	if err := v.Serialize(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
