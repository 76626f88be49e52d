package args

// serverRelay is Core's NODE_RELAY and BLOCK_CREATION categories.
var serverRelay = notImplemented([]Option{
	{Name: "acceptnonstdtxn", Kind: Bool, Category: CatRelay, Debug: true, Help: "Relay and mine \"non-standard\" transactions (test networks only; default: 0)"},
	{Name: "incrementalrelayfee", Param: "<amt>", Kind: String, Category: CatRelay, Debug: true, Help: "Fee rate (in BTC/kvB) used to define cost of relay, used for mempool limiting and replacement policy. (default: 0.00001)"},
	{Name: "dustrelayfee", Param: "<amt>", Kind: String, Category: CatRelay, Debug: true, Help: "Fee rate (in BTC/kvB) used to define dust, the value of an output such that it will cost more than its value in fees at this fee rate to spend it. (default: 0.00003)"},
	{Name: "bytespersigop", Kind: Int, Category: CatRelay, Help: "Equivalent bytes per sigop in transactions for relay and mining (default: 20)"},
	{Name: "datacarrier", Kind: Bool, Category: CatRelay, Help: "Relay and mine data carrier transactions (default: 1)"},
	{Name: "datacarriersize", Kind: Int, Category: CatRelay, Help: "Relay and mine transactions whose data-carrying raw scriptPubKey is of this size or less (default: 83)"},
	{Name: "permitbaremultisig", Kind: Bool, Category: CatRelay, Help: "Relay transactions creating non-P2SH multisig outputs (default: 1)"},
	{Name: "minrelaytxfee", Param: "<amt>", Kind: String, Category: CatRelay, Help: "Fees (in BTC/kvB) smaller than this are considered zero fee for relaying, mining and transaction creation (default: 0.00001)"},
	{Name: "whitelistforcerelay", Kind: Bool, Category: CatRelay, Help: "Add 'forcerelay' permission to whitelisted peers with default permissions. This will relay transactions even if the transactions were already in the mempool. (default: 0)"},
	{Name: "whitelistrelay", Kind: Bool, Category: CatRelay, Help: "Add 'relay' permission to whitelisted peers with default permissions. This will accept relayed transactions even when not relaying transactions (default: 1)"},

	{Name: "blockmaxweight", Param: "<n>", Kind: Int, Category: CatBlockCreation, Help: "Set maximum BIP141 block weight (default: 4000000)"},
	{Name: "blockreservedweight", Param: "<n>", Kind: Int, Category: CatBlockCreation, Help: "Reserve space for the fixed-size block header plus the largest coinbase transaction the mining software may add to the block. (default: 8000)."},
	{Name: "blockmintxfee", Param: "<amt>", Kind: String, Category: CatBlockCreation, Help: "Set lowest fee rate (in BTC/kvB) for transactions to be included in block creation. (default: 0.00001)"},
	{Name: "blockversion", Param: "<n>", Kind: Int, Category: CatBlockCreation, Debug: true, Help: "Override block version to test forking scenarios"},
})

// serverRPC is Core's OptionsCategory::RPC, less the options in Common.
var serverRPC = notImplemented([]Option{
	{Name: "rest", Kind: Bool, Category: CatRPC, Help: "Accept public REST requests (default: 0)"},
	{Name: "rpcallowip", Param: "<ip>", Kind: List, Category: CatRPC, Help: "Allow JSON-RPC connections from specified source. Valid values for <ip> are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or all ipv6 (::/0). This option can be specified multiple times"},
	{Name: "rpcauth", Param: "<userpw>", Kind: List, Category: CatRPC, Sensitive: true, Help: "Username and HMAC-SHA-256 hashed password for JSON-RPC connections. The field <userpw> comes in the format: <USERNAME>:<SALT>$<HASH>. A canonical python script is included in share/rpcauth. The client then connects normally using the rpcuser=<USERNAME>/rpcpassword=<PASSWORD> pair of arguments. This option can be specified multiple times"},
	{Name: "rpcbind", Param: "<addr>[:port]", Kind: List, Category: CatRPC, NetworkOnly: true, Help: "Bind to given address to listen for JSON-RPC connections. Do not expose the RPC server to untrusted networks such as the public internet! This option is ignored unless -rpcallowip is also passed. Port is optional and overrides -rpcport. Use [host]:port notation for IPv6. This option can be specified multiple times (default: 127.0.0.1 and ::1 i.e., localhost)"},
	{Name: "rpcdoccheck", Kind: Bool, Category: CatRPC, Debug: true, Help: "Throw a non-fatal error at runtime if the documentation for an RPC is incorrect (default: 0)"},
	{Name: "rpccookieperms", Param: "<readable-by>", Kind: String, Category: CatRPC, Help: "Set permissions on the RPC auth cookie file so that it is readable by [owner|group|all] (default: owner [via umask 0077])"},
	{Name: "rpcservertimeout", Param: "<n>", Kind: Int, Category: CatRPC, Debug: true, Help: "Timeout during HTTP requests (default: 30)"},
	{Name: "rpcthreads", Param: "<n>", Kind: Int, Category: CatRPC, Help: "Set the number of threads to service RPC calls (default: 16)"},
	{Name: "rpcwhitelist", Param: "<whitelist>", Kind: List, Category: CatRPC, Help: "Set a whitelist to filter incoming RPC calls for a specific user. The field <whitelist> comes in the format: <USERNAME>:<rpc 1>,<rpc 2>,...,<rpc n>. If multiple whitelists are set for a given user, they are set-intersected. See -rpcwhitelistdefault documentation for information on default whitelist behavior."},
	{Name: "rpcwhitelistdefault", Kind: Bool, Category: CatRPC, Help: "Sets default behavior for rpc whitelisting. Unless rpcwhitelistdefault is set to 0, if any -rpcwhitelist is set, the rpc server acts as if all rpc users are subject to empty-unless-otherwise-specified whitelists. If rpcwhitelistdefault is set to 1 and no -rpcwhitelist is set, rpc server acts as if all rpc users are subject to empty whitelists."},
	{Name: "rpcworkqueue", Param: "<n>", Kind: Int, Category: CatRPC, Debug: true, Help: "Set the maximum depth of the work queue to service RPC calls (default: 64)"},
	{Name: "server", Kind: Bool, Category: CatRPC, Help: "Accept command line and JSON-RPC commands"},
})
