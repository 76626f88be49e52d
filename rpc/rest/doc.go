// Package rest is Bitcoin Core's REST interface (src/rest.cpp,
// doc/REST-interface.md), served with -rest by the JSON-RPC server's HTTP
// listener (rpc.Server.HandlePrefix), without authentication, through the
// same -rpcallowip filter and work queue:
//
//	/rest/tx/<txid>.<bin|hex|json>
//	/rest/block/<hash>.<bin|hex|json>, /rest/block/notxdetails/<hash>.<…>
//	/rest/blockpart/<hash>.<bin|hex>?offset=<n>&size=<n>
//	/rest/headers/<hash>.<bin|hex|json>?count=<n> (and /headers/<count>/<hash>)
//	/rest/blockhashbyheight/<height>.<bin|hex|json>
//	/rest/chaininfo.json, /rest/mempool/info.json, /rest/mempool/contents.json
//	/rest/getutxos[/checkmempool]/<txid>-<n>/….<bin|hex|json> (or a BIP64 body)
//	/rest/spenttxouts/<hash>.<bin|hex|json>
//	/rest/blockfilter/…, /rest/blockfilterheaders/…
//
// Replies have Core's bytes, JSON (the same encoders as the RPC methods,
// rpc/noderpc), content types, Cache-Control headers, and for bad paths,
// hashes, counts and formats Core's HTTP status and text. The node keeps
// no transaction index, so /tx finds mempool transactions only, as Core
// without -txindex; it keeps no block filter index, so the filter
// endpoints answer Core's "Index is not enabled for filtertype basic";
// /spenttxouts reads btcd's spend journal, which exists for blocks of the
// active chain only (others: "undo not available"). /deploymentinfo is not
// served (there is no getdeploymentinfo yet): 404 as any unknown path.
//
// rest imports rpc, rpc/noderpc (the JSON) and node.
package rest
