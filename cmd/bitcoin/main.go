// Command bitcoin is the wrapper that runs the other executables:
// bitcoin [-m] node|gui|rpc|wallet ARGS. See init/bitcoin.
package main

import (
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/bitcoin"
)

func main() { base.Main(bitcoin.Run) }
