package nodeinit

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// settingsNode is a regtest node whose every option has a value once it
// has started (value, or "value of NAME"); from then on it records the
// names it is asked for.
type settingsNode struct {
	mu      sync.Mutex
	started bool
	asked   []string
	value   func(name string) []string
}

func (s *settingsNode) settings(name string) []string {
	s.mu.Lock()
	started := s.started
	if started {
		s.asked = append(s.asked, name)
	}
	s.mu.Unlock()
	switch {
	case !started:
		return nil
	case s.value != nil:
		return s.value(name)
	}
	return []string{"value of " + name}
}

func newSettingsNode(t *testing.T, s *settingsNode) *WalletClients {
	t.Helper()
	params, err := chainparams.For(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(&node.Config{Chain: params, DataDir: t.TempDir(), Settings: s.settings})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	s.mu.Lock()
	s.started = true
	s.mu.Unlock()
	return NewWalletClients(n.Chain(), nil)
}

// TestWalletSettingsAllowList: an attached wallet process reads the wallet,
// chain and relay options and nothing else; the node's own wallet process
// also its paths and logging options; neither ever an RPC credential.
func TestWalletSettingsAllowList(t *testing.T) {
	wc := newSettingsNode(t, &settingsNode{})
	ctx := context.Background()
	own, attached := wc.NewOwnClient("own"), wc.NewClient("p", "id")
	for _, tc := range []struct {
		name          string
		own, attached bool
	}{
		{"fallbackfee", true, true}, {"keypool", true, true}, {"walletrbf", true, true}, {"minrelaytxfee", true, true},
		{"chain", true, true}, {"regtest", true, true},
		{"netdatadir", true, false}, {"walletdir", true, false}, {"wallet", true, false}, {"debug", true, false},
		{"loglevel", true, false},
		{"rpcpassword", false, false}, {"rpcuser", false, false}, {"rpcauth", false, false}, {"rpcwhitelist", false, false},
		{"rpccookiefile", false, false}, {"rpcport", false, false}, {"datadir", false, false}, {"ipcbind", false, false},
		{"conf", false, false}, {"debuglogfile", false, false}, {"", false, false},
	} {
		for _, c := range []struct {
			who    string
			client *Client
			want   bool
		}{{"own", own, tc.own}, {"attached", attached, tc.attached}} {
			vals, err := c.client.GetSetting(ctx, tc.name)
			if c.want && (err != nil || len(vals) != 1) {
				t.Errorf("%s process reading %q: %q, %v", c.who, tc.name, vals, err)
			}
			if !c.want && (!errors.Is(err, ErrNotPermitted) || vals != nil) {
				t.Errorf("%s process reading %q: %q, %v; want ErrNotPermitted", c.who, tc.name, vals, err)
			}
		}
	}
}

// TestWalletSettingsCoverTheWallet: a real wallet loader on the node's own
// Client (as bitcoind's wallets, with every option set) loads: every
// option the wallet reads is one the node gives it.
func TestWalletSettingsCoverTheWallet(t *testing.T) {
	a := args.New(args.Common, args.CoreServer)
	argv := []string{"-fallbackfee=0.0002", "-paytxfee=0.0001", "-mintxfee=0.00001", "-maxtxfee=0.5", "-discardfee=0.0001",
		"-txconfirmtarget=3", "-walletrbf=0", "-spendzeroconfchange=0", "-walletbroadcast=0", "-addresstype=bech32m",
		"-changetype=bech32", "-keypool=3", "-wallet=w", "-rpcpassword=secret"}
	if err := a.ParseCommandLine(argv); err != nil {
		t.Fatal(err)
	}
	s := &settingsNode{value: func(name string) []string { return a.GetAll(name) }}
	wc := newSettingsNode(t, s)
	ctx := context.Background()
	own := wc.NewOwnClient("own")
	l, err := wallet.NewLoader(&wallet.Config{Chain: own, WalletDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Load(ctx); err != nil {
		t.Fatalf("loading with the node's settings: %v", err)
	}
	defer l.Stop(ctx)
	s.mu.Lock()
	asked := slices.Compact(slices.Sorted(slices.Values(s.asked)))
	s.mu.Unlock()
	for _, name := range asked {
		if !clientSettings[name] && !ownSettings[name] {
			t.Errorf("the node was asked for %q", name)
		}
	}
	if !slices.Contains(asked, "fallbackfee") || !slices.Contains(asked, "wallet") {
		t.Errorf("the wallet read %q", asked)
	}
}
