package nodeinit

import (
	"context"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/node"
)

// TestClientsCannotChangeStartupWallets: the node's own wallet loaders
// (in-process, or its spawned wallet process) update the start-up wallet
// list; a client that connected to -ipcbind gets false and changes
// nothing.
func TestClientsCannotChangeStartupWallets(t *testing.T) {
	params, err := chainparams.For(chainparams.Regtest)
	if err != nil {
		t.Fatal(err)
	}
	var edits []string
	nd, err := node.New(&node.Config{Chain: params, DataDir: t.TempDir(), EditWalletSetting: func(name string, add bool) error {
		edits = append(edits, name)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nd.Close() })
	n := &Node{Init: &Init{chain: nd.Chain()}, Wallets: NewWalletClients(nd.Chain(), nil)}
	ctx := context.Background()

	own := n.Wallets.NewOwnClient("bitcoin-wallet-1")
	defer own.Close()
	if ok, err := own.UpdateWalletSetting(ctx, "mine", true); !ok || err != nil {
		t.Fatalf("the node's own wallet process: %v, %v", ok, err)
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chain, err := n.Session(sctx, ipc.Peer{Name: "remote"}).MakeChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := chain.UpdateWalletSetting(ctx, "theirs", true); ok || err != nil {
		t.Fatalf("an -ipcbind client: %v, %v", ok, err)
	}
	if len(edits) != 1 || edits[0] != "mine" {
		t.Fatalf("edits %q", edits)
	}
}
