package args

// serverZMQ is Core's OptionsCategory::ZMQ.
var serverZMQ = []Option{
	{Name: "zmqpubhashblock", Param: "<address>", Kind: List, Category: CatZMQ, Support: Limited, Reason: reasonNoZMQ, Help: "Enable publish hash block in <address>"},
	{Name: "zmqpubhashtx", Param: "<address>", Kind: List, Category: CatZMQ, Support: Limited, Reason: reasonNoZMQ, Help: "Enable publish hash transaction in <address>"},
	{Name: "zmqpubrawblock", Param: "<address>", Kind: List, Category: CatZMQ, Support: Limited, Reason: reasonNoZMQ, Help: "Enable publish raw block in <address>"},
	{Name: "zmqpubrawtx", Param: "<address>", Kind: List, Category: CatZMQ, Support: Limited, Reason: reasonNoZMQ, Help: "Enable publish raw transaction in <address>"},
	{Name: "zmqpubsequence", Param: "<address>", Kind: List, Category: CatZMQ, Support: Limited, Reason: reasonNoZMQ, Help: "Enable publish hash block and tx sequence in <address>"},
	{Name: "zmqpubhashblockhwm", Param: "<n>", Kind: Int, Category: CatZMQ, Support: NoEffect, Reason: reasonNoZMQ, Help: "Set publish hash block outbound message high water mark (default: 1000)"},
	{Name: "zmqpubhashtxhwm", Param: "<n>", Kind: Int, Category: CatZMQ, Support: NoEffect, Reason: reasonNoZMQ, Help: "Set publish hash transaction outbound message high water mark (default: 1000)"},
	{Name: "zmqpubrawblockhwm", Param: "<n>", Kind: Int, Category: CatZMQ, Support: NoEffect, Reason: reasonNoZMQ, Help: "Set publish raw block outbound message high water mark (default: 1000)"},
	{Name: "zmqpubrawtxhwm", Param: "<n>", Kind: Int, Category: CatZMQ, Support: NoEffect, Reason: reasonNoZMQ, Help: "Set publish raw transaction outbound message high water mark (default: 1000)"},
	{Name: "zmqpubsequencehwm", Param: "<n>", Kind: Int, Category: CatZMQ, Support: NoEffect, Reason: reasonNoZMQ, Help: "Set publish hash sequence message high water mark (default: 1000)"},
}

