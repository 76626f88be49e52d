// Package bitcoinwallet is bitcoin-wallet: the wallet without node code.
// Spawned by bitcoin-node with -ipcfd, it serves an Init whose
// MakeWalletLoader runs the wallets on top of the node's Chain (received as a
// capability), logging to the node's debug.log and exiting when the node's
// connection closes. It must not import node packages.
package bitcoinwallet
