package e2e

import (
	"slices"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// clientSettings are the node options a wallet client (a wallet
// credential over TLS, or a local process on the unix socket) may read
// through Chain.getSetting: the wallet options that are no paths or
// wallet names, the chain, and fee and relay policy. This is the test's
// own statement of docs/multiprocess.md, not the node's table.
var clientSettings = map[string]bool{
	"fallbackfee": true, "addresstype": true, "changetype": true, "keypool": true, "spendzeroconfchange": true,
	"txconfirmtarget": true, "walletrbf": true, "walletbroadcast": true, "mintxfee": true, "paytxfee": true,
	"discardfee": true, "maxtxfee": true,
	"chain": true, "regtest": true, "testnet": true, "testnet4": true, "signet": true, "signetchallenge": true,
	"minrelaytxfee": true, "incrementalrelayfee": true, "dustrelayfee": true, "datacarrier": true,
	"datacarriersize": true, "permitbaremultisig": true, "acceptnonstdtxn": true,
}

// secretSettings are the options that must never reach a client: RPC
// credentials and paths (the node's own wallet process gets the data
// directory, which no client does).
var secretSettings = []string{"rpcpassword", "rpcuser", "rpcauth", "rpcwhitelist", "rpcwhitelistdefault", "rpccookiefile",
	"rpcport", "rpcbind", "rpcallowip", "datadir", "netdatadir", "walletdir", "wallet", "conf", "ipcbind", "debuglogfile"}

// TestWalletClientsReadNoSecrets (issue 9, item 2): a client holding a
// wallet credential, or a local process, asks Chain.getSetting for every
// option the node knows (and the data directory). Only the options a
// wallet needs come back; RPC credentials, ports and paths never do.
func TestWalletClientsReadNoSecrets(t *testing.T) {
	forEachShapeAndTransport(t, func(t *testing.T, exe, via string) {
		conf := "rpcuser=alice\nrpcpassword=alice-secret\nrpcauth=bob:00ff$beef\nrpcwhitelist=bob:getblockcount\nrpcwhitelistdefault=0\n"
		n := startAttackNodeConf(t, exe, conf, "-rpccookiefile=cookie-path", "-keypool=7", "-minrelaytxfee=0.00002",
			"-debug=ipc", "-wallet=w", "-walletdir=wallets-elsewhere")
		atk := n.attack(t, via, "mallory:wallet")
		names := []string{"netdatadir"}
		for _, o := range slices.Concat(args.Common, args.CoreServer, args.AttachedWallet) {
			names = append(names, o.Name)
		}
		var served []string
		for _, name := range names {
			vals, err := atk.Setting(name)
			switch {
			case len(vals) == 0:
			case !clientSettings[name]:
				t.Errorf("getSetting(%q) = %q: a wallet client read a node option a wallet does not need", name, vals)
			default:
				served = append(served, name)
			}
			if err != nil && clientSettings[name] {
				t.Errorf("getSetting(%q): %v", name, err)
			}
		}
		t.Logf("options served: %v", served)
		for _, name := range secretSettings {
			if vals, _ := atk.Setting(name); len(vals) > 0 {
				t.Errorf("getSetting(%q) = %q", name, vals)
			}
		}
		// What a wallet needs still comes back.
		for name, want := range map[string]string{"fallbackfee": "0.0002", "keypool": "7", "minrelaytxfee": "0.00002", "regtest": ""} {
			if vals, err := atk.Setting(name); err != nil || !slices.Equal(vals, []string{want}) {
				t.Errorf("getSetting(%q) = %q, %v; want %s", name, vals, err, want)
			}
		}
		n.Stop()
	})
}
