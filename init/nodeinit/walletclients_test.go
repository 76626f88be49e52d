package nodeinit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	walletrpc "github.com/bulkhead-btc/bulkhead/wallet/rpc"
)

// testNode is a real regtest node with an RPC server whose requests the
// test runs with Server.Execute.
func testNode(t *testing.T) (*WalletClients, *rpc.Server) {
	t.Helper()
	params, err := chainparams.For(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := rpc.New(&rpc.Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, NoControlMethods: true})
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(&node.Config{Chain: params, DataDir: t.TempDir(), RPC: srv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return NewWalletClients(n.Chain(), nil), srv
}

// wallets is a wallet process's RPC handler as the node sees it: it
// answers for the wallets it has (a request naming none: its only one) and
// -18 for the others, and records what it was asked.
type wallets struct {
	process string
	names   []string
	err     error // returned instead, when set

	mu   sync.Mutex
	seen []string // "method wallet"
}

func (w *wallets) ExecuteRPC(_ context.Context, req interfaces.RPCRequest) (string, error) {
	w.mu.Lock()
	w.seen = append(w.seen, req.Method+" "+req.WalletName)
	w.mu.Unlock()
	if w.err != nil {
		return "", w.err
	}
	if req.Method == "listwallets" {
		b, _ := json.Marshal(w.names)
		return string(b), nil
	}
	name, named := RequestedWallet(req)
	if !named && len(w.names) == 1 {
		name = w.names[0]
	}
	if !slices.Contains(w.names, name) {
		return "", rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
	}
	return fmt.Sprintf("%q", w.process+":"+name), nil
}

// asked lists what the process was asked, listwallets left out.
func (w *wallets) asked() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(w.seen), func(s string) bool { return strings.HasPrefix(s, "listwallets") })
}

var testMethods = []string{"getbalance", "listwallets", "createwallet", "unloadwallet"}

// register registers the test methods for c, served by w.
func register(t *testing.T, c *Client, w *wallets) {
	t.Helper()
	for _, m := range testMethods {
		if _, err := c.HandleRPC(context.Background(), interfaces.RPCCommand{Name: m, Category: "wallet", Help: m + " of " + w.process}, w); err != nil {
			t.Fatal(err)
		}
	}
}

// attach is a wallet process attaching with identity id: it registers its
// methods, then claims its wallets.
func attach(t *testing.T, wc *WalletClients, id string, w *wallets) *Client {
	t.Helper()
	c := wc.NewClient(w.process, id)
	register(t, c, w)
	claimAll(t, c, w.names)
	return c
}

// attachOwn is the node's own wallet process starting.
func attachOwn(t *testing.T, wc *WalletClients, w *wallets) *Client {
	t.Helper()
	c := wc.NewOwnClient(w.process)
	register(t, c, w)
	claimAll(t, c, w.names)
	return c
}

func claimAll(t *testing.T, c *Client, names []string) {
	t.Helper()
	for _, name := range names {
		if _, err := c.ClaimWallet(context.Background(), name); err != nil {
			t.Fatal(err)
		}
	}
}

// call runs method for wallet ("" for none) and returns the result or the
// error as "error CODE: MESSAGE".
func call(srv *rpc.Server, wallet, method string, params ...string) string {
	uri := "/"
	if wallet != "" {
		uri = "/wallet/" + wallet
	}
	var reply struct {
		Result json.RawMessage
		Error  *struct {
			Code    int
			Message string
		}
	}
	body := fmt.Sprintf(`{"method":%q,"params":[%s],"id":1}`, method, strings.Join(params, ","))
	json.Unmarshal(srv.Execute(context.Background(), []byte(body), uri, "test"), &reply)
	if reply.Error != nil {
		return fmt.Sprintf("error %d: %s", reply.Error.Code, reply.Error.Message)
	}
	return string(reply.Result)
}

