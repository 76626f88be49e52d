// Package noderpc holds the node's JSON-RPC methods, one group per file as
// Bitcoin Core's src/rpc/*.cpp (node.go: the hidden test methods). It builds
// on package rpc's server and reaches the node through the interfaces it
// declares; it never imports wallet code.
package noderpc
