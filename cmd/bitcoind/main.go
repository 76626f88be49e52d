// Command bitcoind is the Bitcoin node with its wallet in one process. See
// init/bitcoind.
package main

import (
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/bitcoind"
)

func main() { base.Main(bitcoind.Run) }
