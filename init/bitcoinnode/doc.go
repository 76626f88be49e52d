// Package bitcoinnode is bitcoin-node: the node without wallet code. It
// serves its Init to a spawning parent (-ipcfd), to clients of -ipcbind
// sockets, and runs the JSON-RPC server; echoipc spawns a child bitcoin-node
// to echo through. It must not import wallet packages.
package bitcoinnode
