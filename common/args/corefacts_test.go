package args

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

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
	"OPTIONS": CatOptions, "CONNECTION": CatConnection, "WALLET": CatWallet,
	"WALLET_DEBUG_TEST": CatWalletDebug, "ZMQ": CatZMQ, "DEBUG_TEST": CatDebug,
	"CHAINPARAMS": CatChain, "NODE_RELAY": CatRelay, "BLOCK_CREATION": CatBlockCreation,
	"RPC": CatRPC, "GUI": CatGUI, "COMMANDS": CatCommands, "CLI_COMMANDS": CatCLI,
	"IPC": CatIPC, "COMMAND_OPTIONS": CatOptions, "HIDDEN": CatHidden,
}

// readCoreFacts reads test/core-options.txt (written by
// scripts/core-options.py from Core's source).
func readCoreFacts(t *testing.T) []coreFact {
	t.Helper()
	f, err := os.Open("../../test/core-options.txt")
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
			t.Fatalf("bad line %q", line)
		}
		fact := coreFact{Name: fs[0], Category: fs[1], Exes: strings.Split(fs[3], ",")}
		if fs[2] != "-" {
			fact.Flags = strings.Split(fs[2], ",")
		}
		if _, ok := coreCategories[fact.Category]; !ok {
			t.Fatalf("unknown category in %q", line)
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

// CheckCoreFacts reports every way the option set a differs from what Core
// says of exe's options: a missing option, another -help category, or
// another debug-only, network-only, sensitive, no-negation or needs-value
// flag.
func checkCoreFacts(t *testing.T, facts []coreFact, exe string, a *Args) {
	t.Helper()
	n := 0
	for _, f := range facts {
		if !slices.Contains(f.Exes, exe) {
			continue
		}
		n++
		o, ok := a.Option(f.Name)
		if !ok {
			t.Errorf("%s: -%s is missing (Core: %s)", exe, f.Name, f.Category)
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
		if o.Support != Implemented && o.Reason == "" {
			t.Errorf("%s: -%s is %s without a reason", exe, f.Name, o.Support)
		}
	}
	if n == 0 {
		t.Errorf("test/core-options.txt has no option of %s", exe)
	}
}

// TestCoreServerMatchesCore: Common and CoreServer hold every option of
// Core's bitcoind and bitcoin-node, with Core's categories and flags.
func TestCoreServerMatchesCore(t *testing.T) {
	facts := readCoreFacts(t)
	a := New(Common, CoreServer)
	checkCoreFacts(t, facts, "bitcoind", a)
	checkCoreFacts(t, facts, "bitcoin-node", a)
}
