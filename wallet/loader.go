package wallet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Config configures a Loader.
type Config struct {
	// Chain is the node the wallets follow. Required.
	Chain interfaces.Chain
	// WalletDir holds the wallets (<netdatadir>/wallets in Core). When
	// empty it comes from the chain's "walletdir" setting, else the
	// "datadir" setting plus the network's subdirectory plus "wallets".
	WalletDir string
	// Logger receives the wallet's log lines (Core's walletdb category);
	// nil discards them.
	Logger *slog.Logger
	// Keypool is the number of unused addresses kept derived and watched
	// per descriptor; 0 means the -keypool setting, else Core's 1000.
	Keypool int
	// KDF is the passphrase key derivation for newly encrypted wallets;
	// zero means DefaultKDF.
	KDF KDFParams
	// RegisterRPC, when set, is called by Load to register the wallet RPC
	// methods with the chain (walletrpc.Register); Stop calls the
	// function it returns.
	RegisterRPC func(ctx context.Context, chain interfaces.Chain, l *Loader) (unregister func(), err error)
	// Resend times the periodic resubmission of unconfirmed transactions;
	// the zero value is Core's timing (it has no option for it; tests
	// shorten it).
	Resend ResendTiming
	// StrictWalletList makes a start-up wallet (the "wallet" setting) that
	// does not exist an error of Load, as an attached wallet process,
	// which exists to serve them, wants. Without it Load skips such a
	// wallet with Core's warning: the list also holds the wallets
	// load_on_startup saved, whose files may since have gone.
	StrictWalletList bool
}

// ResendTiming is when a wallet resubmits its unconfirmed transactions to
// the node (Core's MaybeResendWalletTxs). A zero field takes Core's value.
type ResendTiming struct {
	// Check is how often the wallets are looked at (Core: every minute).
	Check time.Duration
	// MinDelay and MaxDelay bound the random time from a wallet's load or
	// last resubmission to its next (Core: 12 and 36 hours).
	MinDelay, MaxDelay time.Duration
	// MinAge: a transaction is resubmitted only when it was received this
	// long before the last new tip (Core: 5 minutes).
	MinAge time.Duration
}

// Loader manages a process's wallets (Core's WalletContext and
// interfaces::WalletLoader): it loads, creates and unloads wallets and
// feeds them the chain's notifications through one subscription.
type Loader struct {
	cfg   Config
	chain interfaces.Chain
	log   *slog.Logger

	mu         sync.Mutex
	started    bool
	network    string
	net        *chaincfg.Params
	opts       options
	walletDir  string
	wallets    []*Wallet
	loading    map[string]bool
	notify     interfaces.Handler
	unregister func()
	// bg is the context of the loader's background work (resendLoop,
	// resubscribe) until Stop; stopResend ends it.
	bg         context.Context
	stopResend context.CancelFunc
	resendDone chan struct{} // closed when resendLoop returned
	resubbing  bool          // resubscribe runs
	bgWork     sync.WaitGroup
}

var _ interfaces.WalletLoader = (*Loader)(nil)

// NewLoader returns a Loader; nothing touches the chain or the disk until
// Load, LoadWallet or CreateWallet.
func NewLoader(cfg *Config) (*Loader, error) {
	if cfg == nil || cfg.Chain == nil {
		return nil, errors.New("wallet: Config.Chain is required")
	}
	c := *cfg
	if c.KDF == (KDFParams{}) {
		c.KDF = DefaultKDF
	}
	c.Resend = c.Resend.withDefaults()
	log := c.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Loader{cfg: c, chain: c.Chain, log: log, loading: map[string]bool{}}, nil
}

// netParams maps Core's chain names to btcd parameters.
func netParams(network string) (*chaincfg.Params, string, error) {
	switch network {
	case "main":
		return &chaincfg.MainNetParams, "", nil
	case "test":
		return &chaincfg.TestNet3Params, "testnet3", nil
	case "testnet4":
		return &chaincfg.TestNet4Params, "testnet4", nil
	case "signet":
		return &chaincfg.SigNetParams, "signet", nil
	case "regtest":
		return &chaincfg.RegressionNetParams, "regtest", nil
	}
	return nil, "", fmt.Errorf("wallet: unknown network %q", network)
}

