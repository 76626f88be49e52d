// Command bitcoin-wallet is the wallet without node code: the wallet process
// of bitcoin-node. See init/bitcoinwallet.
package main

import (
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/bitcoinwallet"
)

func main() { base.Main(bitcoinwallet.Run) }
