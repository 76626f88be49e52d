package wallet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Info is what getwalletinfo reports.
type Info struct {
	Name                string
	Version             int
	Format              string
	Balances            Balances
	TxCount             int
	KeypoolSize         int64
	KeypoolSizeInternal int64
	Encrypted           bool
	UnlockedUntil       int64
	PayTxFee            int64 // sat/kvB
	PrivateKeysEnabled  bool
	AvoidReuse          bool
	Descriptors         bool
	ExternalSigner      bool
	Blank               bool
	BirthTime           int64
	LastBlock           LastBlock
	// Scanning is the scan in progress, nil when none runs.
	Scanning *Scan
}

// Info returns getwalletinfo's data.
func (w *Wallet) Info() Info {
	w.mu.Lock()
	defer w.mu.Unlock()
	in := Info{Name: w.name, Version: walletVersionLatest, Format: "sqlite", Balances: w.balancesLocked(0),
		TxCount: len(w.txs), Encrypted: w.crypt != nil, PayTxFee: w.opts.payTxFee,
		PrivateKeysEnabled: w.flags&FlagDisablePrivateKeys == 0, AvoidReuse: w.flags&FlagAvoidReuse != 0,
		Descriptors: w.flags&FlagDescriptors != 0, ExternalSigner: w.flags&FlagExternalSigner != 0,
		Blank: w.flags&FlagBlankWallet != 0, BirthTime: w.birthTime, LastBlock: LastBlock{w.lastBlock.Hash, w.lastBlock.Height},
		Scanning: w.scanningLocked()}
	if w.master != nil {
		in.UnlockedUntil = w.unlockedUntil
	}
	for _, d := range w.descs {
		if !d.active {
			continue
		}
		n := int64(d.rangeEnd) - int64(d.nextIndex)
		if d.internal {
			in.KeypoolSizeInternal += n
		} else {
			in.KeypoolSize += n
		}
	}
	return in
}

// Backup writes a consistent snapshot of the wallet file to the file dest
// (replacing it), as backupwallet; a directory fails as in Core.
func (w *Wallet) Backup(ctx context.Context, dest string) error {
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		return newErr(ErrWallet, "Error: Wallet backup failed!")
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return newErr(ErrWallet, "Error: Wallet backup failed!")
	}
	if abs == w.db.path {
		return newErr(ErrWallet, "Error: Wallet backup failed!")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.db.backup(ctx, abs); err != nil {
		w.log.Warn("wallet backup failed", "dest", abs, "err", err)
		return wrapErr(ErrWallet, "Error: Wallet backup failed!", fmt.Errorf("backup: %w", err))
	}
	return nil
}
