// Package nodeinit starts what bitcoind and bitcoin-node share: the JSON-RPC
// server, the node (chainstate, mempool, -loadblock, notifications), the
// node's RPC methods and the -ipcbind listeners. The executables add the
// wallet: in process (bitcoind) or in a bitcoin-wallet child (bitcoin-node).
// It imports node code and so must not be linked into bitcoin-wallet.
package nodeinit
