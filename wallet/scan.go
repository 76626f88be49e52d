package wallet

import (
	"context"
	"time"
)

// Scan is a running scan of blocks for wallet transactions: a catch-up
// from the wallet's last processed block (after loading, or when
// notifications left a gap), which is what Core's rescans are to its
// getwalletinfo "scanning".
type Scan struct {
	// Duration since the scan started.
	Duration time.Duration
	// Progress from 0 to 1: the share of the blocks to scan done so far.
	Progress float64
}

// scanState is the wallet's scan in progress; w.mu guards it.
type scanState struct {
	running  bool
	start    time.Time
	from, to int32 // heights: the scan applies blocks from+1..to
}

// beginScan records that blocks from+1..to are about to be scanned; a
// scan already running keeps its start and extends to the new tip.
func (w *Wallet) beginScan(from, to int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.scan.running {
		w.scan = scanState{running: true, start: time.Now(), from: from}
	}
	w.scan.to = to
}

// scanToTip begins the scan of a wallet just loaded behind the chain's tip
// (afterLoad's catch-up does it and ends it).
func (w *Wallet) scanToTip(ctx context.Context) error {
	tip, err := w.chain.GetTip(ctx)
	if err != nil {
		return err
	}
	w.mu.Lock()
	last := w.lastBlock
	w.mu.Unlock()
	if last.Hash != tip.Hash {
		w.beginScan(last.Height, tip.Height)
	}
	return nil
}

// endScan records that no scan runs.
func (w *Wallet) endScan() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.scan = scanState{}
}

// Scanning returns the scan in progress, or nil when none runs.
func (w *Wallet) Scanning() *Scan {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.scanningLocked()
}

func (w *Wallet) scanningLocked() *Scan {
	if !w.scan.running {
		return nil
	}
	s := &Scan{Duration: time.Since(w.scan.start)}
	if total := w.scan.to - w.scan.from; total > 0 {
		done := w.lastBlock.Height - w.scan.from
		s.Progress = min(max(float64(done)/float64(total), 0), 1)
	}
	return s
}
