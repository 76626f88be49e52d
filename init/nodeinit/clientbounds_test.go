package nodeinit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	walletrpc "github.com/bulkhead-btc/bulkhead/wallet/rpc"
)

// idle is a ChainNotifications that ignores what it gets.
type idle struct{ interfaces.ChainNotifications }

// TestClientBounds: a client's methods (with their help), subscriptions
// and wallet names are bounded; what it held is freed when it closes, and
// another client has its own bounds.
func TestClientBounds(t *testing.T) {
	wc, srv := testNode(t)
	ctx := context.Background()
	baseline := srv.Help("")
	c := wc.NewClient("p", "id")
	cmd := func(name, help string) interfaces.RPCCommand {
		return interfaces.RPCCommand{Name: name, Category: "wallet", Help: help}
	}
	if _, err := c.HandleRPC(ctx, cmd("getbalance", strings.Repeat("h", MaxCommandBytes)), &wallets{}); !errors.Is(err, ErrLimit) {
		t.Errorf("a method with %d bytes of help: %v", MaxCommandBytes, err)
	}
	args := interfaces.RPCCommand{Name: "getbalance", Args: make([]interfaces.RPCArg, MaxCommandArgs+1)}
	if _, err := c.HandleRPC(ctx, args, &wallets{}); !errors.Is(err, ErrLimit) {
		t.Errorf("a method with %d arguments: %v", MaxCommandArgs+1, err)
	}
	help := strings.Repeat("h", MaxCommandBytes-100)
	names := slices.Sorted(func(yield func(string) bool) {
		for m := range walletMethods {
			if !yield(m) {
				return
			}
		}
	})
	var accepted int
	var refusal error
	for _, m := range names {
		if _, refusal = c.HandleRPC(ctx, cmd(m, help), &wallets{}); refusal != nil {
			break
		}
		accepted++
	}
	if want := MaxClientBytes / MaxCommandBytes; !errors.Is(refusal, ErrLimit) || accepted < want-1 || accepted > want {
		t.Errorf("%d methods of %d bytes accepted, then %v", accepted, len(help), refusal)
	}

	var subs []interfaces.Handler
	for range MaxClientSubscriptions {
		h, err := c.HandleNotifications(ctx, idle{})
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, h)
	}
	if _, err := c.HandleNotifications(ctx, idle{}); !errors.Is(err, ErrLimit) {
		t.Errorf("subscription %d: %v", MaxClientSubscriptions+1, err)
	}
	subs[0].Disconnect(ctx)
	if _, err := c.HandleNotifications(ctx, idle{}); err != nil {
		t.Errorf("a subscription after one ended: %v", err)
	}

	// Another client is not limited by this one.
	other := wc.NewClient("q", "id2")
	register(t, other, &wallets{process: "q"})
	other.Close()

	c.Close()
	if got := srv.Help(""); got != baseline {
		t.Errorf("help after the client closed:\n%s\nwant\n%s", got, baseline)
	}
	c = wc.NewClient("p", "id")
	if _, err := c.HandleRPC(ctx, cmd("getbalance", help), &wallets{}); err != nil {
		t.Errorf("the process, connected again: %v", err)
	}
	c.Close()
}

// TestClientClaimBounds: a client holds at most MaxClientClaims wallet
// names.
func TestClientClaimBounds(t *testing.T) {
	wc, _ := testNode(t)
	ctx := context.Background()
	w := &wallets{process: "p"}
	for i := range MaxClientClaims + 1 {
		w.names = append(w.names, "w"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+strings.Repeat("y", i/26))
	}
	c := wc.NewClient("p", "id")
	register(t, c, w)
	for i, name := range w.names {
		_, err := c.ClaimWallet(ctx, name)
		if i < MaxClientClaims && err != nil {
			t.Fatalf("claim %d: %v", i+1, err)
		}
		if i == MaxClientClaims && !errors.Is(err, ErrLimit) {
			t.Fatalf("claim %d: %v", i+1, err)
		}
	}
	c.Close()
}

// TestOwnWalletFitsTheBounds: the wallet methods of our own wallet
// process fit in a quarter of a client's budget.
func TestOwnWalletFitsTheBounds(t *testing.T) {
	total := 0
	for _, m := range walletrpc.Methods(nil, nil) {
		cmd := interfaces.RPCCommand{Name: m.Name, Category: m.Category, Help: m.Help}
		for _, a := range m.Args {
			cmd.Args = append(cmd.Args, interfaces.RPCArg{Name: a.Name, Type: "any"})
		}
		size, err := commandSize(cmd)
		if err != nil {
			t.Fatal(err)
		}
		total += size
	}
	if total > MaxClientBytes/4 {
		t.Errorf("the wallet's methods take %d bytes of the %d a client may register", total, MaxClientBytes)
	}
	t.Logf("the wallet's methods take %d bytes", total)
}

// TestSessionHasOneChain: the Chains a connection asks for share one
// client, and with it its bounds.
func TestSessionHasOneChain(t *testing.T) {
	wc, _ := testNode(t)
	n := &Node{Init: &Init{chain: wc.chain}, Wallets: wc}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := n.Session(ctx, ipc.Peer{Name: "p", ID: "id"})
	a, err := s.MakeChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.MakeChain(ctx)
	if a != b {
		t.Error("a second makeChain on one connection gave another client")
	}
}