func TestWalletClientsRouteByClaim(t *testing.T) {
	wc, srv := testNode(t)
	own := &wallets{process: "own", names: []string{"A"}}
	p1 := &wallets{process: "p1", names: []string{"a"}}
	p2 := &wallets{process: "p2", names: []string{"b", "c"}}
	attach(t, wc, "id1", p1) // attached before the node's own process
	attachOwn(t, wc, own)
	c2 := attach(t, wc, "id2", p2)
	for wallet, want := range map[string]string{"A": `"own:A"`, "a": `"p1:a"`, "b": `"p2:b"`, "c": `"p2:c"`,
		"x": "error -18: Requested wallet does not exist or is not loaded"} {
		if got := call(srv, wallet, "getbalance"); got != want {
			t.Errorf("getbalance for %s = %s, want %s", wallet, got, want)
		}
	}
	if got := call(srv, "", "listwallets"); got != `["a","A","b","c"]` {
		t.Errorf("listwallets = %s, want the wallets in load order", got)
	}
	if got := call(srv, "", "getbalance"); !strings.HasPrefix(got, "error -19: Multiple wallets are loaded") {
		t.Errorf("getbalance without a wallet, several loaded = %s", got)
	}
	// Wallet-directory methods go to the node's own process only.
	if got := call(srv, "a", "createwallet", `"new"`); got != "error -18: Requested wallet does not exist or is not loaded" {
		t.Errorf("createwallet = %s, want own's answer", got)
	}
	// unloadwallet NAME goes to NAME's process.
	if got := call(srv, "", "unloadwallet", `"b"`); got != `"p2:b"` {
		t.Errorf("unloadwallet b = %s", got)
	}
	if got, want := p1.asked(), []string{"getbalance a"}; !slices.Equal(got, want) {
		t.Errorf("p1 was asked %v, want %v", got, want)
	}
	if got, want := p2.asked(), []string{"getbalance b", "getbalance c", "unloadwallet "}; !slices.Equal(slices.Sorted(slices.Values(got)), want) { // unloadwallet's name is a parameter
		t.Errorf("p2 was asked %v, want %v", got, want)
	}
	if got, want := own.asked(), []string{"createwallet a", "getbalance A", "getbalance x"}; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("the node's own process was asked %v, want %v", got, want)
	}

	c2.Close()
	if got := call(srv, "b", "getbalance"); got != "error -18: Requested wallet does not exist or is not loaded" {
		t.Errorf("getbalance for a detached wallet = %s", got)
	}
	if got := call(srv, "", "listwallets"); got != `["a","A"]` {
		t.Errorf("listwallets after a detach = %s", got)
	}
}

// TestWalletClientsOneWallet: a request naming no wallet goes to the
// process of the one loaded wallet; with none loaded, to the node's own.
func TestWalletClientsOneWallet(t *testing.T) {
	wc, srv := testNode(t)
	own := &wallets{process: "own"}
	attachOwn(t, wc, own)
	if got := call(srv, "", "getbalance"); got != "error -18: Requested wallet does not exist or is not loaded" || !slices.Equal(own.asked(), []string{"getbalance "}) {
		t.Errorf("no wallet loaded: %s, own asked %v", got, own.asked())
	}
	p1 := &wallets{process: "p1", names: []string{"a"}}
	c1 := attach(t, wc, "id1", p1)
	if got := call(srv, "", "getbalance"); got != `"p1:a"` {
		t.Errorf("one wallet, attached: %s", got)
	}
	c1.Close()
	wc.NewOwnClient("none").Close() // no own process any more
	if got := call(srv, "", "getbalance"); !strings.HasPrefix(got, "error -18: No wallet is loaded") {
		t.Errorf("no process at all: %s", got)
	}
	if got := call(srv, "", "createwallet", `"x"`); !strings.HasPrefix(got, "error -32601: Method not found") {
		t.Errorf("createwallet without an own process: %s", got)
	}
}