// start reads the network, settings and wallet directory and subscribes to
// notifications, once.
func (l *Loader) start(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started {
		return nil
	}
	network, err := l.chain.Network(ctx)
	if err != nil {
		return err
	}
	net, subdir, err := netParams(network)
	if err != nil {
		return err
	}
	opts, err := readOptions(ctx, l.chain, l.cfg.Keypool)
	if err != nil {
		return err
	}
	dir := l.cfg.WalletDir
	if dir == "" {
		if v, ok, err := setting(ctx, l.chain, "walletdir"); err != nil {
			return err
		} else if ok && v != "" {
			dir = v
		} else if v, ok, err := setting(ctx, l.chain, "datadir"); err != nil {
			return err
		} else if ok && v != "" {
			dir = filepath.Join(v, subdir, "wallets")
		} else {
			return errors.New("wallet: no wallet directory (Config.WalletDir, -walletdir or -datadir)")
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("wallet: creating wallet directory: %w", err)
	}
	h, err := l.chain.HandleNotifications(ctx, notifier{l})
	if err != nil {
		return err
	}
	l.network, l.net, l.opts, l.walletDir, l.notify, l.started = network, net, opts, dir, h, true
	resendCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	l.bg, l.stopResend, l.resendDone = resendCtx, stop, done
	go func() {
		defer close(done)
		l.resendLoop(resendCtx, l.cfg.Resend)
	}()
	return nil
}

// Load starts the loader, registers the wallet RPCs and loads the wallets
// of the "wallet" setting (-wallet options, then those load_on_startup
// saved in settings.json), as Core's VerifyWallets and LoadWallets at
// start-up: a name given twice is loaded once, with Core's warning.
func (l *Loader) Load(ctx context.Context) error {
	if err := l.start(ctx); err != nil {
		return err
	}
	l.mu.Lock()
	needRPC := l.cfg.RegisterRPC != nil && l.unregister == nil
	l.mu.Unlock()
	if needRPC {
		unreg, err := l.cfg.RegisterRPC(ctx, l.chain, l)
		if err != nil {
			return err
		}
		l.mu.Lock()
		l.unregister = unreg
		l.mu.Unlock()
	}
	names, err := l.chain.GetSetting(ctx, "wallet")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, name := range names {
		if path := l.walletPath(name); seen[path] {
			l.log.Warn(fmt.Sprintf("Ignoring duplicate -wallet %s.", name))
			continue
		} else {
			seen[path] = true
		}
		_, err := l.LoadWallet(ctx, name)
		switch {
		case err == nil || errors.Is(err, ErrAlreadyLoaded):
		case errors.Is(err, ErrNotFound) && !l.cfg.StrictWalletList:
			msg := err.Error()
			if we := (*Error)(nil); errors.As(err, &we) {
				msg = strings.TrimPrefix(we.Description, "Wallet file verification failed. ")
			}
			l.log.Warn("Skipping -wallet path that doesn't exist. " + msg)
		default:
			return err
		}
	}
	return nil
}

// UpdateWalletSetting saves (true) or removes (false) the wallet name in
// the node's list of wallets to load at start-up, when loadOnStartup is
// set, and returns Core's warning when that could not be done
// (UpdateWalletSetting in Core's wallet.cpp).
func (l *Loader) UpdateWalletSetting(ctx context.Context, name string, loadOnStartup *bool) []string {
	if loadOnStartup == nil {
		return nil
	}
	ok, err := l.chain.UpdateWalletSetting(ctx, name, *loadOnStartup)
	if err != nil {
		l.log.Warn("updating the load_on_startup setting failed", "wallet", name, "err", err)
	}
	switch {
	case ok && err == nil:
		return nil
	case *loadOnStartup:
		return []string{"Wallet load on startup setting could not be updated, so wallet may not be loaded next node startup."}
	}
	return []string{"Wallet load on startup setting could not be updated, so wallet may still be loaded next node startup."}
}

// WalletDir returns the wallet directory (after start).
func (l *Loader) WalletDir() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.walletDir
}

