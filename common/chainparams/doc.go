// Package chainparams owns the per-chain basics every executable needs before
// any consensus code is loaded: the chain names Bitcoin Core accepts
// (main, test, testnet4, signet, regtest), each chain's data directory
// subdirectory, and its default RPC, P2P and onion ports (Core's
// chainparamsbase).
//
// Consensus parameters (btcd's chaincfg) are attached by other packages; this
// package stays dependency-free. It imports only the standard library and
// must not import any other Bulkhead package.
package chainparams