func TestWalletClientsCutOffAndFallback(t *testing.T) {
	wc, srv := testNode(t)
	dead := &wallets{process: "p1", names: []string{"a"}}
	c := attachOwn(t, wc, dead)
	dead.err = fmt.Errorf("call: %w", ipc.ErrDisconnected)
	if got := call(srv, "a", "getbalance"); !strings.HasPrefix(got, "error -18: Wallet process p1 ended during the call") {
		t.Errorf("call cut off by the process's end = %s", got)
	}
	c.Close()
	var asked []string
	wc.SetFallback(func(_ context.Context, req interfaces.RPCRequest) (string, error) {
		asked = append(asked, req.Method+"/"+req.WalletName)
		return `"fallback"`, nil
	})
	for _, m := range []string{"getbalance", "createwallet"} {
		if got := call(srv, "a", m); got != `"fallback"` {
			t.Errorf("%s with the own process gone: %s", m, got)
		}
	}
	if !slices.Equal(asked, []string{"getbalance/a", "createwallet/a"}) {
		t.Errorf("fallback asked %v", asked)
	}
	// The node's own methods stay (the fallback answers them).
	if !strings.Contains(srv.Help(""), "getbalance") {
		t.Error("getbalance left help after the node's own process ended")
	}
}

// TestWalletClientsRegistrations: only the node's wallet methods, once per
// client; an attached process's methods leave help with it; help is the
// node's own process's.
func TestWalletClientsRegistrations(t *testing.T) {
	wc, srv := testNode(t)
	ctx := context.Background()
	c := wc.NewClient("p1", "id1")
	w := &wallets{process: "p1"}
	if _, err := c.HandleRPC(ctx, interfaces.RPCCommand{Name: "stealpassphrase"}, w); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("registering stealpassphrase: %v", err)
	}
	register(t, c, w)
	if _, err := c.HandleRPC(ctx, interfaces.RPCCommand{Name: "getbalance"}, w); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("registering getbalance twice: %v", err)
	}
	if !strings.Contains(srv.Help("getbalance"), "getbalance of p1") {
		t.Errorf("help getbalance = %s", srv.Help("getbalance"))
	}
	own := wc.NewOwnClient("own")
	register(t, own, &wallets{process: "own"})
	if got := srv.Help("getbalance"); !strings.Contains(got, "getbalance of own") || strings.Contains(srv.Help(""), "stealpassphrase") {
		t.Errorf("help getbalance with the node's own process = %s", got)
	}
	own.Close()
	c.Close()
	if got := call(srv, "", "getbalance"); !strings.HasPrefix(got, "error -18: No wallet is loaded") {
		t.Errorf("getbalance with every process gone: %s", got)
	}

	wc, srv = testNode(t)
	c = wc.NewClient("p1", "id1")
	register(t, c, w)
	c.Close()
	if strings.Contains(srv.Help(""), "getbalance") {
		t.Error("getbalance still in help after its only (attached) process detached")
	}
	if _, err := c.HandleRPC(ctx, interfaces.RPCCommand{Name: "getbalance"}, w); err == nil {
		t.Error("a closed client registered a method")
	}
}

// TestWalletMethodsKnown: wallet/rpc registers only methods the node
// routes, and the ones it sends only to its own process exist there.
func TestWalletMethodsKnown(t *testing.T) {
	for _, m := range walletrpc.Methods(nil, nil) {
		if !walletMethods[m.Name] {
			t.Errorf("wallet/rpc has %s, which the node refuses to route (add it to walletMethods)", m.Name)
		}
	}
	for m := range walletMethods {
		if ownProcessOnly(m) != slices.Contains([]string{"createwallet", "loadwallet", "restorewallet", "listwalletdir"}, m) {
			t.Errorf("ownProcessOnly(%s)", m)
		}
	}
}

