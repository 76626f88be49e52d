package bitcoind

import (
	"context"
	"fmt"
	"os"

	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/nodeinit"
	"github.com/bulkhead-btc/bulkhead/wallet"
	walletrpc "github.com/bulkhead-btc/bulkhead/wallet/rpc"
)

const exeName = "bitcoind"

// Run runs bitcoind until ctx ends or the stop RPC is called.
func Run(ctx context.Context, argv []string) error {
	a := nodeinit.NewArgs()
	if err := a.ParseCommandLine(argv); err != nil {
		return fmt.Errorf("Error parsing command line arguments: %w", err)
	}
	if a.HelpRequested() || a.IsSet("version") {
		fmt.Print(base.Usage(exeName, a))
		return nil
	}
	if nodeinit.ManagesClients(a) {
		return nodeinit.ManageClients(a, os.Stdout)
	}
	d, err := base.StartDaemon(exeName, a, os.Stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	n, ctx, err := nodeinit.Start(ctx, d, exeName)
	if err != nil {
		return err
	}
	defer n.Close()
	if nodeinit.WalletsEnabled(a) {
		loader, err := wallet.NewLoader(&wallet.Config{
			Chain:       n.Wallets.NewOwnClient(exeName), // the node's own wallets, routed beside attached ones
			WalletDir:   base.WalletDir(base.Setting(a, "walletdir"), d.NetDataDir),
			Logger:      d.Logging.Logger("walletdb"),
			RegisterRPC: walletrpc.Register,
		})
		if err != nil {
			return err
		}
		if err := loader.Load(ctx); err != nil {
			return err
		}
		defer func() {
			loader.Flush(context.Background())
			loader.Stop(context.Background())
		}()
	}
	return n.Serve(ctx)
}
