package bitcoinwallet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/common/logging"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/wallet"
	walletrpc "github.com/bulkhead-btc/bulkhead/wallet/rpc"
)

const exeName = "bitcoin-wallet"

// NewArgs returns bitcoin-wallet's option set: the common options, the
// offline tool's and the wallet options an attached wallet honours.
func NewArgs() *args.Args {
	return args.New(args.Claim(args.Common, "ipcconnect", "ipccredentials", "ipctimeout"), ToolOptions, attachOptions())
}

// Run runs bitcoin-wallet.
func Run(ctx context.Context, argv []string) error {
	a := NewArgs()
	if err := a.ParseCommandLine(argv); err != nil {
		return fmt.Errorf("Error parsing command line arguments: %w", err)
	}
	if a.HelpRequested() || a.IsSet("version") {
		fmt.Print(base.Usage(exeName, a))
		return nil
	}
	if cmd := a.Positional(); len(cmd) > 0 {
		return runTool(ctx, a, cmd, os.Stdout)
	}
	if a.IsSet("ipcconnect") {
		return attach(ctx, a)
	}
	if !a.IsSet("ipcfd") {
		return errors.New("bitcoin-wallet needs a command (create, info …), -ipcconnect to attach to a running bitcoin-node, or -ipcfd (started by bitcoin-node); see -help")
	}
	fd, err := strconv.Atoi(a.GetString("ipcfd", ""))
	if err != nil || fd < 0 {
		return fmt.Errorf("invalid -ipcfd=%s", a.GetString("ipcfd", ""))
	}
	w := &walletInit{}
	p := ipc.New(&ipc.Config{ExeName: exeName, Init: w, Protocol: ipccapnp.Protocol()})
	err = p.ServeFD(ctx, fd)
	// The node is gone or let go: whatever it did not stop, stop now. Every
	// change is already committed; this closes the files. A handler that is
	// stuck must not keep the process behind its node: after orphanGrace
	// it exits without them.
	done := make(chan struct{})
	go func() {
		w.shutdown()
		p.Close()
		close(done)
	}()
	select {
	case <-done:
		return err
	case <-time.After(orphanGrace):
		return fmt.Errorf("the node's connection ended and the wallet process did not shut down within %v; exiting without waiting longer", orphanGrace)
	}
}

// orphanGrace bounds a spawned wallet process's shutdown once its node's
// connection has ended.
const orphanGrace = 1500 * time.Millisecond

// walletInit is what a wallet process offers over IPC.
type walletInit struct {
	mu      sync.Mutex
	loaders []*wallet.Loader
	logs    *logging.Logging
}

func (w *walletInit) MakeEcho(context.Context) (interfaces.Echo, error) { return base.Echo{}, nil }
func (w *walletInit) MakeRpc(context.Context) (interfaces.Rpc, error) {
	return nil, errors.New("a wallet process runs no RPC server")
}
func (w *walletInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("a wallet process has no chain")
}

// MakeWalletLoader starts the wallets on the node's chain. The node's
// settings (data directory, -debug, wallet options) arrive through the
// chain.
func (w *walletInit) MakeWalletLoader(ctx context.Context, chain interfaces.Chain) (interfaces.WalletLoader, error) {
	setting := func(name string) []string {
		v, _ := chain.GetSetting(ctx, name)
		return v
	}
	netDir := setting(base.NetDataDirSetting)
	if len(netDir) == 0 {
		return nil, errors.New("the node did not say where its data directory is")
	}
	logs, err := w.openLogs(setting, netDir[0])
	if err != nil {
		return nil, err
	}
	l, err := wallet.NewLoader(&wallet.Config{
		Chain:       chain,
		WalletDir:   base.WalletDir(setting("walletdir"), netDir[0]),
		Logger:      logs.Logger("walletdb"),
		RegisterRPC: walletrpc.Register,
	})
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.loaders = append(w.loaders, l)
	w.mu.Unlock()
	return l, nil
}

// openLogs writes the wallet process's lines to the node's debug.log, with
// the node's -debug and -loglevel.
func (w *walletInit) openLogs(setting func(string) []string, netDir string) (*logging.Logging, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.logs != nil {
		return w.logs, nil
	}
	var argv []string
	for _, name := range base.WalletLogOptionNames {
		for _, v := range setting(name) {
			argv = append(argv, "-"+name+"="+v)
		}
	}
	a := args.New(args.Common)
	if err := a.ParseCommandLine(argv); err != nil {
		return nil, err
	}
	cfg, err := logConfig(a, netDir)
	if err != nil {
		return nil, err
	}
	cfg.PrintToConsole = false
	logs, err := logging.New(cfg)
	if err != nil {
		return nil, err
	}
	w.logs = logs
	return logs, nil
}

// shutdown stops the loaders the node did not stop and closes the logs.
func (w *walletInit) shutdown() {
	w.mu.Lock()
	loaders, logs := w.loaders, w.logs
	w.loaders, w.logs = nil, nil
	w.mu.Unlock()
	for _, l := range loaders {
		l.Stop(context.Background())
	}
	if logs != nil {
		logs.Close()
	}
}

// logConfig is a wallet process's logging: the options' (-debug,
// -printtoconsole …), into a debug.log another process may share, so it is
// never shrunk.
func logConfig(a *args.Args, netDir string) (logging.Config, error) {
	cfg, err := logging.ConfigFromArgs(a, netDir)
	cfg.ShrinkFile = false
	cfg.ThreadName = exeName
	return cfg, err
}
