package args

// serverConnection is Core's OptionsCategory::CONNECTION.
var serverConnection = noEffect(ReasonNoP2P, []Option{
	{Name: "addnode", Param: "<ip>", Kind: List, Category: CatConnection, Support: Limited, Accepts: off, Reason: reasonNoPeers, NetworkOnly: true, Help: "Add a node to connect to and attempt to keep the connection open (see the addnode RPC help for more info). This option can be specified multiple times to add multiple nodes; connections are limited to 8 at a time and are counted separately from the -maxconnections limit."},
	{Name: "asmap", Param: "<file>", Kind: Path, Category: CatConnection, Help: "Specify asn mapping used for bucketing of the peers (default: ip_asn.map). Relative paths will be prefixed by the net-specific datadir location."},
	{Name: "bantime", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Default duration (in seconds) of manually configured bans (default: 86400)"},
	{Name: "bind", Param: "<addr>[:<port>][=onion]", Kind: List, Category: CatConnection, NetworkOnly: true, Help: "Bind to given address and always listen on it (default: 0.0.0.0). Use [host]:port notation for IPv6. Append =onion to tag any incoming connections to that address and port as incoming Tor connections (default: 127.0.0.1:8334=onion, testnet3: 127.0.0.1:18334=onion, testnet4: 127.0.0.1:48334=onion, signet: 127.0.0.1:38334=onion, regtest: 127.0.0.1:18445=onion)"},
	{Name: "cjdnsreachable", Kind: Bool, Category: CatConnection, Help: "If set, then this host is configured for CJDNS (connecting to fc00::/8 addresses would lead us to the CJDNS network, see doc/cjdns.md) (default: 0)"},
	{Name: "connect", Param: "<ip>", Kind: List, Category: CatConnection, Support: Limited, Accepts: off, Reason: reasonNoPeers, NetworkOnly: true, Help: "Connect only to the specified node; -noconnect disables automatic connections (the rules for this peer are the same as for -addnode). This option can be specified multiple times to connect to multiple nodes."},
	{Name: "discover", Kind: Bool, Category: CatConnection, Help: "Discover own IP addresses (default: 1 when listening and no -externalip or -proxy)"},
	{Name: "dns", Kind: Bool, Category: CatConnection, Help: "Allow DNS lookups for -addnode, -seednode and -connect (default: 1)"},
	{Name: "dnsseed", Kind: Bool, Category: CatConnection, Help: "Query for peer addresses via DNS lookup, if low on addresses (default: 1 unless -connect used or -maxconnections=0)"},
	{Name: "externalip", Param: "<ip>", Kind: List, Category: CatConnection, Help: "Specify your own public address"},
	{Name: "fixedseeds", Kind: Bool, Category: CatConnection, Help: "Allow fixed seeds if DNS seeds don't provide peers (default: 1)"},
	{Name: "forcednsseed", Kind: Bool, Category: CatConnection, Help: "Always query for peer addresses via DNS lookup (default: 0)"},
	{Name: "listen", Kind: Bool, Category: CatConnection, Help: "Accept connections from outside (default: 1 if no -proxy, -connect or -maxconnections=0)"},
	{Name: "listenonion", Kind: Bool, Category: CatConnection, Help: "Automatically create Tor onion service (default: 1)"},
	{Name: "maxconnections", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Maintain at most <n> automatic connections to peers (default: 125). This limit does not apply to connections manually added via -addnode or the addnode RPC, which have a separate limit of 8."},
	{Name: "inboundrelaypercent", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Share of inbound peer connections, in percent, that may relay transactions to this node (0 to 100, default: 100)"},
	{Name: "maxreceivebuffer", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Maximum per-connection receive buffer, <n>*1000 bytes (default: 5000)"},
	{Name: "maxsendbuffer", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Maximum per-connection memory usage for the send buffer, <n>*1000 bytes (default: 1000)"},
	{Name: "maxuploadtarget", Param: "<n>", Kind: String, Category: CatConnection, Help: "Tries to keep outbound traffic under the given target per 24h. Limit does not apply to peers with 'download' permission or blocks created within past week. 0 = no limit (default: 0M). Optional suffix units [k|K|m|M|g|G|t|T] (default: M). Lowercase is 1000 base while uppercase is 1024 base"},
	{Name: "onion", Param: "<ip:port|path>", Kind: String, Category: CatConnection, Help: "Use separate SOCKS5 proxy to reach peers via Tor onion services, set -noonion to disable (default: -proxy). May be a local file path prefixed with 'unix:'."},
	{Name: "i2psam", Param: "<ip:port>", Kind: String, Category: CatConnection, Help: "I2P SAM proxy to reach I2P peers and accept I2P connections (default: none)"},
	{Name: "i2pacceptincoming", Kind: Bool, Category: CatConnection, Help: "Whether to accept inbound I2P connections (default: 1). Ignored if -i2psam is not set. Listening for inbound I2P connections is done through the SAM proxy, not by binding to a local address and port."},
	{Name: "onlynet", Param: "<net>", Kind: List, Category: CatConnection, Help: "Make automatic outbound connections only to network <net> (ipv4, ipv6, onion, i2p, cjdns). Inbound and manual connections are not affected by this option. It can be specified multiple times to allow multiple networks."},
	{Name: "v2transport", Kind: Bool, Category: CatConnection, Help: "Support v2 transport (default: 1)"},
	{Name: "peerbloomfilters", Kind: Bool, Category: CatConnection, Help: "Support filtering of blocks and transaction with bloom filters (default: 0)"},
	{Name: "peerblockfilters", Kind: Bool, Category: CatConnection, Help: "Serve compact block filters to peers per BIP 157 (default: 0)"},
	{Name: "txreconciliation", Kind: Bool, Category: CatConnection, Debug: true, Help: "Enable transaction reconciliations per BIP 330 (default: 0)"},
	{Name: "port", Param: "<port>", Kind: Int, Category: CatConnection, NetworkOnly: true, Help: "Listen for connections on <port> (default: 8333, testnet3: 18333, testnet4: 48333, signet: 38333, regtest: 18444). Not relevant for I2P (see doc/i2p.md). If set to a value x, the default onion listening port will be set to x+1."},
	{Name: "proxy", Param: "<ip:port|path>", Kind: String, Category: CatConnection, NeedsValue: true, Help: "Connect through SOCKS5 proxy, set -noproxy to disable (default: disabled). May be a local file path prefixed with 'unix:' if the proxy supports it."},
	{Name: "proxyrandomize", Kind: Bool, Category: CatConnection, Help: "Randomize credentials for every proxy connection. This enables Tor stream isolation (default: 1)"},
	{Name: "seednode", Param: "<ip>", Kind: List, Category: CatConnection, Support: Limited, Accepts: off, Reason: reasonNoPeers, Help: "Connect to a node to retrieve peer addresses, and disconnect. This option can be specified multiple times to connect to multiple nodes. During startup, seednodes will be tried before dnsseeds."},
	{Name: "networkactive", Kind: Bool, Category: CatConnection, Help: "Enable all P2P network activity (default: 1). Can be changed by the setnetworkactive RPC command"},
	{Name: "timeout", Param: "<n>", Kind: Int, Category: CatConnection, Help: "Specify socket connection timeout in milliseconds. If an initial attempt to connect is unsuccessful after this amount of time, drop it (minimum: 1, default: 5000)"},
	{Name: "peertimeout", Param: "<n>", Kind: Int, Category: CatConnection, Debug: true, Help: "Specify a p2p connection timeout delay in seconds. After connecting to a peer, wait this amount of time before considering disconnection based on inactivity (minimum: 1, default: 60)"},
	{Name: "torcontrol", Param: "<ip>:<port>", Kind: String, Category: CatConnection, Help: "Tor control host and port to use if onion listening enabled (default: 127.0.0.1:9051). If no port is specified, the default port of 9051 will be used."},
	{Name: "torpassword", Param: "<pass>", Kind: String, Category: CatConnection, Sensitive: true, Help: "Tor control port password (default: empty)"},
	{Name: "natpmp", Kind: Bool, Category: CatConnection, Help: "Use PCP or NAT-PMP to map the listening port (default: 0)"},
	{Name: "whitebind", Param: "<[permissions@]addr>", Kind: List, Category: CatConnection, Help: "Bind to the given address and add permission flags to the peers connecting to it. Use [host]:port notation for IPv6. Allowed permissions: " + netPermissionsDoc + ". Specify multiple permissions separated by commas (default: download,noban,mempool,relay). Can be specified multiple times."},
	{Name: "whitelist", Param: "<[permissions@]IP address or network>", Kind: List, Category: CatConnection, Help: "Add permission flags to the peers using the given IP address (e.g. 1.2.3.4) or CIDR-notated network (e.g. 1.2.3.0/24). Uses the same permissions as -whitebind. Additional flags \"in\" and \"out\" control whether permissions apply to incoming connections and/or manual (default: incoming only). Can be specified multiple times."},
})

// reasonNoPeers is why -addnode, -connect and -seednode take only 0.
const reasonNoPeers = "Bulkhead has no P2P networking yet and cannot connect to the peers it names; -connect=0 (or -noconnect) is accepted"

// netPermissionsDoc is Core's NET_PERMISSIONS_DOC, joined.
const netPermissionsDoc = "bloomfilter (allow requesting BIP37 filtered blocks and transactions), " +
	"noban (do not ban for misbehavior; implies download), " +
	"forcerelay (relay transactions that are already in the mempool; implies relay), " +
	"relay (relay even in -blocksonly mode, and unlimited transaction announcements), " +
	"mempool (allow requesting BIP35 mempool contents), " +
	"download (allow getheaders during IBD, no disconnect after maxuploadtarget limit), " +
	"addr (responses to GETADDR avoid hitting the cache and contain random records with the most up-to-date info)"