// Net returns the chain parameters (after start).
func (l *Loader) Net() *chaincfg.Params {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.net
}

// walletPath is where a wallet called name lives: <walletdir>/<name>, or
// name itself when absolute.
func (l *Loader) walletPath(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(l.walletDir, name)
}

// claim claims a reserved name on the node, so that no other wallet
// process serves a wallet of that name; on failure the reservation ends.
func (l *Loader) claim(ctx context.Context, name string) (interfaces.Handler, error) {
	h, err := l.chain.ClaimWallet(ctx, name)
	if err != nil {
		l.finish(name, nil, nil)
		return nil, claimRefused(err)
	}
	return h, nil
}

// claimRefused is the error of a load or create whose name the node
// refused: another process serves a wallet of that name.
func claimRefused(err error) error {
	return &Error{Kind: ErrLockedByOtherProcess, Description: err.Error(), Err: err}
}

// reserve marks name as being loaded; it fails when it is loaded or
// loading.
func (l *Loader) reserve(name string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.wallets {
		if w.name == name {
			return newErr(ErrAlreadyLoaded, fmt.Sprintf("Wallet \"%s\" is already loaded.", name))
		}
	}
	if l.loading[name] {
		return newErr(ErrWallet, "Wallet already loading.")
	}
	l.loading[name] = true
	return nil
}

// finish ends a load: w joins the loaded wallets holding the claim, or,
// when the load failed (w nil), the claim is released.
func (l *Loader) finish(name string, w *Wallet, claim interfaces.Handler) {
	l.mu.Lock()
	delete(l.loading, name)
	if w != nil {
		w.claim = claim
		l.wallets = append(l.wallets, w)
	}
	l.mu.Unlock()
	if w == nil && claim != nil {
		claim.Disconnect(context.Background())
	}
}

// keepClaim gives a loaded wallet the node's claim on its name; when the
// wallet was unloaded meanwhile, the claim is released.
func (l *Loader) keepClaim(w *Wallet, claim interfaces.Handler) {
	l.mu.Lock()
	listed := slices.Contains(l.wallets, w)
	if listed {
		w.claim = claim
	}
	l.mu.Unlock()
	if !listed {
		claim.Disconnect(context.Background())
	}
}

// verifyFailed prefixes Core's "Wallet file verification failed." to a
// database error.
func verifyFailed(err error) error {
	var we *Error
	if errors.As(err, &we) {
		return &Error{Kind: we.Kind, Description: "Wallet file verification failed. " + we.Description, Err: we.Err}
	}
	return err
}

