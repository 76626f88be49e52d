package nodeinit

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/node/zmqnotify"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/noderpc"
)

// Options are the node options bitcoind and bitcoin-node implement, beside
// the RPC server's (base.RPCOptions).
var Options = append([]string{"loadblock", "dbcache", "maxtxfee", "minrelaytxfee", "maxtipage", "mocktime", "uacomment", "incrementalrelayfee",
	"dustrelayfee", "blockmintxfee", "acceptnonstdtxn", "datacarrier", "datacarriersize", "permitbaremultisig",
	"maxmempool", "disablewallet", "walletrestart"}, slices.Concat(base.WalletOptionNames, RESTZMQOptions)...)

// NewArgs returns the option set of bitcoind and bitcoin-node.
func NewArgs() *args.Args {
	return args.New(args.Claim(args.Common, slices.Concat(IPCServerOptions, []string{"settings", "pid"})...), base.NodeOptions(Options...))
}

// WalletsEnabled: -disablewallet and -nowallet run no wallets.
func WalletsEnabled(a *args.Args) bool {
	return !a.GetBool("disablewallet", false) && !a.IsNegated("wallet")
}

// Node is a running node: its RPC server, chain and IPC.
type Node struct {
	D    *base.Daemon
	RPC  *rpc.Server
	Node *node.Node
	IPC  *ipc.IPC
	Init *Init
	// ZMQ is the -zmqpub* notification interface, nil when ZMQ is off.
	ZMQ *zmqnotify.Interface
	// Wallets routes the RPCs of wallet processes (spawned or attached).
	Wallets *WalletClients

	shutdown context.CancelFunc
}

// Start opens the chainstate, starts the RPC server (in warmup until Serve)
// and registers the node's methods.
func Start(ctx context.Context, d *base.Daemon, exeName string) (*Node, context.Context, error) {
	if err := checkZMQAddresses(d.Args); err != nil {
		return nil, nil, err
	}
	ctx, shutdown := context.WithCancel(ctx)
	n := &Node{D: d, shutdown: shutdown}
	cfg := d.RPCConfig(shutdown)
	cfg.WarmupStatus = "Loading block index…"
	srv, err := rpc.New(cfg)
	if err != nil {
		shutdown()
		return nil, nil, err
	}
	n.RPC = srv
	n.Node, err = node.New(&node.Config{
		Chain:    d.Chain,
		DataDir:  d.NetDataDir,
		Log:      d.Logging.Logger,
		Settings: n.Settings,
		EditWalletSetting: func(name string, add bool) error {
			return d.Args.EditSettingsList("wallet", name, add)
		},
		LoadBlock: d.Args.GetAll("loadblock"),
		RPC:       srv,
	})
	if err != nil {
		shutdown()
		return nil, nil, err
	}
	n.Init = &Init{chain: n.Node.Chain(), rpc: srv.AsRpc()}
	n.Wallets = NewWalletClients(n.Node.Chain(), d.Log)
	n.IPC = ipc.New(&ipc.Config{ExeName: exeName, Init: n.Init, Session: n.Session, Protocol: ipccapnp.Protocol(),
		Logger: d.Logging.Logger("ipc"), Limits: IPCLimits(d.Args)})
	n.startZMQ(ctx)
	n.startREST()
	for _, m := range noderpc.Methods(&noderpc.Config{Node: n.Node, Spawner: Spawner{n.IPC}, LocalEcho: base.Echo{}, ZMQ: n.ZMQ, SubVersion: d.SubVersion}) {
		if _, err := srv.Register(m); err != nil {
			n.Close()
			return nil, nil, err
		}
	}
	return n, ctx, nil
}

// IPCLimits are the -ipcbind client limits the options set.
func IPCLimits(a *args.Args) ipc.Limits {
	return ipc.Limits{
		MaxConnectionsPerClient: int(a.GetInt("ipcmaxclientconnections", 0)),
		MaxPendingCalls:         int(a.GetInt("ipcmaxpendingcalls", 0)),
		Timeout:                 base.IPCTimeout(a),
	}
}

// Settings are the node's options as it reads them, and as Chain.GetSetting
// hands them to wallet processes (which see only some: Client.GetSetting):
// every value of an option ("0" for a negated one), and the pseudo-setting
// base.NetDataDirSetting (the network's data directory).
func (n *Node) Settings(name string) []string {
	if name == base.NetDataDirSetting {
		return []string{n.D.NetDataDir}
	}
	return base.Setting(n.D.Args, name)
}

// Serve binds the -ipcbind sockets, ends the RPC warmup and runs until ctx
// ends or stop is called; then it shuts the node down.
func (n *Node) Serve(ctx context.Context) error {
	for _, addr := range n.D.Args.GetAll("ipcbind") {
		if _, err := n.IPC.Listen(ctx, addr, n.D.NetDataDir); err != nil {
			return fmt.Errorf("Unable to bind to IPC address '%s'. %w", addr, err)
		}
	}
	runErr := make(chan error, 1)
	go func() { runErr <- n.Node.Run(ctx) }()
	n.RPC.SetWarmupFinished()
	n.D.Log.Info("init message: Done loading")
	err := n.RPC.Run(ctx)
	n.shutdown()
	if rerr := <-runErr; rerr != nil && !errors.Is(rerr, context.Canceled) {
		n.D.Log.Warn("node: " + rerr.Error())
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Close shuts the IPC and the node down (after Serve).
func (n *Node) Close() error {
	n.D.Log.Info("Shutdown: In progress...")
	if n.IPC != nil {
		n.IPC.Close()
	}
	n.ZMQ.Close()
	err := n.Node.Close()
	n.D.Log.Info("Shutdown: done")
	n.shutdown()
	return err
}

// Init is what the node offers over IPC: Echo, Rpc and its Chain.
type Init struct {
	chain interfaces.Chain
	rpc   interfaces.Rpc
}

func (i *Init) MakeEcho(context.Context) (interfaces.Echo, error) { return base.Echo{}, nil }
func (i *Init) MakeRpc(context.Context) (interfaces.Rpc, error)   { return i.rpc, nil }
func (i *Init) MakeChain(context.Context) (interfaces.Chain, error) {
	if i.chain == nil {
		return nil, errors.New("this process has no chain")
	}
	return i.chain, nil
}
func (i *Init) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("bitcoin-node runs no wallet code; wallets run in bitcoin-wallet")
}

// Spawner lets echoipc start a child bitcoin-node.
type Spawner struct{ P *ipc.IPC }

func (s Spawner) SpawnInit(ctx context.Context, exe string) (interfaces.Init, func(), error) {
	init, proc, err := s.P.Spawn(ctx, exe)
	if err != nil {
		return nil, nil, err
	}
	return init, func() {
		proc.Connection().Close()
		proc.Wait()
	}, nil
}
