package walletrpc

import (
	"strings"
	"testing"
)

// TestLoadOnStartup: createwallet, loadwallet and unloadwallet with
// load_on_startup add the wallet to, or remove it from, the node's
// start-up list; null or absent leaves it alone; when the node cannot
// write it, Core's warnings say so.
func TestLoadOnStartup(t *testing.T) {
	e := newEnv(t)
	startup := func() string {
		v, _ := e.chain.GetSetting(e.ctx, "wallet")
		return strings.Join(v, ",")
	}
	step := func(want string, raw []byte) {
		t.Helper()
		if got := startup(); got != want {
			t.Fatalf("start-up wallets %q, want %q (result %s)", got, want, raw)
		}
		if strings.Contains(string(raw), "warnings") {
			t.Fatalf("unexpected warnings: %s", raw)
		}
	}
	step("a", e.must("", "createwallet", "a", nil, nil, nil, nil, nil, true))
	step("a", e.must("", "createwallet", "b", nil, nil, nil, nil, nil, nil))
	step("a,c", e.must("", "createwallet", "c", nil, nil, nil, nil, nil, true))
	step("c", e.must("", "unloadwallet", "a", false))
	step("c,a", e.must("", "loadwallet", "a", true))
	step("c,a", e.must("", "unloadwallet", "a"))
	step("c,a,b", e.must("", "unloadwallet", "b", true))
	step("c,b", e.must("", "loadwallet", "a", false))
	step("c,b", e.must("", "createwallet", "d", nil, nil, nil, nil, nil, false))
	e.wantErr(-3, "Wrong type passed:…", "", "unloadwallet", "d", "yes")
	step("c,b", e.must("", "loadwallet", "b", nil))

	e.chain.SetSettingsReadOnly(true)
	const notAdded = "Wallet load on startup setting could not be updated, so wallet may not be loaded next node startup."
	const notRemoved = "Wallet load on startup setting could not be updated, so wallet may still be loaded next node startup."
	for _, tc := range []struct {
		method string
		params []any
		want   string
	}{
		{"createwallet", []any{"e", nil, nil, nil, nil, nil, true}, `{"name":"e","warnings":["` + notAdded + `"]}`},
		{"unloadwallet", []any{"c", false}, `{"warnings":["` + notRemoved + `"]}`},
		{"loadwallet", []any{"c", true}, `{"name":"c","warnings":["` + notAdded + `"]}`},
		{"unloadwallet", []any{"e"}, `{}`},
	} {
		if got := string(e.must("", tc.method, tc.params...)); got != tc.want {
			t.Errorf("%s %v = %s, want %s", tc.method, tc.params, got, tc.want)
		}
	}
	if got := startup(); got != "c,b" {
		t.Fatalf("start-up wallets %q after failed updates", got)
	}
}
