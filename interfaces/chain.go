package interfaces

import (
	"context"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// Chain is what a wallet needs from the node (Bitcoin Core's
// interfaces::Chain): the active chain, blocks, fee rates, broadcasting,
// settings, notifications and registering RPC methods.
type Chain interface {
	// Network is the chain's name as -chain takes it: "main", "test",
	// "testnet4", "signet", "regtest".
	Network(ctx context.Context) (string, error)
	// GetTip returns the active chain's tip.
	GetTip(ctx context.Context) (BlockRef, error)
	// GetBlockHash returns the hash of the active chain's block at height; an
	// error of kind ErrNotFound beyond the tip.
	GetBlockHash(ctx context.Context, height int32) (chainhash.Hash, error)
	// FindBlock returns the block with the given hash, whether known to the
	// node or not (Found false), its height and whether it is in the active
	// chain.
	FindBlock(ctx context.Context, hash chainhash.Hash) (FoundBlock, error)
	// FindForkPoint returns the highest block of the active chain that is an
	// ancestor of (or is) the block with the given hash.
	FindForkPoint(ctx context.Context, hash chainhash.Hash) (BlockRef, error)
	// GetBlock returns a block the node has, by hash.
	GetBlock(ctx context.Context, hash chainhash.Hash) (*wire.MsgBlock, error)
	// IsInitialBlockDownload reports whether the node is still catching up.
	IsInitialBlockDownload(ctx context.Context) (bool, error)
	// BroadcastTransaction adds tx to the mempool and relays it. maxFee
	// (satoshis, 0 for no limit) is Core's -maxtxfee check. The error keeps
	// Core's RPC code (RPCCode) for rejections.
	BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxFee int64) error
	// RelayMinFee is the minimum relay fee rate in satoshis per kvB.
	RelayMinFee(ctx context.Context) (int64, error)
	// EstimateSmartFee returns the node's fee rate estimate for
	// confirmation within target blocks (Core's estimateSmartFee); Found is
	// false when it has none.
	EstimateSmartFee(ctx context.Context, target int32) (FeeEstimate, error)
	// GetSetting returns a node option: every value of a list option
	// (Core's GetArgs), the one value in effect of any other (Core's
	// GetArg: command line over bitcoin.conf), so the last value is always
	// the one that counts; "0" for a negated boolean; empty if unset.
	// Boolean values read as Core's InterpretBool (common/args).
	GetSetting(ctx context.Context, name string) ([]string, error)
	// UpdateWalletSetting adds the wallet name to (loadOnStartup true) or
	// removes it from the wallets the node loads at start-up: the "wallet"
	// list of its settings.json, as Core's AddWalletSetting and
	// RemoveWalletSetting (load_on_startup). It reports whether the setting
	// now says so; false when it could not be written (-nosettings, a
	// write error, or a client that may not change the node's settings).
	UpdateWalletSetting(ctx context.Context, name string, loadOnStartup bool) (bool, error)
	// HandleNotifications subscribes n to validation notifications,
	// delivered in order, asynchronously, never under a node lock. A
	// subscriber that falls too far behind is dropped: the node delivers
	// nothing more and tells it with NotificationsDropped.
	HandleNotifications(ctx context.Context, n ChainNotifications) (Handler, error)
	// HandleRPC adds a JSON-RPC method to the node's server, executed by h.
	// Disconnecting the returned Handler removes it. A node with several
	// wallet processes accepts only its wallet methods and hands h only
	// the requests for the wallets the process claimed.
	HandleRPC(ctx context.Context, cmd RPCCommand, h RPCHandler) (Handler, error)
	// ClaimWallet reserves a wallet name on the node for the calling wallet
	// process, so that two processes never serve wallets of the same name
	// and requests for that wallet reach this process. It fails when
	// another process holds the name or the node keeps it for its own
	// wallet process; an attached process claims a name once its
	// listwallets lists the wallet. Disconnecting the Handler (or the
	// process's end) releases it.
	ClaimWallet(ctx context.Context, name string) (Handler, error)
}

// ChainNotifications receives the node's validation events. All methods are
// one-way (flow-limited streams across processes).
type ChainNotifications interface {
	TransactionAddedToMempool(ctx context.Context, tx *wire.MsgTx) error
	TransactionRemovedFromMempool(ctx context.Context, tx *wire.MsgTx, reason int32) error
	BlockConnected(ctx context.Context, block BlockInfo) error
	BlockDisconnected(ctx context.Context, block BlockInfo) error
	// UpdatedBlockTip follows the block notifications of one tip change.
	UpdatedBlockTip(ctx context.Context, tip BlockRef) error
	ChainStateFlushed(ctx context.Context, tip BlockRef) error
	// NotificationsDropped is the last call of a subscription the node
	// ended because the subscriber fell too far behind (its queue of
	// undelivered notifications reached the node's bound; reason says
	// which). Every notification after the ones it already got is lost:
	// the subscriber subscribes again and catches up from its last
	// processed block, as after a restart. Not part of Core's interface.
	NotificationsDropped(ctx context.Context, reason string) error
}

// Mempool removal reasons, as Core's MemPoolRemovalReason.
const (
	RemovalExpiry    int32 = 0
	RemovalSizeLimit int32 = 1
	RemovalReorg     int32 = 2
	RemovalBlock     int32 = 3
	RemovalConflict  int32 = 4
	RemovalReplaced  int32 = 5
)

// FoundBlock is the answer of Chain.FindBlock.
type FoundBlock struct {
	Found      bool
	Hash       chainhash.Hash
	Height     int32
	Time       int64 // block header time, seconds
	MaxTime    int64 // highest header time up to this block
	InActive   bool  // in the active chain
	PrevHash   chainhash.Hash
	MedianTime int64
}

// FeeEstimate is the answer of Chain.EstimateSmartFee: Core's CFeeRate
// with FeeCalculation.returnedTarget, except that "no estimate" is Found
// false rather than a zero rate.
type FeeEstimate struct {
	// Found: the node has an estimate (it has a fee estimator and enough
	// data for the target).
	Found bool
	// Rate in satoshis per kvB, when Found.
	Rate int64
	// Blocks is the target the answer is for (Core's returnedTarget: the
	// requested one, clamped to what the data supports; 0 with no data).
	Blocks int32
}

// BlockInfo describes a connected or disconnected block.
type BlockInfo struct {
	Hash     chainhash.Hash
	PrevHash chainhash.Hash
	Height   int32
	Time     int64
	Block    *wire.MsgBlock
}

// RPCCommand describes a JSON-RPC method registered through Chain.HandleRPC.
type RPCCommand struct {
	Name     string
	Category string
	// Args names the parameters in order (for named-parameter mapping and
	// help); Types gives Core's type of each ("str", "num", "amount", "bool",
	// "obj", "arr", "any", "hex"), Optional whether it may be left out.
	Args []RPCArg
	Help string
}

// RPCArg is one parameter of an RPCCommand.
type RPCArg struct {
	Name     string
	Type     string
	Optional bool
}

// RPCRequest is a JSON-RPC call handed to an RPCHandler.
type RPCRequest struct {
	Method string
	// Params is a JSON array of the positional parameters (named ones
	// already mapped).
	Params     string
	URI        string
	WalletName string
	// WalletEndpoint says the request came on a /wallet/<name> URI.
	WalletEndpoint bool
	AuthUser       string
}

// RPCHandler executes JSON-RPC requests for methods it registered. The
// result is JSON text; an error keeps its RPC code (RPCCode).
type RPCHandler interface {
	ExecuteRPC(ctx context.Context, req RPCRequest) (string, error)
}
