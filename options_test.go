package bulkhead_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/bitcoinwallet"
	"github.com/bulkhead-btc/bulkhead/init/nodeinit"
)

var updateDocs = flag.Bool("update", false, "rewrite docs/options.md from the option tables")

// coreFact is one line of test/core-options.txt: what Bitcoin Core says
// about one of its options.
type coreFact struct {
	Name     string
	Category string // Core's OptionsCategory
	Flags    []string
	Exes     []string
}

// coreCategories maps Core's OptionsCategory names to -help headings.
var coreCategories = map[string]string{
	"OPTIONS": args.CatOptions, "CONNECTION": args.CatConnection, "WALLET": args.CatWallet,
	"WALLET_DEBUG_TEST": args.CatWalletDebug, "ZMQ": args.CatZMQ, "DEBUG_TEST": args.CatDebug,
	"CHAINPARAMS": args.CatChain, "NODE_RELAY": args.CatRelay, "BLOCK_CREATION": args.CatBlockCreation,
	"RPC": args.CatRPC, "GUI": args.CatGUI, "COMMANDS": args.CatCommands, "CLI_COMMANDS": args.CatCLI,
	"IPC": args.CatIPC, "COMMAND_OPTIONS": args.CatOptions, "HIDDEN": args.CatHidden,
}

