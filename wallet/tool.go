package wallet

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strings"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
)

// OfflineConfig says which wallet the offline wallet tool (bitcoin-wallet
// create, info) works on. There is no chain: the tool runs without a node.
type OfflineConfig struct {
	// WalletDir is the wallet directory (<netdatadir>/wallets or
	// -walletdir). Required unless Name is absolute.
	WalletDir string
	// Name is the wallet's name; its directory is WalletDir/Name, or Name
	// itself when absolute, as for the node.
	Name string
	// Network is Core's chain name ("main", "test", "testnet4", "signet",
	// "regtest") of a new wallet.
	Network string
	// Keypool is the number of addresses derived per descriptor; 0 means
	// Core's 1000.
	Keypool int
	// Logger receives the walletdb lines; nil discards them.
	Logger *slog.Logger
}

// ToolInfo is what bitcoin-wallet's "Wallet info" block shows (Core's
// WalletShowInfo).
type ToolInfo struct {
	Name        string
	Format      string
	Descriptors bool
	Encrypted   bool
	// HDEnabled is Core's IsHDEnabled: every active descriptor is ranged.
	HDEnabled bool
	// KeypoolSize counts the unused derived addresses of every active
	// descriptor, external and internal (Core's GetKeyPoolSize).
	KeypoolSize  int64
	Transactions int
	AddressBook  int
}

// offlineLoader is a Loader without a chain, holding just what creating
// and reading a wallet file needs.
func offlineLoader(cfg *OfflineConfig) (*Loader, error) {
	if cfg == nil {
		return nil, errors.New("wallet: nil OfflineConfig")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts := defaultOptions()
	if cfg.Keypool > 0 {
		opts.keypool = cfg.Keypool
	}
	l := &Loader{cfg: Config{KDF: DefaultKDF, WalletDir: cfg.WalletDir}, log: log, loading: map[string]bool{},
		opts: opts, walletDir: cfg.WalletDir}
	if cfg.Network != "" {
		net, _, err := netParams(cfg.Network)
		if err != nil {
			return nil, err
		}
		l.network, l.net = cfg.Network, net
	}
	return l, nil
}

// Path returns the directory of the wallet cfg names.
func (cfg *OfflineConfig) Path() string {
	return (&Loader{walletDir: cfg.WalletDir}).walletPath(cfg.Name)
}

// CreateOffline creates a wallet file with no chain, as bitcoin-wallet
// create does: the same seed, descriptors and keypool as createwallet, but
// no last processed block, so the node it is first loaded into scans it
// from the genesis block. Errors are Core's MakeDatabase ones ("Failed to
// create database path '…'. Database already exists.").
func CreateOffline(ctx context.Context, cfg *OfflineConfig, o CreateOptions) (ToolInfo, error) {
	if err := o.check(); err != nil {
		return ToolInfo{}, err
	}
	l, err := offlineLoader(cfg)
	if err != nil {
		return ToolInfo{}, err
	}
	if l.net == nil {
		return ToolInfo{}, errors.New("wallet: OfflineConfig.Network is required to create a wallet")
	}
	w, err := l.createWallet(ctx, cfg.Name, o, chainhash.Hash{}, -1)
	if err != nil {
		return ToolInfo{}, databaseError(err)
	}
	info := w.toolInfo()
	w.mu.Lock()
	err = w.closeLocked(context.WithoutCancel(ctx))
	w.mu.Unlock()
	return info, err
}

// ReadInfo reads an existing wallet's info block without changing the
// file. A wallet held by a running node fails with Core's exclusive lock
// message (ErrLockedByOtherProcess); a missing one with "Failed to load
// database path '…'. Path does not exist." (ErrNotFound).
func ReadInfo(ctx context.Context, cfg *OfflineConfig) (ToolInfo, error) {
	l, err := offlineLoader(cfg)
	if err != nil {
		return ToolInfo{}, err
	}
	db, err := openStore(ctx, l.walletPath(cfg.Name), false)
	if err != nil {
		return ToolInfo{}, err
	}
	defer db.close()
	if err := db.checkSchema(ctx); err != nil {
		return ToolInfo{}, err
	}
	// The descriptors parse with the wallet's own network, whatever the
	// command line says (Core's tool does not check the chain either).
	var network string
	err = db.read(ctx, func(q *sql.Conn) error {
		return q.QueryRowContext(ctx, "SELECT network FROM wallet_info WHERE id = 1").Scan(&network)
	})
	if err != nil {
		return ToolInfo{}, err
	}
	if l.net, _, err = netParams(network); err != nil {
		return ToolInfo{}, wrapErr(ErrDatabase, err.Error(), err)
	}
	l.network = network
	w := l.newWallet(cfg.Name, db)
	w.mu.Lock()
	err = w.loadState(ctx)
	w.mu.Unlock()
	if err != nil {
		return ToolInfo{}, err
	}
	return w.toolInfo(), nil
}

// databaseError drops the "Wallet file verification failed. " that
// createwallet puts before a database error: the tool prints MakeDatabase's
// message as it is.
func databaseError(err error) error {
	var we *Error
	if errors.As(err, &we) && strings.HasPrefix(we.Description, verifyFailedPrefix) {
		return &Error{Kind: we.Kind, Description: strings.TrimPrefix(we.Description, verifyFailedPrefix), Err: we.Err}
	}
	return err
}

const verifyFailedPrefix = "Wallet file verification failed. "

// toolInfo gathers the info block.
func (w *Wallet) toolInfo() ToolInfo {
	w.mu.Lock()
	defer w.mu.Unlock()
	in := ToolInfo{Name: w.name, Format: "sqlite", Descriptors: w.flags&FlagDescriptors != 0, Encrypted: w.crypt != nil,
		HDEnabled: true, Transactions: len(w.txs), AddressBook: len(w.addrBook)}
	for _, d := range w.descs {
		if !d.active {
			continue
		}
		if !d.pub.IsRange() {
			in.HDEnabled = false
		}
		in.KeypoolSize += int64(d.rangeEnd) - int64(d.nextIndex)
	}
	return in
}
