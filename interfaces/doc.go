// Package interfaces declares the Go interfaces at which Bulkhead's parts meet
// (Init, Echo, Handler, Rpc, Chain with ChainNotifications and RPCHandler,
// WalletLoader, Wallet; later Node and Mining) and the plain data types they
// carry.
//
// Calling code never knows whether an implementation runs in its own process
// or in another one reached through ipc/capnp's generated proxies. Every method
// takes a context.Context first and returns an error last; subscriptions return
// a Handler.
//
// This package imports only the standard library and btcd primitives. It must
// not import Cap'n Proto or any other Bulkhead package.
package interfaces