func TestWalletClientsClaims(t *testing.T) {
	wc, _ := testNode(t)
	ctx := context.Background()
	p1 := &wallets{process: "p1", names: []string{"a"}}
	c1 := wc.NewClient("p1", "id1")
	if _, err := c1.ClaimWallet(ctx, "a"); !errors.Is(err, ErrClaimRefused) || !strings.Contains(err.Error(), "serves no listwallets") {
		t.Fatalf("claim before registering: %v", err)
	}
	register(t, c1, p1)
	if _, err := c1.ClaimWallet(ctx, "ghost"); !errors.Is(err, ErrClaimRefused) || !strings.Contains(err.Error(), "does not list it") {
		t.Fatalf("claim of a wallet the process does not list: %v", err)
	}
	h, err := c1.ClaimWallet(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	c2 := wc.NewClient("p2", "id2")
	register(t, c2, &wallets{process: "p2", names: []string{"a"}})
	if _, err := c2.ClaimWallet(ctx, "a"); !errors.Is(err, ErrClaimRefused) || !strings.Contains(err.Error(), `Wallet "a" is already loaded by another wallet process (p1)`) {
		t.Fatalf("second claim of a: %v", err)
	}
	h.Disconnect(ctx)
	if _, err := c2.ClaimWallet(ctx, "a"); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	c2.Close() // the process ended: its names are free
	if _, err := c1.ClaimWallet(ctx, "a"); err != nil {
		t.Fatalf("claim after the holder closed: %v", err)
	}
	// A client without an identity is no other client.
	anon := wc.NewClient("p1", "")
	register(t, anon, p1)
	if _, err := anon.ClaimWallet(ctx, "a"); err == nil {
		t.Error("a client without an identity took a name over")
	}
}

// TestWalletClientsOwnNamesKept: the node's own wallets keep their names
// through a restart of its process, not after an unload or a new start;
// meanwhile they count as loaded.
func TestWalletClientsOwnNamesKept(t *testing.T) {
	wc, srv := testNode(t)
	ctx := context.Background()
	own := attachOwn(t, wc, &wallets{process: "own", names: []string{"A", "B"}})
	// An attached process that says it has wallets named A and B too.
	c := wc.NewClient("p", "id")
	register(t, c, &wallets{process: "p", names: []string{"A", "B", "x"}})
	claimAll(t, c, []string{"x"})
	own.Close() // the process died
	for _, name := range []string{"A", "B"} {
		if _, err := c.ClaimWallet(ctx, name); !errors.Is(err, ErrClaimRefused) || !strings.Contains(err.Error(), "one of the node's own wallets") {
			t.Errorf("claiming %s while the node's process restarts: %v", name, err)
		}
	}
	if got := call(srv, "", "getbalance"); !strings.HasPrefix(got, "error -19") {
		t.Errorf("getbalance without a wallet while the node's wallets are reloading: %s", got)
	}
	again := attachOwn(t, wc, &wallets{process: "own2", names: []string{"A"}})
	if got := call(srv, "A", "getbalance"); got != `"own2:A"` {
		t.Errorf("after the restart: %s", got)
	}
	wc.ReleaseReserved() // a new start: B is not reloaded
	if _, err := c.ClaimWallet(ctx, "B"); err != nil {
		t.Errorf("claiming B once the node gave it up: %v", err)
	}
	unloadAll(again)
	if _, err := c.ClaimWallet(ctx, "A"); err != nil {
		t.Errorf("claiming A once the node's process unloaded it: %v", err)
	}
}

// unloadAll ends c's registrations as its process does when it stops
// cleanly: it unloads its wallets, and c stays open until it detaches.
func unloadAll(c *Client) {
	for _, g := range c.registrations() {
		g.Disconnect(context.Background())
	}
}

// TestWalletClientsReconnectTakesOver: a client that reconnects (same
// identity, whatever its name) before the node noticed its old connection
// die takes its wallets over; the old registrations end. Another identity
// with the same name does not.
func TestWalletClientsReconnectTakesOver(t *testing.T) {
	wc, srv := testNode(t)
	old := attach(t, wc, "tls:key1", &wallets{process: "laptop", names: []string{"far"}})
	if got := call(srv, "far", "getbalance"); got != `"laptop:far"` {
		t.Fatalf("before: %s", got)
	}
	fresh := attach(t, wc, "tls:key1", &wallets{process: "laptop", names: []string{"far"}})
	if got := call(srv, "", "listwallets"); got != `["far"]` {
		t.Errorf("listwallets after the reconnect = %s (the old connection's wallets must be gone)", got)
	}
	old.Close() // the node notices the old connection's end later
	if got := call(srv, "far", "getbalance"); got != `"laptop:far"` {
		t.Errorf("after the old connection ended: %s", got)
	}
	impostor := wc.NewClient("laptop", "tls:key2")
	register(t, impostor, &wallets{process: "laptop", names: []string{"far"}})
	if _, err := impostor.ClaimWallet(context.Background(), "far"); err == nil {
		t.Error("another identity with the same name took a claimed name over")
	}
	fresh.Close()
}
