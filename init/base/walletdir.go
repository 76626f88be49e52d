package base

import (
	"path/filepath"
)

// WalletOptionNames are the wallet options (Core's AddWalletOptions) that
// Bulkhead's wallets honour, in bitcoind, bitcoin-node and an attached
// bitcoin-wallet.
var WalletOptionNames = []string{"wallet", "walletdir", "fallbackfee", "addresstype", "changetype", "keypool",
	"spendzeroconfchange", "txconfirmtarget", "walletrbf", "walletbroadcast", "mintxfee", "paytxfee", "discardfee", "maxtxfee"}

// NetDataDirSetting is the pseudo-setting (Chain.GetSetting) that tells the
// node's own wallet process where the node's network data directory is:
// its wallets and debug.log are there.
const NetDataDirSetting = "netdatadir"

// WalletPathOptionNames are the wallet options that name files or wallets
// of the node's data directory: only the node's own wallet process reads
// them from the node.
var WalletPathOptionNames = []string{"wallet", "walletdir"}

// WalletLogOptionNames are the logging options a spawned wallet process
// takes from its node (Chain.GetSetting), so that its lines in the node's
// debug.log follow the node's -debug and -loglevel.
var WalletLogOptionNames = []string{"debug", "debugexclude", "loglevel", "logtimemicros", "logthreadnames"}

// WalletDir is where a node's wallets live: -walletdir, else
// <netdatadir>/wallets, as Core.
func WalletDir(walletDirSetting []string, netDataDir string) string {
	if n := len(walletDirSetting); n > 0 && walletDirSetting[n-1] != "" {
		dir := walletDirSetting[n-1]
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(netDataDir, dir)
		}
		return dir
	}
	return filepath.Join(netDataDir, "wallets")
}
