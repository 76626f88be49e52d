// Package rpc is Bulkhead's JSON-RPC server, shaped like Bitcoin Core's
// httprpc.cpp, rpc/server.cpp and rpc/request.cpp: the method table (registered and unregistered at run time, several handlers per
// name as Core's wallet dispatch needs), named-argument mapping, JSON-RPC 1.0
// and 2.0 replies with Core's HTTP status rules, batches, /wallet/<name>
// endpoints, HTTP basic authentication with -rpcuser/-rpcpassword, -rpcauth
// and the .cookie file, -rpcbind/-rpcallowip, the warmup state and the
// control methods help, stop, uptime and getrpcinfo. HandlePrefix serves
// other paths on the same listener without authentication (Core's
// RegisterHTTPHandler; the REST interface, rpc/rest).
//
// Handlers return plain Go values, marshalled with encoding/json and then
// rewritten to Core's exact JSON text (Amount gives Core's money format), or
// errors, whose code the client sees is Core's from package rpcerr
// (rpcerr.ErrorCode). RegisterForward adds methods served elsewhere (a
// wallet's, through Chain.HandleRPC). Execute runs the same dispatch without HTTP for interfaces.Rpc (bitcoin-cli
// -ipcconnect).
//
// rpc imports only the standard library, interfaces, its own packages and
// the leaf common/amount. It must not import node/, wallet/, ipc/ or the
// rest of common/: settings arrive as plain values in Config.
package rpc
