package base

import (
	"path/filepath"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// WalletOptionNames are the wallet options (Core's AddWalletOptions) that
// Bulkhead's wallets honour, in bitcoind, bitcoin-node and an attached
// bitcoin-wallet.
var WalletOptionNames = []string{"wallet", "walletdir", "fallbackfee", "addresstype", "changetype", "keypool",
	"spendzeroconfchange", "txconfirmtarget", "walletrbf", "mintxfee", "paytxfee", "discardfee", "maxtxfee"}

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

// Setting is an option's values as Chain.GetSetting reports them: every
// value, or "0" for a negated bool option (-noNAME reads as false, as
// Core's GetBoolArg), or nothing for another negated option.
func Setting(a *args.Args, name string) []string {
	if a.IsNegated(name) {
		if o, ok := a.Option(name); ok && o.Kind == args.Bool {
			return []string{"0"}
		}
		return nil
	}
	return a.GetAll(name)
}
