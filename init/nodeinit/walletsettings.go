package nodeinit

import (
	"context"
	"slices"

	"github.com/bulkhead-btc/bulkhead/init/base"
)

// clientSettings are the node options every wallet process may read
// through Chain.GetSetting: the wallet options that name no file or wallet
// (Core's AddWalletOptions), the chain, and fee and relay policy. Nothing
// else: not the RPC credentials (-rpcuser, -rpcpassword, -rpcauth, the
// cookie file), not -rpcwhitelist, ports, addresses or paths.
var clientSettings = setOf(slices.Concat(
	slices.DeleteFunc(slices.Clone(base.WalletOptionNames), func(n string) bool {
		return slices.Contains(base.WalletPathOptionNames, n)
	}),
	[]string{"chain", "regtest", "testnet", "testnet4", "signet", "signetchallenge"},
	[]string{"minrelaytxfee", "incrementalrelayfee", "dustrelayfee", "datacarrier", "datacarriersize",
		"permitbaremultisig", "acceptnonstdtxn"},
))

// ownSettings are what the node's own wallet process (bitcoind's wallets,
// bitcoin-node's spawned bitcoin-wallet) reads beside clientSettings: its
// wallets live in the node's data directory (-walletdir, -wallet and the
// start-up list, base.NetDataDirSetting), and it logs into the node's debug.log
// with the node's logging options. An attached process has its own data
// directory and options (init/bitcoinwallet's localSettings), so none of
// these is for it: the node's paths stay on the node.
var ownSettings = setOf(slices.Concat(base.WalletPathOptionNames, base.WalletLogOptionNames, []string{base.NetDataDirSetting}))

func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// GetSetting answers the options a wallet process needs (clientSettings;
// the node's own process also ownSettings) and refuses every other.
func (c *Client) GetSetting(ctx context.Context, name string) ([]string, error) {
	if !clientSettings[name] && !(c.own && ownSettings[name]) {
		return nil, newError(ErrNotPermitted, "the node does not give wallet process %s its -%s setting: a wallet process reads only the wallet, chain and relay options", c.name, name)
	}
	return c.Chain.GetSetting(ctx, name)
}
