// Package node owns the node's chain state: block validation and storage
// (btcd's blockchain over its ffldb database), the transaction memory pool
// (btcd's mempool with Bitcoin Core's policy and reject reasons in front of
// it), block assembly and regtest mining, the -loadblock importer and the
// validation notifications. It implements interfaces.Chain (Node.Chain) and
// offers the queries the node's RPC methods (rpc/noderpc) need.
//
// # Consensus parameters
//
// Params maps a common/chainparams chain to btcd's chaincfg parameters. The
// regtest parameters are a copy of btcd's adjusted to Bitcoin Core's regtest:
// BIP34/65/66, CSV and segwit from height 1, taproot always active, only the
// testdummy deployment (bit 28) signalling, and standardness required
// (Core's -acceptnonstdtxn=0). See params.go.
//
// # Data layout
//
// Everything lives under Config.DataDir, the network's data directory
// (<datadir>/regtest for regtest):
//
//	<DataDir>/blocks/            btcd's ffldb database
//	<DataDir>/blocks/metadata/   its LevelDB: block index, chain state, UTXO set, spend journal
//	<DataDir>/blocks/NNNNNNNNN.fdb  the raw blocks, in flat files of up to 512 MiB
//
// The UTXO cache (Core's -dbcache, default 450 MiB) is flushed when it is
// full, every hour, and on Close; ffldb keeps its own write cache and syncs
// the block files only when it writes that cache out, so there is no fsync
// per block.
//
// # Concurrency and notifications
//
// One mutex (Core's cs_main) serialises block processing, mempool changes
// and the queueing of notifications, so every subscriber sees events in
// validation order. Each subscriber of Chain.HandleNotifications has its own
// unbounded FIFO queue and goroutine; notifications are delivered from that
// goroutine, with no node lock held, so a subscriber may call back into the
// Chain. A slow subscriber delays only itself: its queue grows (holding the
// full blocks it has not yet received) while validation goes on.
//
// # Imports
//
// node imports btcd, common/chainparams, interfaces and rpc (for the
// Registrar and Core's RPC error codes, which BroadcastTransaction and the
// mining calls return). It must not import wallet, gui or ipc packages.
package node
