package bitcoinnode

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/init/nodeinit"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
)

const exeName = "bitcoin-node"

// Run runs bitcoin-node with the given arguments until ctx ends or the stop
// RPC is called.
func Run(ctx context.Context, argv []string) error {
	a := nodeinit.NewArgs()
	if err := a.ParseCommandLine(argv); err != nil {
		return fmt.Errorf("Error parsing command line arguments: %w", err)
	}
	if a.IsSet("ipcfd") {
		return serveParent(ctx, a)
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
	var wallets *walletProcess
	if nodeinit.WalletsEnabled(a) {
		wallets = newWalletProcess(n.IPC, n.Wallets, int(max(0, a.GetInt("walletrestart", 0))), d.Log)
		if err := wallets.start(ctx); err != nil {
			return err
		}
		defer wallets.stop(context.Background())
	}
	return n.Serve(ctx)
}

// serveParent is a spawned child (echoipc): serve Init on the inherited
// socket and exit when the parent's connection ends.
func serveParent(ctx context.Context, a *args.Args) error {
	fd, err := strconv.Atoi(a.GetString("ipcfd", ""))
	if err != nil || fd < 0 {
		return fmt.Errorf("invalid -ipcfd=%s", a.GetString("ipcfd", ""))
	}
	p := ipc.New(&ipc.Config{ExeName: exeName, Init: childInit{}, Protocol: ipccapnp.Protocol()})
	defer p.Close()
	return p.ServeFD(ctx, fd)
}

// childInit is what a spawned bitcoin-node offers: only Echo.
type childInit struct{}

func (childInit) MakeEcho(context.Context) (interfaces.Echo, error) { return base.Echo{}, nil }
func (childInit) MakeRpc(context.Context) (interfaces.Rpc, error) {
	return nil, errors.New("this bitcoin-node process runs no RPC server")
}
func (childInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("this bitcoin-node process has no chain")
}
func (childInit) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("bitcoin-node runs no wallet code")
}
