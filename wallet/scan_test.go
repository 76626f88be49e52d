package wallet

import (
	"testing"
	"time"
)

// TestScanning: while a loaded wallet catches up on blocks it missed,
// Info reports the scan with its progress; before and after, none.
func TestScanning(t *testing.T) {
	e := newEnv(t)
	w := e.create("w", CreateOptions{})
	addr := e.addr(w, "")
	if w.Scanning() != nil || w.Info().Scanning != nil {
		t.Fatal("a fresh wallet reports a scan")
	}
	start := e.chain.Height()
	if err := e.loader.UnloadWallet(e.ctx, "w"); err != nil {
		t.Fatal(err)
	}
	hashes := e.mine(20, addr)
	reached, release := e.chain.HoldBlock(hashes[10])
	defer release()
	loaded := make(chan error, 1)
	go func() {
		_, err := e.loader.OpenWallet(e.ctx, "w")
		loaded <- err
	}()
	select {
	case <-reached:
	case err := <-loaded:
		t.Fatalf("the load finished without reading block 11: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the catch-up never reached block 11")
	}
	w2, ok := e.loader.Wallet("w")
	if !ok {
		t.Fatal("the wallet is not listed while it catches up")
	}
	time.Sleep(20 * time.Millisecond)
	in := w2.Info()
	if in.Scanning == nil {
		t.Fatal("no scan reported during the catch-up")
	}
	// 10 of the 20 missed blocks are done.
	if in.Scanning.Progress != 0.5 || in.Scanning.Duration < 20*time.Millisecond || in.LastBlock.Height != start+10 {
		t.Fatalf("scan %+v at height %d", *in.Scanning, in.LastBlock.Height)
	}
	release()
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if in := w2.Info(); in.Scanning != nil || in.LastBlock.Height != start+20 {
		t.Fatalf("after the catch-up: scan %+v at height %d", in.Scanning, in.LastBlock.Height)
	}
}
