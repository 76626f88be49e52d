// Command bitcoin-cli sends JSON-RPC requests to a node, over HTTP or over
// IPC with -ipcconnect. See init/bitcoincli.
package main

import (
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/bitcoincli"
)

func main() { base.Main(bitcoincli.Run) }
