package e2e

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"github.com/bulkhead-btc/bulkhead/internal/zmqsub"
)

// zsub is a libzmq subscriber to one topic that checks Core's framing:
// three parts, the topic, and a per-topic counter going up by one.
type zsub struct {
	*zmqsub.Sub
	t     *testing.T
	topic string
	seq   *uint32
}

func subscribe(t *testing.T, endpoint, topic string) *zsub {
	return &zsub{Sub: zmqsub.Start(t, endpoint, zmqsub.Options{Topics: []string{topic}}), t: t, topic: topic}
}

func (z *zsub) check(m [][]byte) []byte {
	z.t.Helper()
	if len(m) != 3 || string(m[0]) != z.topic || len(m[2]) != 4 {
		z.t.Fatalf("%s: message %s", z.topic, zmqsub.String(m))
	}
	n := binary.LittleEndian.Uint32(m[2])
	if z.seq != nil && n != *z.seq {
		z.t.Fatalf("%s: message number %d, want %d", z.topic, n, *z.seq)
	}
	n++
	z.seq = &n
	return m[1]
}

func (z *zsub) recv() []byte {
	z.t.Helper()
	return z.check(z.Recv(nodetest.Scale(20 * time.Second)))
}

// none checks that nothing arrives for a while.
func (z *zsub) none() {
	z.t.Helper()
	if m := z.TryRecv(nodetest.Scale(700 * time.Millisecond)); m != nil {
		z.t.Fatalf("%s: unexpected message %s", z.topic, zmqsub.String(m))
	}
}

// hashHex is a hash body in display hex.
func (z *zsub) hash() string { z.t.Helper(); return hex.EncodeToString(z.recv()) }

// seqMsg is a sequence topic message: hash, label, mempool sequence (-1
// for block events).
func (z *zsub) seqMsg() string {
	z.t.Helper()
	b := z.recv()
	switch {
	case len(b) == 33 && (b[32] == 'C' || b[32] == 'D'):
		return fmt.Sprintf("%x %c", b[:32], b[32])
	case len(b) == 41 && (b[32] == 'A' || b[32] == 'R'):
		return fmt.Sprintf("%x %c %d", b[:32], b[32], binary.LittleEndian.Uint64(b[33:]))
	}
	z.t.Fatalf("sequence body %x", b)
	return ""
}

// syncUp is Core's "sync up" for slow joiners: mine a block until every
// subscriber has seen a message caused by it, then everything is drained.
func syncUp(t *testing.T, n *node, addr string, subs ...*zsub) {
	t.Helper()
	for try := 0; ; try++ {
		if try == 30 {
			t.Fatal("subscribers did not get the sync-up block's notifications")
		}
		blk := mineTo(t, n, 1, addr)[0]
		var b struct {
			Tx []struct{ TxID, Hex string }
		}
		json.Unmarshal(n.MustCall("", "getblock", blk, 2), &b)
		var raw string
		json.Unmarshal(n.MustCall("", "getblock", blk, 0), &raw)
		caused := func(body []byte) bool {
			h := hex.EncodeToString(body)
			return strings.Contains(h, blk) || strings.Contains(h, b.Tx[0].TxID) || h == raw || h == b.Tx[0].Hex
		}
		ok := true
		for _, s := range subs {
			for {
				m := s.TryRecv(nodetest.Scale(time.Second))
				if m == nil {
					ok = false
					break
				}
				if caused(s.check(m)) {
					break
				}
			}
		}
		if ok {
			return
		}
	}
}

