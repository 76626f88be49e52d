package args

// Common lists the options every Bulkhead executable accepts: help and
// version, data directory and config files, chain selection, logging, the
// RPC client/server credentials and port, and IPC.
var Common = []Option{
	// Help and version (Core's SetupHelpOptions).
	{Name: "help", Kind: Bool, Category: CatOptions, Help: "Print this help message and exit (also -h or -?)"},
	{Name: "h", Kind: Bool, Category: CatHidden},
	{Name: "?", Kind: Bool, Category: CatHidden},
	{Name: "version", Kind: Bool, Category: CatOptions, Help: "Print version and exit"},

	// Data directory and configuration.
	{Name: "conf", Param: "<file>", Kind: Path, Category: CatOptions, Help: "Specify path to read-only configuration file. Relative paths will be prefixed by datadir location (only useable from command line, not configuration file) (default: bitcoin.conf)"},
	{Name: "datadir", Param: "<dir>", Kind: Path, Category: CatOptions, NoNegate: true, Help: "Specify data directory"},
	{Name: "includeconf", Param: "<file>", Kind: List, Category: CatOptions, Help: "Specify additional configuration file, relative to the -datadir path (only useable from configuration file, not command line)"},
	{Name: "settings", Param: "<file>", Kind: Path, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "Specify path to dynamic settings data file. Can be disabled with -nosettings. File is written at runtime and not meant to be edited by users (use bitcoin.conf instead for custom settings). Relative paths will be prefixed by datadir location. (default: settings.json)"},
	{Name: "daemon", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonDaemon, Help: "Run in the background as a daemon and accept commands (default: 0)"},
	{Name: "daemonwait", Kind: Bool, Category: CatOptions, Support: Limited, Accepts: off, Reason: reasonDaemon, Help: "Wait for initialization to be finished before exiting. This implies -daemon (default: 0)"},
	{Name: "pid", Param: "<file>", Kind: Path, Category: CatOptions, Support: NoEffect, Reason: reasonNodeOnly, Help: "Specify pid file. Relative paths will be prefixed by a net-specific datadir location. (default: bitcoind.pid)"},

	// Chain selection (Core's SetupChainParamsBaseOptions).
	{Name: "chain", Param: "<chain>", Kind: String, Category: CatChain, Help: "Use the chain <chain> (default: main). Allowed values: main, test, testnet4, signet, regtest"},
	{Name: "regtest", Kind: Bool, Category: CatChain, Debug: true, Help: "Enter regression test mode, which uses a special chain in which blocks can be solved instantly. This is intended for regression testing tools and app development. Equivalent to -chain=regtest."},
	{Name: "testnet", Kind: Bool, Category: CatChain, Help: "Use the testnet3 chain. Equivalent to -chain=test. Support for testnet3 is deprecated and will be removed with the next release. Consider moving to testnet4 now by using -testnet4."},
	{Name: "testnet4", Kind: Bool, Category: CatChain, Help: "Use the testnet4 chain. Equivalent to -chain=testnet4."},
	{Name: "signet", Kind: Bool, Category: CatChain, Help: "Use the signet chain. Equivalent to -chain=signet. Note that the network is defined by the -signetchallenge parameter"},
	{Name: "signetchallenge", Kind: String, Category: CatChain, NoNegate: true, Support: Limited, Reason: "custom signets are not supported yet: Bulkhead knows only the default signet", Help: "Blocks must satisfy the given script to be considered valid (only for signet networks; defaults to the global default signet test network challenge)"},
	{Name: "signetseednode", Kind: List, Category: CatChain, NoNegate: true, Support: NoEffect, Reason: ReasonNoP2P, Help: "Specify a seed node for the signet network, in the hostname[:port] format, e.g. sig.net:1234 (may be used multiple times to specify multiple seed nodes; defaults to the global default signet test network seed node(s))"},
	{Name: "testactivationheight", Param: "name@height.", Kind: List, Category: CatDebug, Debug: true, Support: Limited, Reason: reasonFixedDeployments, Help: "Set the activation height of 'name' (segwit, bip34, dersig, cltv, csv). (regtest-only)"},
	{Name: "vbparams", Param: "deployment:start:end[:min_activation_height]", Kind: List, Category: CatChain, Debug: true, Support: Limited, Reason: reasonFixedDeployments, Help: "Use given start/end times and min_activation_height for specified version bits deployment (regtest-only)"},

	// Logging (Core's init::AddLoggingArgs). The category list must match
	// common/logging's; a test there checks it.
	{Name: "debuglogfile", Param: "<file>", Kind: Path, Category: CatOptions, Help: "Specify location of debug log file (default: debug.log). Relative paths will be prefixed by a net-specific datadir location. Pass -nodebuglogfile to disable writing the log to a file."},
	{Name: "debug", Param: "<category>", Kind: List, Category: CatDebug, Help: "Output debug and trace logging (default: -nodebug, supplying <category> is optional). If <category> is not supplied or if <category> is 1 or \"all\", output all debug logging. If <category> is 0 or \"none\", any other categories are ignored. Other valid values for <category> are: " + LogCategoriesHelp + ". This option can be specified multiple times to output multiple categories."},
	{Name: "debugexclude", Param: "<category>", Kind: List, Category: CatDebug, Help: "Exclude debug and trace logging for a category. Can be used in conjunction with -debug=1 to output debug and trace logging for all categories except the specified category. This option can be specified multiple times to exclude multiple categories. This takes priority over \"-debug\""},
	{Name: "logips", Kind: Bool, Category: CatDebug, Help: "Include IP addresses in debug output (default: 0)"},
	{Name: "loglevel", Param: "<level>|<category>:<level>", Kind: List, Category: CatDebug, Debug: true, NoNegate: true, NeedsValue: true, Help: "Set the global or per-category severity level for logging categories enabled with the -debug configuration option or the logging RPC. Possible values are info, debug, trace (default=debug). The following levels are always logged: error, warning, info. If <category>:<level> is supplied, the setting will override the global one and may be specified multiple times to set multiple category-specific levels. <category> can be: " + LogCategoriesHelp + "."},
	{Name: "logtimestamps", Kind: Bool, Category: CatDebug, Help: "Prepend debug output with timestamp (default: 1)"},
	{Name: "logthreadnames", Kind: Bool, Category: CatDebug, Help: "Prepend debug output with name of the originating thread (default: 0)"},
	{Name: "logsourcelocations", Kind: Bool, Category: CatDebug, Help: "Prepend debug output with name of the originating source location (source file, line number and function name) (default: 0)"},
	{Name: "logtimemicros", Kind: Bool, Category: CatDebug, Debug: true, Help: "Add microsecond precision to debug timestamps (default: 0)"},
	{Name: "loglevelalways", Kind: Bool, Category: CatDebug, Help: "Always prepend a category and level (default: 0)"},
	{Name: "logratelimit", Kind: Bool, Category: CatDebug, Support: Limited, Accepts: off, Reason: "log lines are never rate-limited", Help: "Apply rate limiting to unconditional logging to mitigate disk-filling attacks (default: 1)"},
	{Name: "printtoconsole", Kind: Bool, Category: CatDebug, Help: "Send trace/debug info to console (default: 1 when no -daemon. To disable logging to file, set -nodebuglogfile)"},
	{Name: "shrinkdebugfile", Kind: Bool, Category: CatDebug, Help: "Shrink debug.log file on client startup (default: 1 when no -debug)"},

	// RPC credentials and port, shared by the server and bitcoin-cli.
	{Name: "rpccookiefile", Param: "<loc>", Kind: Path, Category: CatRPC, Help: "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)"},
	{Name: "rpcpassword", Param: "<pw>", Kind: String, Category: CatRPC, Sensitive: true, Help: "Password for JSON-RPC connections"},
	{Name: "rpcport", Param: "<port>", Kind: Int, Category: CatRPC, NetworkOnly: true, Help: "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, signet: 38332, regtest: 18443)"},
	{Name: "rpcuser", Param: "<user>", Kind: String, Category: CatRPC, Sensitive: true, Help: "Username for JSON-RPC connections"},

	// IPC (multiprocess).
	{Name: "ipcbind", Param: "<address>", Kind: List, Category: CatIPC, Help: "Bind to Unix socket address and listen for incoming connections. Valid address values are \"unix\" to listen on the default path, <datadir>/node.sock, or \"unix:/custom/path\" to specify a custom path, or \"tcp:<host>:<port>\" (IPv6: \"tcp:[::1]:<port>\") to listen on TCP with TLS 1.3, accepting only clients whose credentials were made with -ipcnewclient (the node's certificate and the authorised clients are kept in <datadir>/ipc/). Can be specified multiple times to listen on multiple addresses. Default behavior is not to listen on any address. If relative paths are specified, they are interpreted relative to the network data directory. If paths include any parent directory components and the parent directories do not exist, they will be created."},
	{Name: "ipcconnect", Param: "<address>", Kind: String, Category: CatIPC, Support: NoEffect, Reason: reasonIPCClient, Help: "Connect to bitcoin-node process in the background to perform online operations. Valid <address> values are 'unix' to connect to the default socket, 'unix:<socket path>' to connect to a socket at a nonstandard path, 'tcp:<host>:<port>' to connect over TCP with TLS (needs -ipccredentials). Default value: unix"},
	{Name: "ipccredentials", Param: "<file>", Kind: Path, Category: CatIPC, Support: NoEffect, Reason: reasonIPCClient, Help: "Credentials file to present when connecting to a node over TCP (-ipcconnect=tcp:<host>:<port>), as printed by bitcoin-node -ipcnewclient. Relative paths are interpreted relative to the network data directory."},
	{Name: "ipcnewclient", Param: "<name>[:<role>,...]", Kind: String, Category: CatIPC, Support: NoEffect, Reason: reasonIPCServer, Help: "Authorise a new IPC client called <name> to connect over TCP (-ipcbind=tcp:...), print its credentials file and exit. Roles: wallet, gui, miner (default: wallet). Keep the credentials as secret as a password; the node takes new clients without a restart."},
	{Name: "ipcrevokeclient", Param: "<name>", Kind: String, Category: CatIPC, Support: NoEffect, Reason: reasonIPCServer, Help: "Remove the IPC client called <name> (made with -ipcnewclient) from the authorised clients and exit. Its new connections are refused; connections it has open stay until they end."},
	{Name: "ipcmaxclientconnections", Param: "<n>", Kind: Int, Category: CatIPC, Support: NoEffect, Reason: reasonIPCServer, Help: "Maximum number of simultaneous IPC connections of one client: a TCP client's credential name, or one local process on a Unix socket (default: 16)"},
	{Name: "ipcmaxpendingcalls", Param: "<n>", Kind: Int, Category: CatIPC, Support: NoEffect, Reason: reasonIPCServer, Help: "Maximum number of calls of one IPC connection that run at once; further calls of that connection wait (default: 64)"},
	{Name: "ipctimeout", Param: "<n>", Kind: Int, Category: CatIPC, Support: NoEffect, Reason: reasonIPCServer, Help: "Seconds within which a dead IPC TCP connection is noticed (TCP keepalive and user timeout) and a TLS handshake must finish; an IPC client that does not read for three times as long is disconnected (default: 10)"},
	{Name: "ipcfd", Param: "<fd>", Kind: Int, Category: CatHidden},
}

