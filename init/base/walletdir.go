package base

import (
	"path/filepath"
)

// WalletOptionNames are the wallet options (Core's AddWalletOptions) that
// Bulkhead's wallets honour, in bitcoind, bitcoin-node and an attached
// bitcoin-wallet.
var WalletOptionNames = []string{"wallet", "walletdir", "fallbackfee", "addresstype", "changetype", "keypool",
	"spendzeroconfchange", "txconfirmtarget", "walletrbf", "walletbroadcast", "mintxfee", "paytxfee", "discardfee", "maxtxfee"}

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
