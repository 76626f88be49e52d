package args

import (
	"strings"
	"testing"
)

func TestOptionTables(t *testing.T) {
	seen := map[string]string{}
	for table, opts := range map[string][]Option{"Common": Common, "CoreServer": CoreServer} {
		for _, o := range opts {
			if prev, dup := seen[o.Name]; dup {
				t.Errorf("-%s in %s and %s", o.Name, prev, table)
			}
			seen[o.Name] = table
			if o.Name == "" || strings.ContainsAny(o.Name, ".= ") || strings.HasPrefix(o.Name, "-") {
				t.Errorf("bad option name %q", o.Name)
			}
			// -noX would be read as the negation of X.
			if strings.HasPrefix(o.Name, "no") {
				t.Errorf("-%s starts with \"no\"", o.Name)
			}
			if o.Category == "" {
				t.Errorf("-%s has no category", o.Name)
			}
			if o.Category != CatHidden && o.Help == "" {
				t.Errorf("-%s has no help", o.Name)
			}
			// CoreServer is the node's table before it claims what it
			// implements: everything in it says why it is not (yet).
			if table == "CoreServer" && (o.Support == Implemented || o.Reason == "") {
				t.Errorf("-%s in CoreServer is %s with reason %q", o.Name, o.Support, o.Reason)
			}
			if o.Support == Limited && o.Category != CatHidden && o.Help == "" {
				t.Errorf("-%s has no help", o.Name)
			}
		}
	}
	// Options the brief and Core require.
	for _, n := range []string{"datadir", "conf", "regtest", "testnet", "testnet4", "signet", "chain", "debug", "debugexclude", "loglevel", "printtoconsole", "logtimestamps", "logthreadnames", "logsourcelocations", "logips", "shrinkdebugfile", "help", "?", "version", "ipcbind", "ipcconnect", "ipcfd", "includeconf", "settings", "daemon", "daemonwait", "pid", "rpcport", "rpcuser", "rpcpassword", "rpccookiefile", "debuglogfile"} {
		if seen[n] != "Common" {
			t.Errorf("-%s not in Common", n)
		}
	}
	for _, n := range []string{"txindex", "prune", "port", "bind", "connect", "addnode", "rpcbind", "rpcallowip", "server", "wallet", "walletdir", "disablewallet", "zmqpubrawtx", "help-debug", "allowignoredconf", "fallbackfee"} {
		if seen[n] != "CoreServer" {
			t.Errorf("-%s not in CoreServer", n)
		}
	}
	// Core's NETWORK_ONLY options.
	a := New(Common, CoreServer)
	for _, n := range []string{"addnode", "bind", "connect", "port", "rpcbind", "rpcport", "wallet", "walletdir"} {
		if o, _ := a.Option(n); !o.NetworkOnly {
			t.Errorf("-%s not NetworkOnly", n)
		}
	}
}

func TestLaterTableOverrides(t *testing.T) {
	a := New(Common, []Option{{Name: "rpcport", Param: "<port>", Category: CatRPC, Help: "Connect to JSON-RPC on <port>"}})
	o, ok := a.Option("-rpcport")
	if !ok || o.Help != "Connect to JSON-RPC on <port>" || o.NetworkOnly {
		t.Errorf("override = %+v", o)
	}
	if strings.Count(a.HelpMessage(false), "-rpcport=") != 1 {
		t.Errorf("overridden option listed twice")
	}
	if _, ok := a.Option("nosuch"); ok {
		t.Errorf("Option(nosuch) found")
	}
}
