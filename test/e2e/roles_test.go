package e2e

import (
	"strings"
	"testing"
)

// TestRolesReachOnlyWhatTheyMay keeps docs/multiprocess.md's security
// model true: for each kind of client, a real node refuses what the table
// says it cannot reach. (The node's spawned wallet process reaches only
// the Chain its node hands it: ipc/capnp's TestConnectingSideServesNothing
// and nodeinit's TestWalletSettingsAllowList.)
func TestRolesReachOnlyWhatTheyMay(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startAttackNode(t, exe, "-rpcwhitelist=desk:getblockcount", "-rpcwhitelistdefault=0")
		n.MustCLI("createwallet", "A")
		refused := func(t *testing.T, what string, err error, want string) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v; want a refusal saying %q", what, err, want)
			}
		}
		// walletClient checks what every wallet client (a wallet
		// credential, a local process) must not do through the Chain.
		walletClient := func(t *testing.T, atk *attacker) {
			t.Helper()
			for _, name := range []string{"rpcpassword", "rpcauth", "rpccookiefile", "datadir", "netdatadir", "walletdir", "ipcbind"} {
				vals, err := atk.Setting(name)
				if len(vals) > 0 {
					t.Errorf("getSetting(%s) = %q", name, vals)
				}
				refused(t, "getSetting("+name+")", err, "reads only the wallet, chain and relay options")
			}
			_, err := atk.Register("stop", &spy{})
			refused(t, "registering stop", err, "is not a wallet method")
			atk.RegisterAll(&spy{Wallets: []string{"A"}}, "listwallets", "getbalance")
			_, err = atk.Claim("A")
			refused(t, "claiming the node's wallet A", err, "is already loaded by another wallet process")
			if ok, err := atk.Chain().UpdateWalletSetting(atk.ctx, "mine", true); ok || err != nil {
				t.Errorf("changing the node's start-up wallets: %v, %v", ok, err)
			}
		}

		t.Run("wallet", func(t *testing.T) {
			atk := n.attack(t, "tls", "laptop:wallet")
			_, err := atk.Rpc()
			refused(t, "makeRpc", err, `client "laptop" (role wallet) may not call Init.makeRpc`)
			walletClient(t, atk)
		})
		t.Run("gui", func(t *testing.T) {
			atk := n.attack(t, "tls", "desk:gui")
			refused(t, "makeChain", atk.TryChain(), `client "desk" (role gui) may not call Init.makeChain`)
			if got := atk.RPC(`{"method":"getblockchaininfo","id":1}`, "__cookie__"); got != "null" {
				t.Errorf("an RPC its credential's whitelist refuses, sent as the cookie user: %.80s", got)
			}
			if got := atk.RPC(`{"method":"getblockcount","id":1}`, ""); !strings.Contains(got, `"result":0`) {
				t.Errorf("an RPC its whitelist allows: %s", got)
			}
		})
		t.Run("miner", func(t *testing.T) {
			atk := n.attack(t, "tls", "rig:miner")
			refused(t, "makeChain", atk.TryChain(), `client "rig" (role miner) may not call Init.makeChain`)
			_, err := atk.Rpc()
			refused(t, "makeRpc", err, `client "rig" (role miner) may not call Init.makeRpc`)
		})
		t.Run("local", func(t *testing.T) {
			atk := n.attack(t, "unix", "")
			if _, err := atk.Rpc(); err != nil {
				t.Errorf("a local process's makeRpc: %v", err)
			}
			walletClient(t, atk)
		})
		n.Stop()
	})
}
