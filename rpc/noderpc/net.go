package noderpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/rpc"
)

// Network methods, as Core's src/rpc/net.cpp. The node has no P2P
// networking yet, and getnetworkinfo says so in Core's own terms rather
// than describing a node it is not:
//   - localservices 0 (NODE_NONE), localservicesnames []: the service bits
//     tell peers what they can ask of us (NETWORK: "I serve blocks"); with
//     no P2P nobody can ask anything. Core with -listen=0 -connect=0 still
//     advertises NETWORK|WITNESS|… because it would serve any peer it
//     connects to (addnode); this node cannot connect to any.
//   - localrelay false: no peer is asked to relay transactions to us.
//   - networkactive false: there is no P2P activity to enable (Core reports
//     false after setnetworkactive false).
//   - every network reachable false (limited true): nothing can be
//     reached, as Core with -onlynet excluding it.
//   - connections 0, timeoffset 0 (the median of no peers), no local
//     addresses.
// The P2P methods (getpeerinfo, getconnectioncount, getnettotals,
// setnetworkactive, addnode, setban …) are not registered: they answer
// "Method not found" rather than figures about peers that cannot exist.

const (
	// DefaultVersion is getnetworkinfo's "version" when Config.Version is
	// zero: Core 29.0's CLIENT_VERSION, whose RPC interface this mimics.
	DefaultVersion = 290000
	// DefaultSubVersion is the user agent when Config.SubVersion is empty.
	DefaultSubVersion = "/Bulkhead:0.1.0/"
	protocolVersion   = 70016
)

var (
	networkNames = []string{"ipv4", "ipv6", "onion", "i2p", "cjdns"}

	getnetworkinfoHelp = rpc.FormatHelp("getnetworkinfo",
		"Returns an object containing various state info regarding P2P networking.", nil,
		result(res{typ: rObj, inner: []res{
			{typ: rNum, key: "version", desc: "the server version"},
			{typ: rStr, key: "subversion", desc: "the server subversion string"},
			{typ: rNum, key: "protocolversion", desc: "the protocol version"},
			{typ: rStrHex, key: "localservices", desc: "the services we offer to the network"},
			{typ: rArr, key: "localservicesnames", desc: "the services we offer to the network, in human-readable form", inner: []res{
				{typ: rStr, key: "SERVICE_NAME", desc: "the service name"},
			}},
			{typ: rBool, key: "localrelay", desc: "true if transaction relay is requested from peers"},
			{typ: rNum, key: "timeoffset", desc: "the time offset"},
			{typ: rNum, key: "connections", desc: "the total number of connections"},
			{typ: rNum, key: "connections_in", desc: "the number of inbound connections"},
			{typ: rNum, key: "connections_out", desc: "the number of outbound connections"},
			{typ: rBool, key: "networkactive", desc: "whether p2p networking is enabled"},
			{typ: rArr, key: "networks", desc: "information per network", inner: []res{{typ: rObj, inner: []res{
				{typ: rStr, key: "name", desc: "network (ipv4, ipv6, onion, i2p, cjdns)"},
				{typ: rBool, key: "limited", desc: "is the network limited using -onlynet?"},
				{typ: rBool, key: "reachable", desc: "is the network reachable?"},
				{typ: rStr, key: "proxy", desc: "(\"host:port\") the proxy that is used for this network, or empty if none"},
				{typ: rBool, key: "proxy_randomize_credentials", desc: "Whether randomized credentials are used"},
			}}}},
			{typ: rNum, key: "relayfee", desc: "minimum relay fee rate for transactions in " + currencyUnit + "/kvB"},
			{typ: rNum, key: "incrementalfee", desc: "minimum fee rate increment for mempool limiting or replacement in " + currencyUnit + "/kvB"},
			{typ: rArr, key: "localaddresses", desc: "list of local addresses", inner: []res{{typ: rObj, inner: []res{
				{typ: rStr, key: "address", desc: "network address"},
				{typ: rNum, key: "port", desc: "network port"},
				{typ: rNum, key: "score", desc: "relative score"},
			}}}},
			warningsDoc,
		}}),
		examples("getnetworkinfo", "", ""))
)

// NetMethods returns getnetworkinfo.
func NetMethods(cfg *Config) []rpc.Method {
	return []rpc.Method{{
		Name: "getnetworkinfo", Category: "network", Help: getnetworkinfoHelp,
		Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			return getnetworkinfo(cfg), nil
		},
	}}
}

func getnetworkinfo(cfg *Config) object {
	version, sub := cfg.Version, cfg.SubVersion
	if version == 0 {
		version = DefaultVersion
	}
	if sub == "" {
		sub = DefaultSubVersion
	}
	networks := make([]object, len(networkNames))
	for i, name := range networkNames {
		networks[i] = object{
			{"name", name},
			{"limited", true},
			{"reachable", false},
			{"proxy", ""},
			{"proxy_randomize_credentials", false},
		}
	}
	o := object{
		{"version", version},
		{"subversion", sub},
		{"protocolversion", protocolVersion},
		{"localservices", "0000000000000000"},
		{"localservicesnames", []string{}},
		{"localrelay", false},
		{"timeoffset", 0},
		{"networkactive", false},
		{"connections", 0},
		{"connections_in", 0},
		{"connections_out", 0},
		{"networks", networks},
	}
	if cfg.Node != nil {
		relay, incremental := cfg.Node.RelayFees()
		o = append(o, field{"relayfee", rpc.Amount(relay)}, field{"incrementalfee", rpc.Amount(incremental)})
	}
	return append(o, field{"localaddresses", []object{}}, field{"warnings", []string{}})
}
