// Package bitcoind is bitcoind: node and wallet in one process, the wallet
// calling the node's Chain directly. The wallet code is the same as
// bitcoin-wallet's; only the process boundary is missing.
package bitcoind
