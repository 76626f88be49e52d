package args

// serverBulkhead are bitcoin-node options Bitcoin Core does not have.
var serverBulkhead = []Option{
	{Name: "walletrestart", Param: "<n>", Kind: Int, Category: CatWallet, Support: NoEffect, Reason: "only bitcoin-node, whose wallets run in their own process, uses it", Help: "bitcoin-node only: when the wallet process dies, start a new one and reload its wallets, up to <n> times in a row (waiting 1 s, 2 s, 4 s … up to 60 s between tries; a process that ran for a minute resets the count). 0 leaves wallet RPCs failing until loadwallet or createwallet (default: 0)"},
}

// AttachedWallet are the options of a bitcoin-wallet process that attaches
// to a running node (-ipcconnect).
var AttachedWallet = []Option{
	{Name: "ipcreconnect", Kind: Bool, Category: CatIPC, Help: "bitcoin-wallet: when the connection to the node is lost (node restarting, network cut), keep trying to reconnect (waiting 1 s, 2 s, 4 s … up to 30 s) and catch up, instead of exiting (default: 0)"},
}
