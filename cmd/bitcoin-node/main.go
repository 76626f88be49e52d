// Command bitcoin-node is the Bitcoin node without wallet code; it spawns
// bitcoin-wallet for wallets and serves IPC clients. See init/bitcoinnode.
package main

import (
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/bitcoinnode"
)

func main() { base.Main(bitcoinnode.Run) }
