// Package rpcerr owns Bitcoin Core's JSON-RPC error codes (src/rpc/protocol.h
// RPCErrorCode) and Error, the error value that carries one: a handler, the
// node or a wallet returns it (or any error with an RPCCode method, such as
// an error that crossed IPC) to choose the code a client sees, and ErrorCode
// reads it back.
//
// It is a leaf: it imports only the standard library, so rpc/, node/ and
// wallet/ all use it without depending on one another.
package rpcerr
