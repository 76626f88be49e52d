package args

import "slices"

// CoreServer lists the rest of bitcoind's options (Core's SetupServerArgs
// and the wallet's AddWalletOptions). All start NotImplemented; an
// executable passes Implemented(CoreServer, names...) once it honours some.
var CoreServer = slices.Concat(serverGeneral, serverConnection, serverWallet, serverZMQ, serverDebug, serverRelay, serverRPC, serverHidden, serverBulkhead)

// serverGeneral is Core's OptionsCategory::OPTIONS part of SetupServerArgs.
var serverGeneral = []Option{
	{Name: "help-debug", Kind: Bool, Category: CatDebug, Support: NoEffect, Reason: reasonNodeOnly, Help: "Print help message with debugging options and exit"},
	{Name: "alertnotify", Param: "<cmd>", Kind: String, Category: CatOptions, Support: NoEffect, Reason: "Bulkhead raises no alerts (no unknown-version or fork warnings yet), so the command would never run", Help: "Execute command when an alert is raised (%s in cmd is replaced by message)"},
	{Name: "allowignoredconf", Kind: Bool, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "For backwards compatibility, treat an unused bitcoin.conf file in the datadir as a warning, not an error."},
	{Name: "assumevalid", Param: "<hex>", Kind: String, Category: CatOptions, Support: NoEffect, Reason: "every script of every block is verified", Help: "If this block is in the chain assume that it and its ancestors are valid and potentially skip their script verification (0 to verify all, default: the chain's built-in assumed-valid block)"},
	{Name: "blocksdir", Param: "<dir>", Kind: Path, Category: CatOptions, Support: Limited, Reason: "blocks are kept in btcd's database under <datadir>/<chain>/blocks", Help: "Specify directory to hold blocks subdirectory for *.dat files (default: <datadir>)"},
	{Name: "blocksxor", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: "blocks are kept in btcd's database, not in XOR-obfuscated blk*.dat files", Help: "Whether an XOR-key applies to blocksdir *.dat files. The created XOR-key will be zeros for an existing blocksdir or when `-blocksxor=0` is set, and random for a freshly initialized blocksdir. (default: 1)"},
	{Name: "blocknotify", Param: "<cmd>", Kind: String, Category: CatOptions, Support: Limited, Reason: "no command is run when the best block changes", Help: "Execute command when the best block changes (%s in cmd is replaced by block hash)"},
	{Name: "blockreconstructionextratxn", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: ReasonNoP2P, Help: "Extra transactions to keep in memory for compact block reconstructions (default: 100)"},
	{Name: "blocksonly", Kind: Bool, Category: CatOptions, Support: NoEffect, Reason: ReasonNoP2P, Help: "Whether to reject transactions from network peers. Disables automatic broadcast and rebroadcast of transactions, unless the source peer has the 'forcerelay' permission. RPC transactions are not affected. (default: 0)"},
	{Name: "coinstatsindex", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonNoIndex, Help: "Maintain coinstats index used by the gettxoutsetinfo RPC (default: 0)"},
	{Name: "dbbatchsize", Kind: Int, Category: CatOptions, Debug: true, Support: NoEffect, Reason: "btcd's database chooses its own write batches", Help: "Maximum database write batch size in bytes (default: 16777216)"},
	{Name: "dbcache", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "Maximum database cache size <n> MiB (minimum 4, default: 450). Make sure you have enough RAM. In addition, unused memory allocated to the mempool is shared with this cache (see -maxmempool)."},
	{Name: "loadblock", Param: "<file>", Kind: List, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "Imports blocks from external file on startup"},
	{Name: "maxmempool", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "Keep the transaction memory pool below <n> megabytes (default: 300)"},
	{Name: "mempoolexpiry", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: "transactions do not expire from the mempool yet", Help: "Do not keep transactions in the mempool longer than <n> hours (default: 336)"},
	{Name: "minimumchainwork", Param: "<hex>", Kind: String, Category: CatOptions, Debug: true, Support: NoEffect, Reason: "it guards P2P header sync, and Bulkhead has no P2P networking yet", Help: "Minimum work assumed to exist on a valid chain in hex (default: the chain's built-in minimum chain work)"},
	{Name: "par", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: "btcd verifies scripts with a worker per CPU", Help: "Set the number of script verification threads (0 = auto, up to 15, <0 = leave that many cores free, default: 0)"},
	{Name: "prevoutfetchthreads", Param: "<n>", Kind: Int, Category: CatOptions, Support: NoEffect, Reason: "btcd reads the outputs a block spends itself", Help: "Set how many threads fetch the outputs a block spends from the chainstate database ahead of validation (0 disables, default: 4)"},
	{Name: "persistmempool", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: "the mempool is not saved at shutdown", Help: "Whether to save the mempool on shutdown and load on restart (default: 1)"},
	{Name: "persistmempoolv1", Kind: Bool, Category: CatOptions, Support: NoEffect, Reason: "the mempool is not saved at shutdown yet (-persistmempool)", Help: "Whether a mempool.dat file created by -persistmempool or the savemempool RPC will be written in the legacy format (version 1) or the current format (version 2). This temporary option will be removed in the future. (default: 0)"},
	{Name: "prune", Param: "<n>", Kind: Int, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonNoPrune, Help: "Reduce storage requirements by enabling pruning (deleting) of old blocks. This allows the pruneblockchain RPC to be called to delete specific blocks and enables automatic pruning of old blocks if a target size in MiB is provided. This mode is incompatible with -txindex. Warning: Reverting this setting requires re-downloading the entire blockchain. (default: 0 = disable pruning blocks, 1 = allow manual pruning via RPC, >=550 = automatically prune block files to stay under the specified target size in MiB)"},
	{Name: "reindex", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: "the chain state cannot be rebuilt from the stored blocks", Help: "If enabled, wipe chain state and block index, and rebuild them from blk*.dat files on disk. Also wipe and rebuild other optional indexes that are active. If an assumeutxo snapshot was loaded, its chainstate will be wiped as well. The snapshot can then be reloaded via RPC."},
	{Name: "reindex-chainstate", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: "the chain state cannot be rebuilt from the stored blocks", Help: "If enabled, wipe chain state, and rebuild it from blk*.dat files on disk. If an assumeutxo snapshot was loaded, its chainstate will be wiped as well. The snapshot can then be reloaded via RPC."},
	{Name: "startupnotify", Param: "<cmd>", Kind: String, Category: CatOptions, Support: Limited, Reason: "no command is run at start-up", Help: "Execute command on startup."},
	{Name: "shutdownnotify", Param: "<cmd>", Kind: List, Category: CatOptions, Support: Limited, Reason: "no command is run at shutdown", Help: "Execute command immediately before beginning shutdown. The need for shutdown may be urgent, so be careful not to delay it long (if the command doesn't require interaction with the server, consider having it fork into the background)."},
	{Name: "txindex", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonNoIndex, Help: "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)"},
	{Name: "txospenderindex", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonNoIndex, Help: "Keep an index of which transaction spends each output, for the gettxspendingprevout RPC (default: 0)"},
	{Name: "blockfilterindex", Param: "<type>", Kind: List, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonNoIndex, Help: "Maintain an index of compact filters by block (default: 0, values: basic). If <type> is not supplied or if <type> = 1, indexes for all known types are enabled."},
}

// reasonNoIndex is why the optional indexes take only 0.
const reasonNoIndex = "Bulkhead has no optional indexes yet"
