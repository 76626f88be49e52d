package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// heading is a section heading of a help text as Core's RPCHelpMan lays
// them out: an unindented line ending in ':' after an empty line
// ("Arguments:", "Result:", "Result (for verbose = true):", "Examples:").
var heading = regexp.MustCompile(`(?m)^\n([A-Z][^\n]*:)$`)

// TestHelpSectionsAppearOnce asks the running node for the help of every
// listed method, node and wallet ones alike (in bitcoin-node the wallet's
// help arrives over IPC from its process), and fails when a section
// heading appears twice in one text. gettransaction's examples are
// compared whole with Core's.
func TestHelpSectionsAppearOnce(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe)
		var names []string
		for _, line := range strings.Split(n.MustCLI("help"), "\n") {
			if line == "" || strings.HasPrefix(line, "== ") {
				continue
			}
			names = append(names, strings.Fields(line)[0])
		}
		for _, want := range []string{"getblock", "uptime", "gettransaction", "listtransactions", "sendtoaddress"} {
			if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+want+" ") {
				t.Fatalf("help does not list %s: %v", want, names)
			}
		}
		for _, name := range names {
			text := n.MustCLI("help", name)
			seen := map[string]bool{}
			for _, m := range heading.FindAllStringSubmatch("\n"+text, -1) {
				if seen[m[1]] {
					t.Errorf("help %s has %q twice:\n%s", name, m[1], text)
				}
				seen[m[1]] = true
			}
		}
		const txid = `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d"`
		wantExamples := "\nExamples:\n" +
			"> bitcoin-cli gettransaction " + txid + "\n" +
			"> bitcoin-cli gettransaction " + txid + " true\n" +
			"> bitcoin-cli gettransaction " + txid + " false true\n" +
			`> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "gettransaction", "params": [` + txid +
			`]}' -H 'content-type: application/json' http://127.0.0.1:8332/`
		if got := n.MustCLI("help", "gettransaction"); !strings.HasSuffix(got, "\n}\n"+wantExamples) {
			t.Errorf("help gettransaction ends\n%s\nwant it to end with the result's \"}\" and\n%s", got[max(0, len(got)-len(wantExamples)-40):], wantExamples)
		}
	})
}
