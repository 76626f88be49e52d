package e2e

import (
	"strings"
	"testing"
)

// TestIPCRPCUserIsTheIdentity (issue 9, item 7): a client of the node's
// Rpc interface does not choose the RPC user -rpcwhitelist applies to. A
// gui credential is the RPC user of its name, a local process the cookie
// user, whatever user it sends: "", "__cookie__", another credential's
// name or an unrestricted user.
func TestIPCRPCUserIsTheIdentity(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		// desk may call getblockcount only, the cookie user uptime and
		// getblockcount; other users are not restricted
		// (-rpcwhitelistdefault=0).
		n := startAttackNode(t, exe, "-rpcwhitelist=desk:getblockcount", "-rpcwhitelist=__cookie__:uptime,getblockcount",
			"-rpcwhitelistdefault=0")
		const allowed = `{"method":"getblockcount","id":1}`
		const forbidden = `{"method":"getblockchaininfo","id":1}`
		for _, via := range transports {
			t.Run(via, func(t *testing.T) {
				atk := n.attack(t, via, "desk:gui")
				if got := atk.RPC(allowed, ""); !strings.Contains(got, `"result":0`) {
					t.Errorf("getblockcount, which the whitelist allows: %s", got)
				}
				for _, user := range []string{"", "__cookie__", "desk", "nobody", "alice"} {
					if got := atk.RPC(forbidden, user); got != "null" {
						t.Errorf("getblockchaininfo sent as user %q was run: %.80s", user, got)
					}
				}
			})
		}
		if out := n.Output(); !strings.Contains(out, "RPC User desk not allowed to call method getblockchaininfo") ||
			!strings.Contains(out, "RPC User __cookie__ not allowed to call method getblockchaininfo") {
			t.Errorf("the node did not log the refusals under the credential's and the cookie's user:\n%s", out)
		}
		n.Stop()
	})
}