// LoadWallet loads an existing wallet, catches it up with the chain and
// resubmits its unconfirmed transactions.
func (l *Loader) LoadWallet(ctx context.Context, name string) (interfaces.Wallet, error) {
	w, err := l.OpenWallet(ctx, name)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// OpenWallet is LoadWallet returning the concrete *Wallet.
func (l *Loader) OpenWallet(ctx context.Context, name string) (*Wallet, error) {
	if err := l.start(ctx); err != nil {
		return nil, err
	}
	if err := l.reserve(name); err != nil {
		return nil, err
	}
	w, err := l.openWallet(ctx, name)
	if err != nil {
		l.finish(name, nil, nil)
		return nil, err
	}
	// It is listed behind the chain: from then on it is scanning, so that
	// getwalletinfo reports the catch-up instead of waiting for it.
	if err := w.scanToTip(ctx); err != nil {
		l.finish(name, nil, nil)
		w.db.close()
		return nil, err
	}
	// The file is ours (locked); the name must be too. The wallet is
	// listed first: the node grants an attached process the name of a
	// wallet it lists as loaded.
	l.finish(name, w, nil)
	claim, err := l.chain.ClaimWallet(ctx, name)
	if err != nil {
		l.UnloadWallet(context.WithoutCancel(ctx), name)
		return nil, claimRefused(err)
	}
	l.keepClaim(w, claim)
	if err := w.afterLoad(ctx); err != nil {
		l.log.Warn("wallet catch-up failed", "wallet", name, "err", err)
	}
	return w, nil
}

func (l *Loader) newWallet(name string, db *store) *Wallet {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := &Wallet{name: name, dir: db.dir, loader: l, chain: l.chain, net: l.net, opts: l.opts, kdf: l.cfg.KDF,
		log: l.log.With("wallet", name), db: db, nextResend: l.cfg.Resend.nextResend()}
	w.resetState()
	return w
}

func (l *Loader) openWallet(ctx context.Context, name string) (*Wallet, error) {
	db, err := openStore(ctx, l.walletPath(name), false)
	if err != nil {
		return nil, verifyFailed(err)
	}
	if err := db.checkSchema(ctx); err != nil {
		db.close()
		return nil, verifyFailed(err)
	}
	w := l.newWallet(name, db)
	w.mu.Lock()
	err = w.loadState(ctx)
	if err == nil && w.network != l.network {
		err = newErr(ErrWallet, fmt.Sprintf("Wallet files should not be reused across chains. Restart bitcoind with -walletcrosschain to override. (wallet network %s)", w.network))
	}
	if err == nil && w.flags&FlagAvoidReuse != 0 {
		// A file made before createwallet refused the flag: loading it
		// would ignore what the flag promises. The file stays as it is.
		err = newErr(ErrWallet, fmt.Sprintf("Error loading %s: %s", name, errAvoidReuse))
	}
	w.mu.Unlock()
	if err != nil {
		db.close()
		return nil, err
	}
	w.log.Info("wallet loaded", "txs", len(w.txs), "last_block", w.lastBlock.Height)
	return w, nil
}

// Wallet returns a loaded wallet by name.
func (l *Loader) Wallet(name string) (*Wallet, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.wallets {
		if w.name == name {
			return w, true
		}
	}
	return nil, false
}

// Wallets returns the loaded wallets in load order.
func (l *Loader) Wallets() []*Wallet {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.wallets)
}

// ListLoaded returns the names of the loaded wallets.
func (l *Loader) ListLoaded(context.Context) ([]string, error) {
	var names []string
	for _, w := range l.Wallets() {
		names = append(names, w.name)
	}
	return names, nil
}

// UnloadWallet unloads a wallet: it stops receiving notifications, writes
// its last block and closes its file.
func (l *Loader) UnloadWallet(ctx context.Context, name string) error {
	l.mu.Lock()
	i := slices.IndexFunc(l.wallets, func(w *Wallet) bool { return w.name == name })
	if i < 0 {
		l.mu.Unlock()
		return newErr(ErrNotFound, "Requested wallet does not exist or is not loaded")
	}
	w := l.wallets[i]
	l.wallets = slices.Delete(l.wallets, i, i+1)
	claim := w.claim
	w.claim = nil
	l.mu.Unlock()
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.closeLocked(ctx)
	if claim != nil {
		claim.Disconnect(ctx)
	}
	return err
}

// Flush writes every wallet's last processed block.
func (l *Loader) Flush(ctx context.Context) error {
	var first error
	for _, w := range l.Wallets() {
		if err := w.Flush(ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Stop unregisters the RPC methods and the notifications and unloads every
// wallet.
func (l *Loader) Stop(ctx context.Context) error {
	l.mu.Lock()
	unreg, h := l.unregister, l.notify
	stopResend, resendDone := l.stopResend, l.resendDone
	l.unregister, l.notify, l.stopResend, l.resendDone = nil, nil, nil, nil
	l.started = false
	l.mu.Unlock()
	if stopResend != nil {
		stopResend()
		<-resendDone
	}
	l.bgWork.Wait()
	if unreg != nil {
		unreg()
	}
	var first error
	if h != nil {
		if err := h.Disconnect(ctx); err != nil {
			first = err
		}
	}
	for _, w := range l.Wallets() {
		if err := l.UnloadWallet(ctx, w.name); err != nil && first == nil {
			first = err
		}
	}
	return first
}
