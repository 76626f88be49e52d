package bitcoinwallet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
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

// Reconnect backoff of -ipcreconnect.
const (
	minReconnect = time.Second
	maxReconnect = 30 * time.Second
)

// attached is a bitcoin-wallet that attached to a running node with
// -ipcconnect: its wallets live in its own data directory and follow its
// own options; the node gets their RPC methods and sends them its
// notifications until the process detaches.
type attached struct {
	a       *args.Args
	address string
	netDir  string
	log     *slog.Logger
	logs    *logging.Logging
	ipc     *ipc.IPC
}

// attach runs until ctx ends (SIGINT/SIGTERM: detach cleanly and exit 0) or
// the node goes away (exit with an error, or reconnect with -ipcreconnect).
func attach(ctx context.Context, a *args.Args) error {
	if err := a.ReadConfigFiles(); err != nil {
		return err
	}
	netDir, err := a.NetDataDir()
	if err != nil {
		return err
	}
	if err := a.CreateDataDirs(); err != nil {
		return err
	}
	cfg, err := logConfig(a, netDir)
	if err != nil {
		return err
	}
	logs, err := logging.New(cfg)
	if err != nil {
		return err
	}
	defer logs.Close()
	w := &attached{a: a, address: a.GetString("ipcconnect", "unix"), netDir: netDir, log: logs.Logger(""), logs: logs}
	if w.address == "" || w.address == "1" {
		w.address = "unix"
	}
	w.ipc = ipc.New(&ipc.Config{ExeName: exeName, Init: &walletInit{}, Protocol: ipccapnp.Protocol(), Logger: logs.Logger("ipc"),
		Limits: ipc.Limits{Timeout: base.IPCTimeout(a)}})
	defer w.ipc.Close()
	return w.run(ctx)
}

// run attaches, and with -ipcreconnect attaches again after every lost
// connection.
func (w *attached) run(ctx context.Context) error {
	reconnect := w.a.GetBool("ipcreconnect", false)
	delay := minReconnect
	for attempt := 0; ; attempt++ {
		lost, err := w.session(ctx, attempt > 0)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && (!reconnect || !errors.Is(err, ipc.ErrDisconnected) && !errors.Is(err, ipc.ErrAddress)):
			return err
		case lost && !reconnect:
			return errors.New("lost the connection to the node; start bitcoin-wallet again (or use -ipcreconnect) to re-attach")
		}
		if lost {
			delay = minReconnect // it was attached: start the backoff over
		}
		if err != nil {
			w.log.Warn(fmt.Sprintf("Attaching to the node at %s failed (%v); retrying in %v", w.address, err, delay))
		} else {
			w.log.Warn(fmt.Sprintf("Lost the connection to the node at %s; reconnecting in %v", w.address, delay))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, maxReconnect)
	}
}

// session attaches once and serves until ctx ends (detach, lost=false) or
// the connection ends (lost=true).
func (w *attached) session(ctx context.Context, again bool) (lost bool, err error) {
	init, conn, err := w.ipc.Connect(ctx, w.address, w.netDir, ipc.WithCredentials(w.a.GetString("ipccredentials", "")))
	if err != nil {
		return false, err
	}
	defer conn.Close()
	chain, err := init.MakeChain(ctx)
	if err != nil {
		return false, fmt.Errorf("the node at %s did not give its chain: %w", w.address, err)
	}
	network, err := chain.Network(ctx)
	if err != nil {
		return false, err
	}
	if want := string(w.a.Chain()); network != want {
		return false, fmt.Errorf("the node at %s runs %s, this wallet is for %s", w.address, network, want)
	}
	loader, err := wallet.NewLoader(&wallet.Config{
		Chain:            &localSettings{Chain: chain, a: w.a, netDir: w.netDir},
		StrictWalletList: true,
		WalletDir:        base.WalletDir(w.a.GetAll("walletdir"), w.netDir),
		Logger:           w.logs.Logger("walletdb"),
		RegisterRPC:      walletrpc.Register,
	})
	if err != nil {
		return false, err
	}
	defer loader.Stop(context.Background())
	if err := loader.Load(ctx); err != nil {
		if conn.Err() != nil {
			return true, fmt.Errorf("%w: %v", ipc.ErrDisconnected, err)
		}
		return false, err
	}
	names, _ := loader.ListLoaded(ctx)
	verb := "Attached"
	if again {
		verb = "Re-attached"
	}
	w.log.Info(fmt.Sprintf("%s to the node at %s (%s); wallets: %s", verb, w.address, network, strings.Join(names, ", ")))
	select {
	case <-ctx.Done():
		stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := loader.Flush(stopCtx); err != nil {
			w.log.Warn("flushing wallets: " + err.Error())
		}
		if err := loader.Stop(stopCtx); err != nil {
			w.log.Warn("detaching: " + err.Error())
		}
		w.log.Info("Detached from the node at " + w.address)
		return false, nil
	case <-conn.Done():
		w.log.Warn(fmt.Sprintf("The node at %s closed the connection (%v)", w.address, conn.Err()))
		return true, nil
	}
}

// localSettings answers the wallet's GetSetting from this process's own
// options: an attached wallet follows its own command line, not the node's.
type localSettings struct {
	interfaces.Chain
	a      *args.Args
	netDir string
}

func (c *localSettings) GetSetting(_ context.Context, name string) ([]string, error) {
	if name == base.NetDataDirSetting {
		return []string{c.netDir}, nil
	}
	return base.Setting(c.a, name), nil
}

// UpdateWalletSetting answers false: an attached wallet process loads the
// wallets of its own -wallet options and keeps no settings file, and the
// node's start-up list is not its to change. load_on_startup then warns
// that the setting could not be updated, which is true.
func (c *localSettings) UpdateWalletSetting(context.Context, string, bool) (bool, error) {
	return false, nil
}

// attachOptions are the wallet options of bitcoin-node (Core's
// AddWalletOptions) that an attached wallet honours, and -ipcreconnect.
func attachOptions() []args.Option {
	var out []args.Option
	for _, o := range args.Claim(args.CoreServer, base.WalletOptionNames...) {
		if o.Support == args.Implemented {
			out = append(out, o)
		}
	}
	out = append(out, args.AttachedWallet...)
	return out
}