// LogCategoriesHelp is the list of logging categories as Core's -debug and
// -loglevel help texts print it (alphabetical). common/logging owns the
// categories; its tests check this copy.
const LogCategoriesHelp = "addrman, bench, blockstorage, cmpctblock, coindb, estimatefee, http, i2p, ipc, kernel, leveldb, libevent, mempool, mempoolrej, net, privatebroadcast, proxy, prune, qt, rand, reindex, rpc, scan, selectcoins, tor, txpackages, txreconciliation, validation, walletdb, zmq"

// Reasons shared by several options (docs/options.md shows them).
const (
	// ReasonNoP2P is why the P2P options have no effect.
	ReasonNoP2P            = "no P2P networking yet: the node makes and accepts no peer connections"
	reasonNodeOnly         = "only bitcoind and bitcoin-node use it"
	reasonDaemon           = "Bulkhead does not fork into the background; run it under a service manager (or with &)"
	reasonFixedDeployments = "regtest deployments are fixed as in Core's default regtest: BIP34/65/66, CSV and segwit from height 1, taproot always active"
	reasonIPCServer        = "only a node that serves IPC clients (-ipcbind) uses it"
	reasonIPCClient        = "only an IPC client (bitcoin-cli or bitcoin-wallet with -ipcconnect) uses it"
)

// off is Accepts for options Bulkhead supports only switched off.
var off = []string{"0"}