// serverDebug is Core's OptionsCategory::DEBUG_TEST part of
// SetupServerArgs (the logging ones are in Common).
var serverDebug = []Option{
	{Name: "fastprune", Kind: Bool, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoPrune, Help: "Use smaller block files and lower minimum prune height for testing purposes"},
	{Name: "checkblocks", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoStartupCheck, Help: "How many blocks to check at startup (default: 6, 0 = all)"},
	{Name: "checklevel", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoStartupCheck, Help: "How thorough the block verification of -checkblocks is: level 0 reads the blocks from disk, level 1 verifies block validity, level 2 verifies undo data, level 3 checks disconnection of tip blocks, level 4 tries to reconnect the blocks, each level includes the checks of the previous levels (0-4, default: 3)"},
	{Name: "checkblockindex", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "no periodic consistency check of the block index and chain state is run", Help: "Do a consistency check for the block tree, chainstate, and other validation data structures every <n> operations. Use 0 to disable. (default: 0, regtest: 1)"},
	{Name: "checkaddrman", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: ReasonNoP2P, Help: "Run addrman consistency checks every <n> operations. Use 0 to disable. (default: 0)"},
	{Name: "checkmempool", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "no periodic mempool consistency check is run", Help: "Run mempool consistency checks every <n> transactions. Use 0 to disable. (default: 0, regtest: 1)"},
	{Name: "deprecatedrpc", Param: "<method>", Kind: List, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "Bulkhead keeps no deprecated RPC behaviour that this option could switch back on", Help: "Allows deprecated RPC method(s) to be used"},
	{Name: "stopafterblockimport", Kind: Bool, Category: CatDebug, Debug: true, Support: Limited, Accepts: off, Reason: "the node keeps running after -loadblock imports", Help: "Stop running after importing blocks from disk (default: 0)"},
	{Name: "stopatheight", Kind: Int, Category: CatDebug, Debug: true, Support: Limited, Accepts: off, Reason: "the node does not stop at a given height", Help: "Stop running after reaching the given height in the main chain (default: 0)"},
	{Name: "limitancestorcount", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: Limited, Accepts: []string{"25"}, Reason: reasonPackageLimits, Help: "Do not accept transactions if number of in-mempool ancestors is <n> or more (default: 25)"},
	{Name: "limitdescendantcount", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: Limited, Accepts: []string{"25"}, Reason: reasonPackageLimits, Help: "Do not accept transactions if any ancestor would have <n> or more in-mempool descendants (default: 25)"},
	{Name: "limitclustercount", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoClusters, Help: "Do not accept transactions connected, directly or indirectly, to <n> or more other unconfirmed transactions (default: 64)"},
	{Name: "limitclustersize", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoClusters, Help: "Do not accept transactions whose virtual size together with all connected unconfirmed transactions exceeds <n> kilobytes (default: 101)"},
	{Name: "test", Param: "<option>", Kind: List, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "none of Core's test-only behaviours (addrman, reindex_after_failure_noninteractive_yes, bip94 …) exist in Bulkhead", Help: "Pass a test-only option. Options include : addrman (use deterministic addrman), reindex_after_failure_noninteractive_yes (When asked for a reindex after failure interactively, simulate as-if answered with 'yes'), bip94 (enforce BIP94 consensus rules)."},
	{Name: "capturemessages", Kind: Bool, Category: CatDebug, Debug: true, Support: NoEffect, Reason: ReasonNoP2P, Help: "Capture all P2P messages to disk"},
	{Name: "mocktime", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNodeOnly, Help: "Replace actual time with UNIX epoch time (default: 0)"},
	{Name: "maxsigcachesize", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "btcd's signature cache has a fixed size", Help: "Limit sum of signature cache and script execution cache sizes to <n> MiB (default: 32)"},
	{Name: "maxtipage", Param: "<n>", Kind: Int, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNodeOnly, Help: "Maximum tip age in seconds to consider node in initial block download (default: 86400)"},
	{Name: "printpriority", Kind: Bool, Category: CatDebug, Debug: true, Support: NoEffect, Reason: "block assembly logs no fee rates", Help: "Log transaction fee rate in BTC/kvB when mining blocks (default: 0)"},
	{Name: "uacomment", Param: "<cmt>", Kind: List, Category: CatDebug, Support: NoEffect, Reason: reasonNodeOnly, Help: "Append comment to the user agent string"},
	{Name: "acceptstalefeeestimates", Kind: Bool, Category: CatDebug, Debug: true, Support: NoEffect, Reason: reasonNoFeeEstimator, Help: "Read fee estimates even if they are stale (regtest only; default: 0) fee estimates are considered stale if they are 60 hours old"},
}

// serverHidden is Core's hidden options: accepted, never listed.
var serverHidden = []Option{
	{Name: "dbcrashratio", Kind: Int, Category: CatHidden, Support: NoEffect, Reason: "a Core test hook for simulated database crashes"},
	{Name: "forcecompactdb", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: "btcd's database compacts on its own"},
	{Name: "choosedatadir", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "lang", Param: "<lang>", Kind: String, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "min", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "resetguisettings", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "splash", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "uiplatform", Kind: String, Category: CatHidden, Support: NoEffect, Reason: reasonGUI},
	{Name: "checkpoints", Kind: Bool, Category: CatHidden, Support: NoEffect, Reason: "checkpoints were removed (Core keeps the option only to say so)"},
	{Name: "limitancestorsize", Kind: Int, Category: CatHidden, Support: NoEffect, Reason: "Core replaced ancestor size limits with cluster limits and keeps the option only to say so"},
	{Name: "limitdescendantsize", Kind: Int, Category: CatHidden, Support: NoEffect, Reason: "Core replaced descendant size limits with cluster limits and keeps the option only to say so"},
}

// Reasons of the debugging options.
const (
	reasonNoZMQ          = "ZMQ notifications are not supported yet"
	reasonNoPrune        = "Bulkhead does not prune: it keeps every block"
	reasonNoStartupCheck = "Bulkhead does not re-verify recent blocks at start-up"
	reasonPackageLimits  = "the mempool applies Core's default package limits (25 transactions, 101 kvB); other limits are not supported yet"
	reasonNoClusters     = "the mempool has no cluster limits yet; it applies Core's former ancestor and descendant limits (25 transactions, 101 kvB)"
	reasonNoFeeEstimator = "Bulkhead has no fee estimator yet"
	reasonGUI            = "a GUI option: bitcoind and bitcoin-node have no GUI"
)
