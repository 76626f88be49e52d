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
// btcd's UTXO cache gets a quarter of Core's -dbcache (default 450 MiB, so
// 112 MiB: btcd allocates the whole map at start-up). It is flushed when
// full, every hour (Run) and on Close, each time followed by
// ChainStateFlushed; ffldb keeps its own write cache and syncs the block
// files only when it writes that cache out, so there is no fsync per block.
//
// # Background work
//
// New loads the chain state and answers queries at once. Run imports the
// -loadblock files (Core's LoadExternalBlockFile: records found by their
// network magic, zero padding skipped, known blocks skipped, each block
// validated and connected as it comes; the node reports initial block
// download meanwhile) and flushes hourly. Close stops Run's work, flushes,
// delivers what subscribers have queued (5 s at most) and closes the
// database.
//
// # Concurrency and notifications
//
// One mutex (Core's cs_main) serialises block processing, mempool changes
// and the queueing of notifications, so every subscriber sees events in
// validation order. Each subscriber of Chain.HandleNotifications has its own
// unbounded FIFO queue and goroutine (started by the subscription, not by
// Run); notifications are delivered from that goroutine, with no node lock
// held, so a subscriber may call back into the Chain. A slow subscriber
// delays only itself: its queue grows (holding the full blocks it has not
// yet received) while validation goes on. Disconnect stops delivery; called
// from inside one of the subscriber's own notifications (with the context
// it was given) it returns at once. As Core, a transaction leaving the
// mempool because a block included it is not notified (BlockConnected says
// so); conflicts, replacements and reorg evictions are, with Core's
// reasons. The order is Core's (ActivateBestChain): BlockDisconnected for
// each block leaving the active chain; for each connected block its
// conflict removals; the transactions a reorg returns to the mempool (and
// the ones it evicts); then BlockConnected for each connected block and
// one UpdatedBlockTip. A change that only disconnects (invalidateblock
// with no better chain) announces no tip. Subscribers in the node's own
// process may implement ValidationNotifications to get Core's mempool
// sequence numbers and the initial-download flag with the events (ZMQ).
//
// # Imports
//
// node imports btcd, common/chainparams, common/args (InterpretBool, so
// boolean options read as everywhere else), common/amount (option amounts,
// MAX_MONEY), interfaces and rpc/rpcerr (Core's RPC error codes, which
// BroadcastTransaction and the mining calls return). It must not import the
// RPC server (package rpc: Config.RPC is a Registrar it declares), wallet,
// gui or ipc packages; the root tests check the rpc and wallet rules.
package node