// readCoreFacts reads test/core-options.txt, which scripts/core-options.py
// writes from Bitcoin Core's source.
func readCoreFacts(t *testing.T) []coreFact {
	t.Helper()
	f, err := os.Open("test/core-options.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []coreFact
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 4 {
			t.Fatalf("test/core-options.txt: bad line %q", line)
		}
		fact := coreFact{Name: fs[0], Category: fs[1], Exes: strings.Split(fs[3], ",")}
		if fs[2] != "-" {
			fact.Flags = strings.Split(fs[2], ",")
		}
		if _, ok := coreCategories[fact.Category]; !ok {
			t.Fatalf("test/core-options.txt: unknown category in %q", line)
		}
		out = append(out, fact)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 150 {
		t.Fatalf("only %d options in test/core-options.txt", len(out))
	}
	return out
}

// executables are the option sets of the executables Core's facts name.
func executables() map[string]*args.Args {
	return map[string]*args.Args{
		"bitcoind":       nodeinit.NewArgs(),
		"bitcoin-node":   nodeinit.NewArgs(),
		"bitcoin-wallet": bitcoinwallet.NewArgs(),
	}
}

// TestOptionsMatchCore: every option Bitcoin Core's bitcoind, bitcoin-node
// and bitcoin-wallet register is recognised by ours, and each is
// implemented, or has no effect or takes limited values for a reason. The
// node's options keep Core's -help category and flags (debug-only,
// network-only, sensitive, no negation, needs a value); bitcoin-wallet,
// which is also the wallet process, only has to know them.
func TestOptionsMatchCore(t *testing.T) {
	facts := readCoreFacts(t)
	for exe, a := range executables() {
		n := 0
		for _, f := range facts {
			if !slices.Contains(f.Exes, exe) {
				continue
			}
			n++
			o, ok := a.Option(f.Name)
			if !ok {
				t.Errorf("%s: -%s (Core: %s) is not recognised", exe, f.Name, f.Category)
				continue
			}
			if o.Support != args.Implemented && o.Reason == "" {
				t.Errorf("%s: -%s is %s without a reason", exe, f.Name, o.Support)
			}
			if exe == "bitcoin-wallet" {
				continue
			}
			if want := coreCategories[f.Category]; o.Category != want {
				t.Errorf("%s: -%s is in %q, Core lists it in %q", exe, f.Name, o.Category, want)
			}
			for flag, got := range map[string]bool{"debug": o.Debug, "network-only": o.NetworkOnly,
				"sensitive": o.Sensitive, "no-negation": o.NoNegate, "needs-value": o.NeedsValue} {
				if want := slices.Contains(f.Flags, flag); got != want {
					t.Errorf("%s: -%s %s is %v, Core's is %v", exe, f.Name, flag, got, want)
				}
			}
		}
		if n < 10 {
			t.Errorf("test/core-options.txt has %d options of %s", n, exe)
		}
	}
}

// bulkheadOnly explains each option of bitcoind and bitcoin-node that
// Core master's bitcoind does not have. TestOptionsDoc fails on one that
// is not explained here.
var bulkheadOnly = map[string]string{
	"ipcbind":                 "Core's bitcoin-node has it, its bitcoind not; ours also serves TLS over TCP (`tcp:HOST:PORT`)",
	"ipcconnect":              "a client option (bitcoin-cli, bitcoin-wallet); the node does not read it",
	"ipccredentials":          "a client option (bitcoin-cli, bitcoin-wallet); the node does not read it",
	"ipcfd":                   "hidden: the socket a spawned bitcoin-wallet gets from its node",
	"ipcnewclient":            "authorises a TCP IPC client and exits (docs/multiprocess.md)",
	"ipcrevokeclient":         "removes a TCP IPC client and exits (docs/multiprocess.md)",
	"ipcmaxclientconnections": "bounds the IPC connections of one client",
	"ipcmaxpendingcalls":      "bounds the calls one IPC connection runs at once",
	"ipctimeout":              "IPC TCP keepalive and handshake timeout",
	"walletrestart":           "bitcoin-node restarts a dead wallet process",
	"paytxfee":                "removed from Core master; Bulkhead's wallet still honours it (getwalletinfo shows it)",
}

// TestOptionsDoc keeps docs/options.md as the option tables make it
// (go test -run TestOptionsDoc -update . rewrites it).
func TestOptionsDoc(t *testing.T) {
	facts := readCoreFacts(t)
	node := nodeinit.NewArgs()
	core := map[string]bool{}
	for _, f := range facts {
		if slices.Contains(f.Exes, "bitcoind") {
			core[f.Name] = true
		}
	}
	var extra []string
	for _, o := range node.Options() {
		if !core[o.Name] {
			if _, ok := bulkheadOnly[o.Name]; !ok {
				t.Errorf("-%s is not one of Core's options: explain it in bulkheadOnly", o.Name)
			}
			extra = append(extra, o.Name)
		}
	}
	got := optionsDoc(node, bitcoinwallet.NewArgs(), facts, extra)
	const path = "docs/options.md"
	if *updateDocs {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("%s is not what the option tables say (err %v): run go test -run TestOptionsDoc -update .", path, err)
	}
}

// optionsDoc renders docs/options.md.
func optionsDoc(node, wallet *args.Args, facts []coreFact, extra []string) string {
	var b strings.Builder
	b.WriteString(`# Options

<!-- Generated by TestOptionsDoc (options_test.go) from the option tables; do not edit. -->

Bulkhead's ` + "`bitcoind`" + ` and ` + "`bitcoin-node`" + ` recognise every option of Bitcoin Core
master's ` + "`bitcoind`" + ` and ` + "`bitcoin-node`" + ` (the list, with Core's -help categories
and flags, is in [test/core-options.txt](../test/core-options.txt), read from Core's
source by ` + "`scripts/core-options.py`" + `; a test fails when one is missing). Each
option is one of:

- **implemented**: it does what Core's does;
- **no effect**: accepted, and when it is set (on the command line, in
  ` + "`bitcoin.conf`" + ` or in ` + "`settings.json`" + `) the node logs once at start-up
  ` + "`option -X is accepted for compatibility and has no effect`" + `;
- **limited**: only the values listed are accepted, because for them
  Bulkhead behaves as Core does; any other value stops the node at start-up
  with ` + "`Error: -X=V is not supported: REASON`" + `.

` + "`-help`" + ` and ` + "`-help-debug`" + ` print the options in Core's layout; an option
that is not implemented ends its text with a "(Bulkhead: …)" note.

`)
	var noEffect, limited, implemented []args.Option
	for _, o := range node.Options() {
		switch o.Support {
		case args.NoEffect:
			noEffect = append(noEffect, o)
		case args.Limited:
			limited = append(limited, o)
		default:
			implemented = append(implemented, o)
		}
	}
	byName := func(x, y args.Option) int { return strings.Compare(x.Name, y.Name) }
	slices.SortFunc(noEffect, byName)
	slices.SortFunc(limited, byName)
	slices.SortFunc(implemented, byName)

	b.WriteString("## bitcoind and bitcoin-node\n\n### Limited\n\n| option | accepted | reason |\n|---|---|---|\n")
	for _, o := range limited {
		acc := "none"
		if len(o.Accepts) > 0 {
			forms := make([]string, len(o.Accepts))
			for i, v := range o.Accepts {
				forms[i] = "`-" + o.Name + "=" + v + "`"
			}
			acc = strings.Join(forms, ", ")
		}
		if !o.NoNegate && o.TakesValue(true, "") {
			acc = "`-no" + o.Name + "`, " + acc
		}
		fmt.Fprintf(&b, "| `-%s` | %s | %s |\n", o.Name, strings.TrimSuffix(acc, ", none"), o.Reason)
	}
	b.WriteString("\n### No effect\n\n| option | reason |\n|---|---|\n")
	for _, o := range noEffect {
		fmt.Fprintf(&b, "| `-%s` | %s |\n", o.Name, o.Reason)
	}
	b.WriteString("\n### Implemented\n\n")
	names := make([]string, len(implemented))
	for i, o := range implemented {
		names[i] = "`-" + o.Name + "`"
	}
	b.WriteString(strings.Join(names, ", ") + ".\n")
	b.WriteString("\n### Not in Core master's bitcoind\n\n| option | why Bulkhead has it |\n|---|---|\n")
	slices.Sort(extra)
	for _, n := range extra {
		fmt.Fprintf(&b, "| `-%s` | %s |\n", n, bulkheadOnly[n])
	}

	b.WriteString("\n## bitcoin-wallet\n\nbitcoin-wallet is the offline wallet tool, the wallet process bitcoin-node\n" +
		"spawns, and a wallet attached to a running node (`-ipcconnect`). It\n" +
		"recognises the options of Core's bitcoin-wallet")
	var wl []string
	for _, f := range facts {
		if slices.Contains(f.Exes, "bitcoin-wallet") {
			if o, ok := wallet.Option(f.Name); ok && o.Support != args.Implemented {
				wl = append(wl, fmt.Sprintf("| `-%s` | %s | %s |\n", o.Name, o.Support, o.Reason))
			}
		}
	}
	if len(wl) == 0 {
		b.WriteString(", and implements all of them.\n")
	} else {
		b.WriteString("; these are not implemented:\n\n| option | class | reason |\n|---|---|---|\n" + strings.Join(wl, ""))
	}
	return b.String()
}
