package interfaces

import "context"

// Init is the first object on every IPC connection: it makes the other
// interfaces a process offers. Bitcoin Core's ipc/capnp/init.capnp defines the
// methods shared with Core (makeEcho, makeMining, makeRpc); Bulkhead's own
// follow them.
type Init interface {
	// MakeEcho returns an Echo served by this process.
	MakeEcho(ctx context.Context) (Echo, error)
	// MakeRpc returns the process's JSON-RPC dispatcher.
	MakeRpc(ctx context.Context) (Rpc, error)
	// MakeWalletLoader starts the process's wallets on top of chain (a wallet
	// process; a node answers with an error).
	MakeWalletLoader(ctx context.Context, chain Chain) (WalletLoader, error)
	// MakeChain returns the node's Chain (for wallets that attach to a
	// running node; a wallet process answers with an error).
	MakeChain(ctx context.Context) (Chain, error)
}