// TestZMQNotifications subscribes libzmq SUB sockets to every topic and
// checks Core's messages: blocks, transactions in and out of the mempool
// with the mempool sequence numbers, replacement, invalidateblock and a
// reorg to a competing branch.
func TestZMQNotifications(t *testing.T) {
	zmqsub.Require(t)
	tcp := fmt.Sprintf("tcp://127.0.0.1:%d", nodetest.FreePort(t))
	sock := filepath.Join(t.TempDir(), "seq.sock")
	n := startNode(t, "bitcoin-node", "-disablewallet",
		"-zmqpubhashblock="+tcp, "-zmqpubhashtx="+tcp, "-zmqpubrawblock="+tcp, "-zmqpubrawtx="+tcp,
		"-zmqpubsequence=unix:"+sock, "-zmqpubsequencehwm=5000", "-debug=zmq")
	want := fmt.Sprintf(`[{"type":"pubhashblock","address":"%[1]s","hwm":1000},{"type":"pubhashtx","address":"%[1]s","hwm":1000},`+
		`{"type":"pubrawblock","address":"%[1]s","hwm":1000},{"type":"pubrawtx","address":"%[1]s","hwm":1000},`+
		`{"type":"pubsequence","address":"ipc://%[2]s","hwm":5000}]`, tcp, sock)
	if got := string(n.MustCall("", "getzmqnotifications")); got != want {
		t.Fatalf("getzmqnotifications:\n%s\nwant\n%s", got, want)
	}
	k := newTxKey(t)
	other := newTxKey(t)
	mineTo(t, n, 101, k.addr)

	hashblock := subscribe(t, tcp, "hashblock")
	hashtx := subscribe(t, tcp, "hashtx")
	rawblock := subscribe(t, tcp, "rawblock")
	rawtx := subscribe(t, tcp, "rawtx")
	seq := subscribe(t, "ipc://"+sock, "sequence")
	syncUp(t, n, k.addr, hashblock, hashtx, rawblock, rawtx, seq)

	mempoolSeq := func() uint64 {
		var r struct {
			MempoolSequence uint64 `json:"mempool_sequence"`
		}
		json.Unmarshal(n.MustCall("", "getrawmempool", false, true), &r)
		return r.MempoolSequence
	}
	type block struct {
		hash, raw string
		txids     []string
		txhex     []string
	}
	getBlock := func(hash string) block {
		var b struct {
			Tx []struct{ TxID, Hex string }
		}
		json.Unmarshal(n.MustCall("", "getblock", hash, 2), &b)
		out := block{hash: hash}
		json.Unmarshal(n.MustCall("", "getblock", hash, 0), &out.raw)
		for _, tx := range b.Tx {
			out.txids = append(out.txids, tx.TxID)
			out.txhex = append(out.txhex, tx.Hex)
		}
		return out
	}
	// blockTxs expects hashtx and rawtx for each of a block's transactions.
	blockTxs := func(b block) {
		t.Helper()
		for i := range b.txids {
			if got := hashtx.hash(); got != b.txids[i] {
				t.Fatalf("hashtx %s, want %s", got, b.txids[i])
			}
			if got := hex.EncodeToString(rawtx.recv()); got != b.txhex[i] {
				t.Fatalf("rawtx %s, want %s", got, b.txhex[i])
			}
		}
	}
	tipMsgs := func(b block) {
		t.Helper()
		if got := hashblock.hash(); got != b.hash {
			t.Fatalf("hashblock %s, want %s", got, b.hash)
		}
		if got := hex.EncodeToString(rawblock.recv()); got != b.raw {
			t.Fatalf("rawblock %.64s…, want %.64s…", got, b.raw)
		}
	}
	expectSeq := func(want ...string) {
		t.Helper()
		for _, w := range want {
			if got := seq.seqMsg(); got != w {
				t.Fatalf("sequence %q, want %q", got, w)
			}
		}
	}

	// Blocks: the coinbase on hashtx/rawtx, the block on rawblock and
	// hashblock, "C" on sequence, for each block in turn.
	for _, h := range mineTo(t, n, 2, other.addr) {
		b := getBlock(h)
		blockTxs(b)
		tipMsgs(b)
		expectSeq(h + " C")
	}

	// A transaction enters the mempool: hashtx, rawtx, and "A" with the
	// mempool sequence number it got.
	s0 := mempoolSeq()
	in := coinbaseCoin(t, n, 1)
	_, tx1Hex := k.spend(t, in, 1_000)
	tx1 := send(t, n, tx1Hex)
	if got := hashtx.hash(); got != tx1 {
		t.Fatalf("hashtx %s, want %s", got, tx1)
	}
	if got := hex.EncodeToString(rawtx.recv()); got != tx1Hex {
		t.Fatalf("rawtx %s, want %s", got, tx1Hex)
	}
	expectSeq(fmt.Sprintf("%s A %d", tx1, s0))

	// Replacement: "R" for the replaced, "A" for the new one.
	_, tx2Hex := k.spend(t, in, 5_000)
	tx2 := send(t, n, tx2Hex)
	expectSeq(fmt.Sprintf("%s R %d", tx1, s0+1), fmt.Sprintf("%s A %d", tx2, s0+2))
	if got := hashtx.hash(); got != tx2 {
		t.Fatalf("hashtx %s, want %s", got, tx2)
	}
	rawtx.recv()

	// Mined: no "R" (leaving for a block is not announced) but the
	// mempool sequence counts it.
	b1 := getBlock(mineTo(t, n, 1, k.addr)[0])
	blockTxs(b1)
	tipMsgs(b1)
	expectSeq(b1.hash + " C")
	if got := mempoolSeq(); got != s0+4 {
		t.Fatalf("mempool sequence after mining %d, want %d", got, s0+4)
	}

	// invalidateblock: "D", the block's transactions on hashtx/rawtx,
	// tx2 back in the mempool ("A", and hashtx/rawtx again); no new tip
	// is announced.
	n.MustCall("", "invalidateblock", b1.hash)
	expectSeq(b1.hash+" D", fmt.Sprintf("%s A %d", tx2, s0+4))
	blockTxs(b1)
	if got := hashtx.hash(); got != tx2 {
		t.Fatalf("hashtx after re-entry %s, want %s", got, tx2)
	}
	rawtx.recv()
	hashblock.none()
	rawblock.none()

	// A competing branch of two blocks (the first takes tx2 again).
	branch := mineTo(t, n, 2, other.addr)
	for i, h := range branch {
		b := getBlock(h)
		blockTxs(b)
		tipMsgs(b)
		expectSeq(h + " C")
		if i == 0 && (len(b.txids) != 2 || b.txids[1] != tx2) {
			t.Fatalf("first branch block lacks tx2: %v", b.txids)
		}
	}
	// Reconsidering the shorter branch changes nothing.
	n.MustCall("", "reconsiderblock", b1.hash)
	seq.none()

	// Invalidating the branch reorganises back to b1: both branch blocks
	// disconnected (tip first), tx2 back in the mempool, then b1
	// connected, which takes it out again, and b1 announced as the tip.
	sBefore := mempoolSeq()
	n.MustCall("", "invalidateblock", branch[0])
	expectSeq(branch[1]+" D", branch[0]+" D", fmt.Sprintf("%s A %d", tx2, sBefore), b1.hash+" C")
	for _, h := range []string{branch[1], branch[0]} {
		blockTxs(getBlock(h))
	}
	if got := hashtx.hash(); got != tx2 {
		t.Fatalf("hashtx after re-entry %s, want %s", got, tx2)
	}
	rawtx.recv()
	blockTxs(b1)
	tipMsgs(b1)
	var best string
	json.Unmarshal(n.MustCall("", "getbestblockhash"), &best)
	if best != b1.hash || mempoolSeq() != sBefore+2 {
		t.Fatalf("after the reorg: tip %s (want b1), mempool sequence %d (want %d)", best, mempoolSeq(), sBefore+2)
	}
	for _, s := range []*zsub{hashblock, hashtx, rawblock, rawtx, seq} {
		s.none()
	}
	n.Stop()
	if log := n.Output(); !strings.Contains(log, "[zmq] Publish hashblock") || !strings.Contains(log, "[zmq] Publish sequence block connect") {
		t.Errorf("debug log lacks Core's -debug=zmq lines")
	}
}

// TestZMQBadAddresses: an address that cannot be bound turns ZMQ off and
// the node runs on (Core's #17185); a malformed port refuses to start.
func TestZMQBadAddresses(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-disablewallet", "-zmqpubrawtx=foo", "-zmqpubhashtx=bar")
	if got := string(n.MustCall("", "getzmqnotifications")); got != "[]" {
		t.Fatalf("getzmqnotifications = %s, want []", got)
	}
	n.Stop()
	p := nodetest.StartProc(t, "bitcoin-node", "-regtest", "-datadir="+t.TempDir(), "-disablewallet", "-zmqpubhashtx=tcp:foo")
	if code := p.Wait(nodetest.Scale(20 * time.Second)); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, p.Output())
	}
	if out := p.Output(); !bytes.Contains([]byte(out), []byte("Error: Invalid port specified in -zmqpubhashtx: 'tcp:foo'")) {
		t.Fatalf("output lacks Core's error:\n%s", out)
	}
}
