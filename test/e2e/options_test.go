package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/nodeinit"
	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// writeFrameworkConf writes the bitcoin.conf Bitcoin Core's functional test
// framework writes for node 0 (test_framework/util.py write_config).
func writeFrameworkConf(t *testing.T, n *node, p2pPort int, extra string) {
	t.Helper()
	conf := fmt.Sprintf("regtest=1\n[regtest]\nport=%d\nrpcport=%d\nrpcservertimeout=99000\nrpcdoccheck=1\nrpcthreads=2\n"+
		"fallbackfee=0.0002\nserver=1\nkeypool=1\ndiscover=0\ndnsseed=0\nfixedseeds=0\nlistenonion=0\n"+
		"peertimeout=999999999\nprinttoconsole=0\nnatpmp=0\nshrinkdebugfile=0\nunsafesqlitesync=1\nconnect=0\n"+
		"maxconnections=94\npar=2\nprevoutfetchthreads=1\n%s", p2pPort, n.Port, extra)
	if err := os.WriteFile(filepath.Join(n.Datadir, "bitcoin.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
}

// frameworkArgs are the arguments Core's framework starts node 0 with
// (test_node.py TestNode.__init__), -datadir and -regtest aside.
func frameworkArgs(p2pPort int) []string {
	return []string{"-logtimemicros", "-debug", "-debugexclude=leveldb", "-debugexclude=rand", "-uacomment=testnode0",
		"-logthreadnames", "-logsourcelocations", "-loglevel=trace", "-nologratelimit", "-v2transport=0",
		fmt.Sprintf("-bind=127.0.0.1:%d", p2pPort), fmt.Sprintf("-bind=127.0.0.1:%d=onion", p2pPort+1)}
}

// TestCoreFrameworkArgumentsStart: both shapes start with the bitcoin.conf
// and arguments Core's functional test framework gives a node, answer
// what the framework asks first (getblockchaininfo, setmocktime,
// syncwithvalidationinterfacequeue), report -uacomment in the user agent,
// follow mock time in the blocks they make, and log every option they
// ignore once.
func TestCoreFrameworkArgumentsStart(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := nodetest.NewNode(t, exe)
		p2p := nodetest.FreePort(t)
		writeFrameworkConf(t, n, p2p, "")
		n.Start(frameworkArgs(p2p)...)
		if got := n.MustCLI("getblockchaininfo"); !strings.Contains(got, `"chain": "regtest"`) {
			t.Errorf("getblockchaininfo: %s", got)
		}
		if sub := n.MustCLI("getnetworkinfo"); !strings.Contains(sub, `(testnode0)/"`) {
			t.Errorf("getnetworkinfo subversion lacks (testnode0): %s", sub)
		}
		const mock = 1_700_000_000
		n.MustCLI("setmocktime", fmt.Sprint(mock))
		hash := strings.TrimSpace(strings.Trim(strings.TrimSpace(n.MustCLI("generatetodescriptor", "1", "raw(51)")), "[]\" \n"))
		if hdr := n.MustCLI("getblockheader", hash); !strings.Contains(hdr, fmt.Sprintf(`"time": %d,`, mock)) {
			t.Errorf("block made at mock time %d: %s", mock, hdr)
		}
		n.MustCLI("syncwithvalidationinterfacequeue")
		n.Stop()
		log := readDebugLog(t, n)
		for _, name := range []string{"bind", "discover", "dnsseed", "fixedseeds", "listenonion", "peertimeout", "natpmp",
			"rpcdoccheck", "unsafesqlitesync", "maxconnections", "par", "prevoutfetchthreads", "v2transport", "port"} {
			if c := strings.Count(log, args.NoEffectLine(name)+"\n"); c != 1 {
				t.Errorf("%q logged %d times, want once", args.NoEffectLine(name), c)
			}
		}
		for _, name := range []string{"logtimemicros", "uacomment", "rpcservertimeout", "logratelimit", "connect", "debugexclude"} {
			if strings.Contains(log, "option -"+name+" ") {
				t.Errorf("-%s is implemented or accepted at its value, yet the log says it has no effect", name)
			}
		}
	})
}

// TestNoEffectOptionsLogOnce sets every option the node accepts without
// effect, on the command line and again in bitcoin.conf, and checks that
// the node starts and logs the line for each exactly once.
func TestNoEffectOptionsLogOnce(t *testing.T) {
	var cmdline []string
	var conf strings.Builder
	var names []string
	for _, o := range nodeinit.NewArgs().Options() {
		if o.Support != args.NoEffect {
			continue
		}
		names = append(names, o.Name)
		v := "1"
		if o.Kind == args.String || o.Kind == args.List || o.Kind == args.Path {
			v = "127.0.0.1:1"
		}
		cmdline = append(cmdline, "-"+o.Name+"="+v)
		// bitcoin-cli reads bitcoin.conf too, and honours these.
		if o.Name != "ipcconnect" && o.Name != "ipccredentials" {
			fmt.Fprintf(&conf, "%s=%s\n", o.Name, v)
		}
	}
	if len(names) < 50 {
		t.Fatalf("only %d options without effect: %v", len(names), names)
	}
	forEachShape(t, func(t *testing.T, exe string) {
		n := nodetest.NewNode(t, exe)
		if err := os.WriteFile(filepath.Join(n.Datadir, "bitcoin.conf"), []byte("[regtest]\n"+conf.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		n.Start(cmdline...)
		n.MustCLI("getblockcount")
		n.Stop()
		log := readDebugLog(t, n)
		for _, name := range names {
			if c := strings.Count(log, args.NoEffectLine(name)+"\n"); c != 1 {
				t.Errorf("%q logged %d times, want once", args.NoEffectLine(name), c)
			}
		}
	})
}

// TestUnsupportedValuesRefused: a Limited option with a value whose
// behaviour Bulkhead lacks stops the node at start-up with an error that
// says so; the values that match Core's behaviour start it.
func TestUnsupportedValuesRefused(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		dir := t.TempDir()
		for _, tc := range []struct{ arg, want string }{
			{"-prune=550", "Error: -prune=550 is not supported: Bulkhead does not prune: it keeps every block"},
			{"-txindex", "Error: -txindex is not supported: Bulkhead has no optional indexes yet"},
			{"-blocknotify=true", "Error: -blocknotify=true is not supported: no command is run when the best block changes"},
			{"-uacomment=a/b", "Error: User Agent comment (a/b) contains unsafe characters."},
		} {
			out, code := run(exe, "-regtest", "-datadir="+dir, tc.arg)
			if code != 1 || !strings.Contains(out, tc.want) {
				t.Errorf("%s %s: exit %d, %q; want exit 1 and %q", exe, tc.arg, code, out, tc.want)
			}
		}
		n := startNode(t, exe, "-prune=0", "-notxindex", "-norest", "-connect=0", "-nologratelimit", "-limitancestorcount=25")
		n.MustCLI("getblockcount")
	})
}

// readDebugLog returns the node's regtest debug.log.
func readDebugLog(t *testing.T, n *node) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.Datadir, "regtest", "debug.log"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
