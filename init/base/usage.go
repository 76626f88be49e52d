package base

import (
	"fmt"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// descriptions are the paragraphs -help prints between the version line
// and "Usage:", in Core's layout (each ends with an empty line).
var descriptions = map[string]string{
	"bitcoind": "bitcoind is Bulkhead's node with its wallet in the same process: it validates blocks and " +
		"transactions and serves JSON-RPC to clients such as bitcoin-cli.\n\n" +
		"Bulkhead has no P2P networking, REST or ZMQ yet; the options for them are accepted or refused as " +
		"docs/options.md says.\n\n",
	"bitcoin-node": "bitcoin-node is Bulkhead's node with its wallets in a separate bitcoin-wallet process, " +
		"which it starts and talks to over IPC; other processes may attach to it with -ipcbind.\n\n" +
		"Bulkhead has no P2P networking, REST or ZMQ yet; the options for them are accepted or refused as " +
		"docs/options.md says.\n\n",
	"bitcoin-wallet": "bitcoin-wallet is an offline tool for creating and inspecting Bulkhead wallet files, " +
		"and the wallet process of bitcoin-node (-ipcfd, or attached to a running node with -ipcconnect).\n\n" +
		"By default bitcoin-wallet acts on wallets in the default mainnet wallet directory in the datadir.\n\n" +
		"To change the target wallet, use the -datadir, -wallet and (test)chain selection arguments.\n\n",
}

// usageLines are the "Usage:" lines of each executable.
var usageLines = map[string]string{
	"bitcoin-wallet": "Usage: bitcoin-wallet [options] <command>\n\n\n", // Core adds an empty line
}

// Usage is the -help and -version text of an executable, in Core's layout:
// the version line, a description, "Usage: …", then the option groups
// (args.HelpMessage; -help-debug adds the debugging options).
func Usage(exeName string, a *args.Args) string {
	head := fmt.Sprintf("Bulkhead %s version %s\n", exeName, Version)
	if !a.HelpRequested() {
		return head + "Copyright (C) 2026 The Bulkhead developers\nDistributed under the MIT software license.\n"
	}
	usage, ok := usageLines[exeName]
	if !ok {
		usage = "Usage: " + exeName + " [options]\n\n"
	}
	return head + "\n" + descriptions[exeName] + usage + a.HelpMessage(a.IsSet("help-debug"))
}
