package interfaces

import "context"

// WalletLoader manages a process's wallets (Core's interfaces::WalletLoader,
// a ChainClient): the node calls it to load wallets at start-up, flush and
// stop; wallet RPCs (createwallet, loadwallet…) come through the RPC methods
// it registers with Chain.HandleRPC.
type WalletLoader interface {
	// Load loads the wallets named by -wallet and registers the wallet RPC
	// methods with the chain.
	Load(ctx context.Context) error
	// LoadWallet loads the wallet called name.
	LoadWallet(ctx context.Context, name string) (Wallet, error)
	// ListLoaded returns the names of the loaded wallets.
	ListLoaded(ctx context.Context) ([]string, error)
	// Flush writes everything to disk.
	Flush(ctx context.Context) error
	// Stop unloads every wallet and unregisters the RPC methods.
	Stop(ctx context.Context) error
}

// Wallet is one loaded wallet (Core's interfaces::Wallet); the GUI issue
// widens it.
type Wallet interface {
	GetName(ctx context.Context) (string, error)
	// GetBalances returns confirmed, unconfirmed (trusted pending) and
	// immature balances in satoshis.
	GetBalances(ctx context.Context) (WalletBalances, error)
	// GetNewAddress returns a new receiving address of the given type
	// ("bech32", "bech32m").
	GetNewAddress(ctx context.Context, label, addressType string) (string, error)
	IsLocked(ctx context.Context) (bool, error)
}

// WalletBalances are a wallet's balances in satoshis.
type WalletBalances struct {
	Trusted  int64
	Pending  int64
	Immature int64
}
