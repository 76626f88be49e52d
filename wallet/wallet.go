package wallet

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Wallet is one loaded wallet. It implements interfaces.Wallet and offers
// what the wallet RPCs need. All methods are safe for concurrent use.
type Wallet struct {
	name   string
	dir    string
	loader *Loader
	chain  interfaces.Chain
	net    *chaincfg.Params
	opts   options
	kdf    KDFParams
	log    *slog.Logger
	db     *store
	claim  interfaces.Handler // the node's claim on the name, released on unload; guarded by Loader.mu

	// syncMu serializes chain processing: notifications and catch-up.
	syncMu sync.Mutex

	// mu guards the state below.
	mu          sync.Mutex
	closed      bool
	network     string
	flags       uint64
	createdAt   int64
	birthTime   int64
	lastBlock   interfaces.BlockRef
	lastWritten interfaces.BlockRef
	recent      map[int32]chainhash.Hash // processed blocks by height
	descs       []*walletDesc
	scripts     map[string]scriptInfo
	addrBook    map[string]addrEntry
	txs         map[chainhash.Hash]*walletTx
	ordered     []*walletTx
	outputs     map[wire.OutPoint]*walletOutput
	spenders    map[wire.OutPoint][]chainhash.Hash // inputs of every wallet transaction
	nextOrder   int64

	crypt         *crypted // nil unless encrypted
	master        []byte   // the master key while unlocked
	unlockedUntil int64
	relock        *time.Timer
	relockGen     int

	progress chan struct{} // closed and replaced whenever the last block moves

	bestBlockTime int64     // when the last new tip came (Core's m_best_block_time)
	nextResend    time.Time // the next periodic resubmission (Core's m_next_resend)
	scan          scanState
}

var _ interfaces.Wallet = (*Wallet)(nil)

func (w *Wallet) resetState() {
	w.descs = nil
	w.scripts = map[string]scriptInfo{}
	w.addrBook = map[string]addrEntry{}
	w.txs = map[chainhash.Hash]*walletTx{}
	w.ordered = nil
	w.outputs = map[wire.OutPoint]*walletOutput{}
	w.spenders = map[wire.OutPoint][]chainhash.Hash{}
	w.recent = map[int32]chainhash.Hash{}
	w.nextOrder = 0
	w.crypt = nil
	if w.progress == nil {
		w.progress = make(chan struct{})
	}
}

// Name returns the wallet's name.
func (w *Wallet) Name() string { return w.name }

// Dir returns the wallet's directory.
func (w *Wallet) Dir() string { return w.dir }

// Net returns the chain parameters the wallet uses.
func (w *Wallet) Net() *chaincfg.Params { return w.net }

// GetName implements interfaces.Wallet.
func (w *Wallet) GetName(context.Context) (string, error) { return w.name, nil }

// IsLocked implements interfaces.Wallet: encrypted and not unlocked.
func (w *Wallet) IsLocked(context.Context) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lockedLocked(), nil
}

func (w *Wallet) lockedLocked() bool { return w.crypt != nil && w.master == nil }

// IsCrypted reports whether the wallet is encrypted.
func (w *Wallet) IsCrypted() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.crypt != nil
}

// GetBalances implements interfaces.Wallet.
func (w *Wallet) GetBalances(ctx context.Context) (interfaces.WalletBalances, error) {
	if err := w.BlockUntilSynced(ctx); err != nil {
		return interfaces.WalletBalances{}, err
	}
	b := w.Balances(0)
	return interfaces.WalletBalances{Trusted: b.Trusted, Pending: b.UntrustedPending, Immature: b.Immature}, nil
}

// GetNewAddress implements interfaces.Wallet.
func (w *Wallet) GetNewAddress(ctx context.Context, label, addressType string) (string, error) {
	return w.NewAddress(ctx, label, addressType)
}

// HasFlag reports whether a wallet flag is set.
func (w *Wallet) HasFlag(f uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flags&f != 0
}

// commit writes b in one database transaction. If writing fails, the
// in-memory state (already changed) is reloaded from the file so both agree
// again. w.mu is held.
func (w *Wallet) commit(ctx context.Context, b *batch) error {
	if b.empty() {
		return nil
	}
	// A cancelled request must not abort a write half-way.
	ctx = context.WithoutCancel(ctx)
	err := w.db.update(ctx, func(tx *sql.Tx) error { return w.writeBatch(ctx, tx, b) })
	if err != nil {
		w.log.Error("wallet database write failed; reloading state", "err", err)
		w.reloadLocked(ctx)
		return err
	}
	return nil
}

// reloadLocked replaces the in-memory state with the file's, after a
// change that could not be written. w.mu is held.
func (w *Wallet) reloadLocked(ctx context.Context) {
	master := w.master
	if err := w.loadState(context.WithoutCancel(ctx)); err != nil {
		w.log.Error("reloading wallet state failed", "err", err)
	}
	w.master = master
	if w.crypt == nil {
		w.master = nil
	}
	w.decryptDescsLocked()
}

// close flushes the last block and closes the database; w.mu is held.
func (w *Wallet) closeLocked(ctx context.Context) error {
	if w.closed {
		return nil
	}
	w.closed = true
	if w.relock != nil {
		w.relock.Stop()
	}
	w.lockMasterLocked()
	var err error
	if w.lastWritten != w.lastBlock {
		b := newBatch()
		b.info = true
		err = w.commit(ctx, b)
	}
	if cerr := w.db.close(); err == nil {
		err = cerr
	}
	return err
}

// IntegrityCheck runs SQLite's integrity_check on the wallet file.
func (w *Wallet) IntegrityCheck(ctx context.Context) (string, error) {
	return w.db.integrityCheck(ctx)
}

// Flush writes the last processed block.
func (w *Wallet) Flush(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || w.lastWritten == w.lastBlock {
		return nil
	}
	b := newBatch()
	b.info = true
	return w.commit(ctx, b)
}

// now is the wallet's clock.
func now() int64 { return time.Now().Unix() }
