package node

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
)

const (
	chain100kTip    = "4065656b9cdd173a0d08a763585e7da3f17d48416ddc799bd3219aa08216d59b"
	chain100kHeight = 1700
)

// TestLoadBlock100kInputs imports the shared regtest chain with 100,500
// key-path signature checks through -loadblock, as Core does, and checks
// the node answers meanwhile, reaches the documented tip, and keeps it
// across a restart. Under -race it imports the first 1,205 blocks (1,000
// signature checks) of the file and checks that prefix's tip instead.
func TestLoadBlock100kInputs(t *testing.T) {
	file := testenv.Shared(t, "testdata/chains/regtest-100k-inputs.dat")
	tipHash, tipHeight, inputs := chain100kTip, int32(chain100kHeight), 100500
	if raceEnabled {
		file, tipHash, tipHeight = filePrefix(t, file, 1205)
		inputs = 1000
	}
	dir := t.TempDir()
	rec := newRecorder()
	n := openNode(t, dir, func(c *Config) { c.LoadBlock = []string{file} })
	h, _ := n.Chain().HandleNotifications(context.Background(), rec)
	defer h.Disconnect(context.Background())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	runErr := make(chan error, 1)
	go func() { runErr <- n.Run(ctx) }()

	want, _ := chainhash.NewHashFromStr(tipHash)
	sawIBD := false
	for {
		tip, height := n.Tip() // answers while the import runs
		if n.IsInitialBlockDownload() {
			sawIBD = true
		}
		if tip == *want {
			if height != tipHeight {
				t.Fatalf("tip at height %d", height)
			}
			break
		}
		if time.Since(start) > 5*time.Minute {
			t.Fatalf("import stuck at height %d", height)
		}
		select {
		case err := <-runErr:
			t.Fatalf("Run returned early: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	elapsed := time.Since(start)
	t.Logf("loaded %d blocks (%d inputs) in %v: %.0f inputs/s", tipHeight, inputs, elapsed, float64(inputs)/elapsed.Seconds())
	if !sawIBD {
		t.Error("not in initial block download during the import")
	}
	// The tip is from 2026-11-26; more than a day old is IBD, as Core.
	if old := time.Since(time.Date(2026, 11, 26, 11, 34, 0, 0, time.UTC)) > 24*time.Hour; n.IsInitialBlockDownload() != old {
		t.Error("IsInitialBlockDownload does not follow the tip's age")
	}
	// Every block was announced (in order) to the subscriber.
	rec.waitFor(t, "all blocks", func(ev []string) bool { return len(ev) > 0 && ev[len(ev)-1] == "tip "+tipHash })
	connected := 0
	for _, e := range rec.list() {
		if len(e) > 10 && e[:10] == "connected " {
			connected++
		}
	}
	if connected != int(tipHeight) {
		t.Errorf("%d BlockConnected notifications, want %d", connected, tipHeight)
	}
	cancel()
	if err := <-runErr; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	n2 := openNode(t, dir, nil)
	if tip, height := n2.Tip(); tip != *want || height != tipHeight {
		t.Fatalf("after restart: %s at %d", tip, height)
	}
}

// filePrefix writes the first records (genesis and heights 1..n) of a
// block file to a temporary file and returns it with the hash of its last
// block.
func filePrefix(t *testing.T, path string, n int) (string, string, int32) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	var last wire.MsgBlock
	for i := 0; i <= n; i++ {
		size := int(binary.LittleEndian.Uint32(raw[off+4:]))
		if err := last.Deserialize(bytes.NewReader(raw[off+8 : off+8+size])); err != nil {
			t.Fatal(err)
		}
		off += 8 + size
	}
	out := filepath.Join(t.TempDir(), "prefix.dat")
	if err := os.WriteFile(out, raw[:off], 0o600); err != nil {
		t.Fatal(err)
	}
	return out, last.BlockHash().String(), int32(n)
}

// TestLoadBlockFraming: zero padding and garbage between records are
// skipped, known blocks too, a missing file only warns.
func TestLoadBlockFraming(t *testing.T) {
	src := openNode(t, t.TempDir(), nil)
	k := newKey(t)
	hashes := mine(t, src, k.p2wpkh, 5)
	var file bytes.Buffer
	magic := binary.LittleEndian.AppendUint32(nil, uint32(wire.TestNet))
	record := func(b *wire.MsgBlock) {
		var raw bytes.Buffer
		b.Serialize(&raw)
		file.Write(magic)
		file.Write(binary.LittleEndian.AppendUint32(nil, uint32(raw.Len())))
		file.Write(raw.Bytes())
	}
	record(src.params.GenesisBlock)
	for i, h := range hashes {
		b, _ := src.Block(h)
		record(b)
		if i == 2 {
			file.WriteString("garbage\xfa\xbf")
		}
	}
	file.Write(make([]byte, 4096)) // Core's pre-allocation padding
	path := filepath.Join(t.TempDir(), "blk00000.dat")
	if err := os.WriteFile(path, file.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var logMu sync.Mutex
	var logBuf bytes.Buffer
	n := openNode(t, t.TempDir(), func(c *Config) {
		c.LoadBlock = []string{filepath.Join(t.TempDir(), "missing.dat"), path}
		c.Log = func(string) *slog.Logger {
			return slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logBuf}, nil))
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if tip, _ := n.Tip(); tip == hashes[4] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("blocks not loaded")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for n.importing.Load() {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	logMu.Lock()
	logged := logBuf.String()
	logMu.Unlock()
	for _, want := range []string{"Warning: Could not open blocks file", "Importing blocks file " + path, "Loaded 5 blocks from external file in "} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%s", want, logged)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
