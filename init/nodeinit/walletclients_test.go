package nodeinit

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
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
// answers for the wallets it has and -18 for the others.
type wallets struct {
	process string
	names   []string
	err     error // returned instead, when set
}

func (w *wallets) ExecuteRPC(_ context.Context, req interfaces.RPCRequest) (string, error) {
	if w.err != nil {
		return "", w.err
	}
	if req.Method == "listwallets" {
		b, _ := json.Marshal(w.names)
		return string(b), nil
	}
	if !slices.Contains(w.names, req.WalletName) {
		return "", rpc.Errorf(rpc.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
	}
	return fmt.Sprintf("%q", w.process+":"+req.WalletName), nil
}

func attachClient(t *testing.T, wc *WalletClients, w *wallets) *Client {
	t.Helper()
	c := wc.NewClient(w.process)
	for _, name := range w.names {
		if _, err := c.ClaimWallet(context.Background(), name); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []string{"getbalance", "listwallets"} {
		if _, err := c.HandleRPC(context.Background(), interfaces.RPCCommand{Name: m, Category: "wallet"}, w); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// call runs method for wallet ("" for none) and returns the result or the
// error as "error CODE: MESSAGE".
func call(srv *rpc.Server, wallet, method string) string {
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
	json.Unmarshal(srv.Execute(context.Background(), []byte(`{"method":"`+method+`","params":[],"id":1}`), uri, "test"), &reply)
	if reply.Error != nil {
		return fmt.Sprintf("error %d: %s", reply.Error.Code, reply.Error.Message)
	}
	return string(reply.Result)
}

func TestWalletClientsRouteByWallet(t *testing.T) {
	wc, srv := testNode(t)
	c1 := attachClient(t, wc, &wallets{process: "p1", names: []string{"a"}})
	c2 := attachClient(t, wc, &wallets{process: "p2", names: []string{"b", "c"}})
	for wallet, want := range map[string]string{"a": `"p1:a"`, "b": `"p2:b"`, "c": `"p2:c"`,
		"x": "error -18: Requested wallet does not exist or is not loaded"} {
		if got := call(srv, wallet, "getbalance"); got != want {
			t.Errorf("getbalance for %s = %s, want %s", wallet, got, want)
		}
	}
	if got := call(srv, "", "listwallets"); got != `["a","b","c"]` {
		t.Errorf("listwallets = %s", got)
	}
	if got := call(srv, "", "getbalance"); !strings.HasPrefix(got, "error -19: Multiple wallets are loaded") {
		t.Errorf("getbalance without a wallet, wallets in two processes = %s", got)
	}

	c1.Close()
	if got := call(srv, "a", "getbalance"); got != "error -18: Requested wallet does not exist or is not loaded" {
		t.Errorf("getbalance for a detached wallet = %s", got)
	}
	if got := call(srv, "", "listwallets"); got != `["b","c"]` {
		t.Errorf("listwallets after a detach = %s", got)
	}
	c2.Close()
	if got := call(srv, "", "listwallets"); got != `[]` {
		t.Errorf("listwallets with no wallet process = %s", got)
	}
	if !strings.Contains(srv.Help(""), "getbalance") {
		t.Error("getbalance left help after its last client detached")
	}
	if _, err := c1.HandleRPC(context.Background(), interfaces.RPCCommand{Name: "getbalance"}, &wallets{}); err == nil {
		t.Error("a closed client registered a method")
	}
}

func TestWalletClientsCutOffAndFallback(t *testing.T) {
	wc, srv := testNode(t)
	attachClient(t, wc, &wallets{process: "p1", err: fmt.Errorf("call: %w", ipc.ErrDisconnected)})
	if got := call(srv, "a", "getbalance"); !strings.HasPrefix(got, "error -18: Wallet process p1 ended during the call") {
		t.Errorf("call cut off by the process's end = %s", got)
	}
	var asked []string
	wc.SetFallback(func(_ context.Context, req interfaces.RPCRequest, lastErr error) (string, error) {
		asked = append(asked, fmt.Sprintf("%s/%s/%v", req.Method, req.WalletName, lastErr != nil))
		return `"fallback"`, nil
	})
	if got := call(srv, "a", "getbalance"); got != `"fallback"` || !slices.Equal(asked, []string{"getbalance/a/true"}) {
		t.Errorf("fallback after -18: %s, asked %v", got, asked)
	}
}

func TestWalletClientsClaimNames(t *testing.T) {
	wc, _ := testNode(t)
	ctx := context.Background()
	c1, c2 := wc.NewClient("p1"), wc.NewClient("p2")
	h, err := c1.ClaimWallet(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.ClaimWallet(ctx, "a"); err == nil || !strings.Contains(err.Error(), `Wallet "a" is already loaded by another wallet process (p1)`) {
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
}

// TestWalletClientsReconnectTakesOver: a client that reconnects (same name)
// before the node noticed its old connection die takes its wallets over;
// the old registrations end.
func TestWalletClientsReconnectTakesOver(t *testing.T) {
	wc, srv := testNode(t)
	old := attachClient(t, wc, &wallets{process: "laptop", names: []string{"far"}})
	if got := call(srv, "far", "getbalance"); got != `"laptop:far"` {
		t.Fatalf("before: %s", got)
	}
	fresh := attachClient(t, wc, &wallets{process: "laptop", names: []string{"far"}})
	if got := call(srv, "", "listwallets"); got != `["far"]` {
		t.Errorf("listwallets after the reconnect = %s (the old connection's wallets must be gone)", got)
	}
	old.Close() // the node notices the old connection's end later
	if got := call(srv, "far", "getbalance"); got != `"laptop:far"` {
		t.Errorf("after the old connection ended: %s", got)
	}
	if _, err := wc.NewClient("desk").ClaimWallet(context.Background(), "far"); err == nil {
		t.Error("another client took over a claimed name")
	}
	fresh.Close()
}
