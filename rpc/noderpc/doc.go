// Package noderpc holds the node's JSON-RPC methods, one group per file as
// Bitcoin Core's src/rpc/*.cpp: blockchain.go, mempool.go (with
// sendrawtransaction, as Core's rpc/mempool.cpp), mining.go (the generate
// methods), rawtransaction.go, net.go, and node.go (the hidden test
// methods and Methods, which returns them all), invalidate.go (the hidden
// invalidateblock and reconsiderblock) and zmq.go (getzmqnotifications).
// shared.go exports the JSON the REST interface shares with these methods.
// Results have Core's field names and order (encode.go: TxToUniv,
// ScriptToUniv with Core's asm and inferred descriptors, block and header
// JSON), errors Core's codes and messages, help Core's RPCHelpMan layout
// (help.go).
//
// It builds on package rpc's server and serves the chain state of package
// node (*node.Node); it never imports wallet code, so only node-side
// executables link it.
package noderpc
