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
}
