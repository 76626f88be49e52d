package bitcoinnode

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/noderpc"
)

const exeName = "bitcoin-node"

// Run runs bitcoin-node with the given arguments until ctx ends or the stop
// RPC is called.
func Run(ctx context.Context, argv []string) error {
	a := args.New(args.Common, base.NodeOptions())
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
	d, err := base.StartDaemon(exeName, a, os.Stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	return runNode(ctx, d)
}

// serveParent is the spawned child: serve Init on the inherited socket and
// exit when the parent's connection ends.
func serveParent(ctx context.Context, a *args.Args) error {
	fd, err := strconv.Atoi(a.GetString("ipcfd", ""))
	if err != nil || fd < 0 {
		return fmt.Errorf("invalid -ipcfd=%s", a.GetString("ipcfd", ""))
	}
	p := ipc.New(&ipc.Config{ExeName: exeName, Init: &nodeInit{}, Protocol: ipccapnp.Protocol()})
	defer p.Close()
	return p.ServeFD(ctx, fd)
}

func runNode(ctx context.Context, d *base.Daemon) error {
	ctx, shutdown := context.WithCancel(ctx)
	defer shutdown()
	init := &nodeInit{}
	p := ipc.New(&ipc.Config{ExeName: exeName, Init: init, Protocol: ipccapnp.Protocol(), Logger: d.Logging.Logger("ipc")})
	defer p.Close()

	srv, err := rpc.New(d.RPCConfig(shutdown))
	if err != nil {
		return err
	}
	init.rpc = srv.AsRpc()
	for _, m := range noderpc.Methods(&noderpc.Config{Spawner: spawner{p}, LocalEcho: base.Echo{}}) {
		if _, err := srv.Register(m); err != nil {
			return err
		}
	}
	for _, addr := range d.Args.GetAll("ipcbind") {
		if _, err := p.Listen(ctx, addr, d.NetDataDir); err != nil {
			return fmt.Errorf("Unable to bind to IPC address '%s'. %w", addr, err)
		}
	}
	d.Log.Info("init message: Done loading")
	err = srv.Run(ctx)
	d.Log.Info("Shutdown: In progress...")
	p.Close()
	d.Log.Info("Shutdown: done")
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// nodeInit is what bitcoin-node offers over IPC.
type nodeInit struct {
	rpc interfaces.Rpc // nil in a spawned child, which runs no RPC server
}

func (n *nodeInit) MakeEcho(context.Context) (interfaces.Echo, error) { return base.Echo{}, nil }

func (n *nodeInit) MakeRpc(context.Context) (interfaces.Rpc, error) {
	if n.rpc == nil {
		return nil, errors.New("this bitcoin-node process runs no RPC server")
	}
	return n.rpc, nil
}

func (n *nodeInit) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("bitcoin-node runs no wallet code; wallets run in bitcoin-wallet")
}

func (n *nodeInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("this bitcoin-node process has no chain")
}

// spawner lets echoipc start a child bitcoin-node.
type spawner struct{ p *ipc.IPC }

func (s spawner) SpawnInit(ctx context.Context, exe string) (interfaces.Init, func(), error) {
	init, proc, err := s.p.Spawn(ctx, exe)
	if err != nil {
		return nil, nil, err
	}
	return init, func() {
		proc.Connection().Close()
		proc.Wait()
	}, nil
}
