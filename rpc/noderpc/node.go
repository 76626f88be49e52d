package noderpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/node/zmqnotify"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Spawner starts a sibling process and returns its Init; release ends the
// process. A monolithic build has no Spawner.
type Spawner interface {
	SpawnInit(ctx context.Context, exe string) (init interfaces.Init, release func(), err error)
}

// Config holds what the node methods need.
type Config struct {
	// Spawner is nil when the process cannot spawn (echoipc then echoes
	// locally, as Core without IPC).
	Spawner Spawner
	// LocalEcho echoes in this process.
	LocalEcho interfaces.Echo
	// Node is the chain state behind the blockchain, mempool, mining and
	// raw transaction methods; nil leaves them out (a spawned bitcoin-node
	// child has none).
	Node *node.Node
	// ZMQ is the ZMQ notification interface getzmqnotifications reports;
	// nil when ZMQ is off.
	ZMQ *zmqnotify.Interface
	// Version and SubVersion are getnetworkinfo's "version" and
	// "subversion" (DefaultVersion, DefaultSubVersion when zero).
	Version    int
	SubVersion string
}

var echoipcArgs = []rpc.Arg{{Name: "arg", Type: rpc.ArgStr, Description: "The string to echo"}}

var echoipcHelp = rpc.FormatHelp("echoipc",
	"Echo back the input argument, passing it through a spawned process in a multiprocess build.\nThis command is for testing.",
	echoipcArgs,
	"\nResult:\n"+rpc.FormatSections([]rpc.Section{{Left: `"str"`, Right: "(string) The echoed string."}}),
	rpc.HelpExampleCli("echo", `"Hello world"`)+rpc.HelpExampleRpc("echo", `"Hello world"`))

var setmocktimeArgs = []rpc.Arg{{Name: "timestamp", Type: rpc.ArgNum,
	Description: "UNIX epoch time\nPass 0 to go back to using the system time."}}

var setmocktimeHelp = rpc.FormatHelp("setmocktime", "Set the local time to given timestamp (-regtest only)",
	setmocktimeArgs, result(res{typ: rNone}), "")

var syncwithvalidationinterfacequeueHelp = rpc.FormatHelp("syncwithvalidationinterfacequeue",
	"Waits for the validation interface queue to catch up on everything that was there when we entered this function.",
	nil, result(res{typ: rNone}),
	rpc.HelpExampleCli("syncwithvalidationinterfacequeue", "")+rpc.HelpExampleRpc("syncwithvalidationinterfacequeue", ""))

// testMethods are the hidden test methods that need the chain state:
// setmocktime (the node's clock; wallets keep the system's) and
// syncwithvalidationinterfacequeue.
func testMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{
		{Name: "setmocktime", Category: "hidden", Args: setmocktimeArgs, Help: setmocktimeHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				secs, err := req.Int64(0)
				if err != nil {
					return nil, err
				}
				if err := n.SetMockTime(secs); errors.Is(err, node.ErrOutOfRange) {
					return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, err.Error())
				} else if err != nil {
					return nil, err
				}
				return nil, nil
			}},
		{Name: "syncwithvalidationinterfacequeue", Category: "hidden", Help: syncwithvalidationinterfacequeueHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				return nil, n.SyncNotifications(ctx)
			}},
	}
}

// Methods returns every node method: echoipc, and with cfg.Node the
// blockchain, mempool, mining, raw transaction, network and fee methods and
// the hidden test methods that need them.
func Methods(cfg *Config) []rpc.Method {
	methods := echoMethods(cfg)
	if cfg.Node != nil {
		methods = append(methods, testMethods(cfg.Node)...)
		methods = append(methods, BlockchainMethods(cfg.Node)...)
		methods = append(methods, MempoolMethods(cfg.Node)...)
		methods = append(methods, MiningMethods(cfg.Node)...)
		methods = append(methods, RawTransactionMethods(cfg.Node)...)
		methods = append(methods, NetMethods(cfg)...)
		methods = append(methods, FeeMethods(cfg.Node)...)
		methods = append(methods, ValidityMethods(cfg.Node)...)
		methods = append(methods, ZMQMethods(cfg.ZMQ)...)
	}
	return methods
}

// echoMethods returns the hidden test methods of this file.
func echoMethods(cfg *Config) []rpc.Method {
	return []rpc.Method{{
		Name: "echoipc", Category: "hidden", Args: echoipcArgs, Help: echoipcHelp,
		Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			msg, err := req.String(0)
			if err != nil {
				return nil, err
			}
			return echoIPC(ctx, cfg, msg)
		},
	}}
}

// echoIPC spawns a bitcoin-node, asks its Init for an Echo and echoes
// through it, as Core's echoipc.
func echoIPC(ctx context.Context, cfg *Config, msg string) (string, error) {
	if cfg.Spawner == nil {
		return cfg.LocalEcho.Echo(ctx, msg)
	}
	init, release, err := cfg.Spawner.SpawnInit(ctx, "bitcoin-node")
	if err != nil {
		return "", rpcerr.Errorf(rpcerr.RPC_MISC_ERROR, "echoipc: spawning bitcoin-node: %v", err)
	}
	defer release()
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		return "", fmt.Errorf("echoipc: makeEcho: %w", err)
	}
	return echo.Echo(ctx, msg)
}
