package wallet

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// childWriter runs a wallet that sends and mines as fast as it can,
// printing each committed txid, until it is killed.
func childWriter(dir string) int {
	ctx := context.Background()
	c := fakechain.New()
	c.SetSetting("fallbackfee", "0.0002")
	l, err := NewLoader(&Config{Chain: c, WalletDir: dir, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	w, _, err := l.CreateWallet(ctx, "w", CreateOptions{})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	mine := func(n int) {
		a, _ := w.NewAddress(ctx, "", "")
		s, _ := descriptor.DecodeAddress(a, c.Params())
		c.Generate(n, s)
	}
	mine(110)
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		typ := "bech32"
		if i%2 == 1 {
			typ = "bech32m"
		}
		a, err := w.NewAddress(ctx, "", typ)
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		s, _ := descriptor.DecodeAddress(a, c.Params())
		res, err := w.Send(ctx, []Recipient{{Address: a, Script: s, Amount: int64(1_000_000 + i)}}, SendOptions{})
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		fmt.Fprintln(out, "sent", res.Txid)
		out.Flush()
		if i%5 == 4 {
			mine(1)
		}
	}
}

// TestCrashSafety kills a process writing to a wallet (SIGKILL, at a
// random point of its work) and checks the file: SQLite's integrity
// check, every transaction it reported is there, and no transaction is
// half recorded.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	for round := 0; round < 2; round++ {
		os.RemoveAll(filepath.Join(dir, "w"))
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=writer", "WALLET_DIR="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var sent []string
		sc := bufio.NewScanner(stdout)
		kill := 8 + round*13
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error:") {
				t.Fatalf("child: %s", line)
			}
			sent = append(sent, strings.TrimPrefix(line, "sent "))
			if len(sent) == kill {
				// Let it get into its next write before the kill.
				time.Sleep(time.Duration(round) * time.Millisecond)
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		cmd.Wait()
		if len(sent) < kill {
			t.Fatalf("child stopped after %d sends: %s", len(sent), stderr.String())
		}
		checkWalletFile(t, filepath.Join(dir, "w", DatabaseFile), sent)
	}

	// The wallet loads afterwards (its chain is gone: it rescans a new
	// one and keeps its transactions as unconfirmed).
	e := newEnv(t)
	e.dir = dir
	e.loader = e.newLoader()
	w, err := e.loader.OpenWallet(e.ctx, "w")
	if err != nil {
		t.Fatal(err)
	}
	e.integrity(w)
}

// checkWalletFile opens a wallet file directly and checks its invariants.
func checkWalletFile(t *testing.T, path string, committed []string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	scripts := map[string]bool{}
	rows, _ := db.Query("SELECT script FROM scripts")
	for rows.Next() {
		var s []byte
		rows.Scan(&s)
		scripts[string(s)] = true
	}
	rows.Close()
	outputs := map[wire.OutPoint]int64{}
	rows, _ = db.Query("SELECT txid, vout, value FROM outputs")
	for rows.Next() {
		var id []byte
		var op wire.OutPoint
		var v int64
		rows.Scan(&id, &op.Index, &v)
		copy(op.Hash[:], id)
		outputs[op] = v
	}
	rows.Close()
	spends := map[[2]wire.OutPoint]bool{}
	rows, _ = db.Query("SELECT prev_txid, prev_vout, txid FROM spends")
	for rows.Next() {
		var p, id []byte
		var k [2]wire.OutPoint
		rows.Scan(&p, &k[0].Index, &id)
		copy(k[0].Hash[:], p)
		copy(k[1].Hash[:], id)
		spends[k] = true
	}
	rows.Close()
	txs := map[string]bool{}
	var maxHeight int64 = -1
	rows, _ = db.Query("SELECT raw, state, block_height FROM transactions")
	for rows.Next() {
		var raw []byte
		var state int
		var height sql.NullInt64
		rows.Scan(&raw, &state, &height)
		tx := &wire.MsgTx{}
		if err := tx.Deserialize(bytes.NewReader(raw)); err != nil {
			t.Fatalf("stored transaction does not parse: %v", err)
		}
		txid := tx.TxHash()
		txs[txid.String()] = true
		if state == int(stateConfirmed) && height.Int64 > maxHeight {
			maxHeight = height.Int64
		}
		for i, o := range tx.TxOut {
			op := wire.OutPoint{Hash: txid, Index: uint32(i)}
			v, ok := outputs[op]
			if scripts[string(o.PkScript)] != ok || ok && v != o.Value {
				t.Fatalf("transaction %s output %d half recorded (watched %v, stored %v)", txid, i, scripts[string(o.PkScript)], ok)
			}
		}
		for _, in := range tx.TxIn {
			if _, mine := outputs[in.PreviousOutPoint]; mine && !spends[[2]wire.OutPoint{in.PreviousOutPoint, {Hash: txid}}] {
				t.Fatalf("transaction %s spends a wallet output without a spends row", txid)
			}
		}
	}
	rows.Close()
	for op := range outputs {
		if !txs[op.Hash.String()] {
			t.Fatalf("output %v without its transaction", op)
		}
	}
	for k := range spends {
		if !txs[k[1].Hash.String()] {
			t.Fatalf("spend by unknown transaction %v", k[1].Hash)
		}
	}
	for _, id := range committed {
		if !txs[id] {
			t.Fatalf("committed transaction %s lost", id)
		}
	}
	var lastHeight int64
	db.QueryRow("SELECT last_block_height FROM wallet_info").Scan(&lastHeight)
	if lastHeight < maxHeight {
		t.Fatalf("last block %d below a confirmed transaction's block %d", lastHeight, maxHeight)
	}
	rows, _ = db.Query("SELECT d.range_end, d.next_index, (SELECT count(*) FROM scripts s WHERE s.descriptor_id = d.id) FROM descriptors d")
	for rows.Next() {
		var end, next, n int64
		rows.Scan(&end, &next, &n)
		if n != end || next > end {
			t.Fatalf("descriptor range_end %d, next_index %d, %d scripts", end, next, n)
		}
	}
	rows.Close()
}
