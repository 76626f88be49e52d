package bitcoinnode

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bulkhead-btc/bulkhead/init/nodeinit"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Restart backoff: the first respawn waits minBackoff, each further one
// twice as long up to maxBackoff; a process that ran stableAfter counts as
// healthy again.
const (
	minBackoff  = time.Second
	maxBackoff  = time.Minute
	stableAfter = time.Minute
)

// walletProcess runs the wallet in a bitcoin-wallet child process and keeps
// the node serving when it dies. The child's RPC methods go through a
// nodeinit.Client, so they end with it. While no child runs, wallet RPCs
// answer at once with a clear error, except loadwallet and createwallet,
// which start a new child. With -walletrestart=N the node itself respawns
// a child that died, up to N times in a row with backoff, and reloads the
// wallets it had loaded.
type walletProcess struct {
	ipc      *ipc.IPC
	wallets  *nodeinit.WalletClients
	log      *slog.Logger
	restarts int // -walletrestart

	mu         sync.Mutex
	ctx        context.Context // the node's lifetime
	proc       *ipc.Process
	loader     interfaces.WalletLoader
	started    time.Time
	loaded     []string // wallet names to reload after a crash
	gone       string   // why the last child ended
	restarted  int      // respawns in a row
	restarting bool     // a respawn is scheduled
	total      int      // respawns since the node started
	closing    bool
}

// restartMethods start a new wallet process when called while none runs.
var restartMethods = map[string]bool{"loadwallet": true, "createwallet": true}

func newWalletProcess(p *ipc.IPC, wallets *nodeinit.WalletClients, restarts int, log *slog.Logger) *walletProcess {
	w := &walletProcess{ipc: p, wallets: wallets, restarts: restarts, log: log}
	wallets.SetFallback(w.fallback)
	return w
}

// start spawns bitcoin-wallet and loads the -wallet wallets in it.
func (w *walletProcess) start(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx = ctx
	return w.startLocked(ctx, false)
}

// startLocked spawns a child and loads the -wallet wallets, and with
// reload the ones the last child had loaded.
func (w *walletProcess) startLocked(ctx context.Context, reload bool) error {
	init, proc, err := w.ipc.Spawn(ctx, "bitcoin-wallet")
	if err != nil {
		return fmt.Errorf("starting the wallet process: %w", err)
	}
	client := w.wallets.NewOwnClient(fmt.Sprintf("bitcoin-wallet-%d", proc.Pid()))
	client.After = w.observe
	loader, err := init.MakeWalletLoader(ctx, client)
	if err != nil {
		proc.Kill()
		client.Close()
		return fmt.Errorf("starting the wallet process: %w", err)
	}
	w.proc, w.loader, w.started = proc, loader, time.Now()
	w.log.Info(fmt.Sprintf("Wallet process started (pid %d)", proc.Pid()))
	go w.watch(proc, client)
	if err := loader.Load(ctx); err != nil {
		return fmt.Errorf("loading wallets: %w", err)
	}
	if !reload {
		// A new start, not a restart: the last process's wallets are not
		// reloaded, and their names no longer kept for them.
		w.loaded = nil
		w.wallets.ReleaseReserved()
	}
	w.reloadLocked(ctx, loader)
	return nil
}

// reloadLocked loads the wallets a crashed child had loaded beyond -wallet,
// and remembers what is loaded now.
func (w *walletProcess) reloadLocked(ctx context.Context, loader interfaces.WalletLoader) {
	now, err := loader.ListLoaded(ctx)
	if err != nil {
		w.log.Warn("listing loaded wallets: " + err.Error())
		return
	}
	for _, name := range w.loaded {
		if slices.Contains(now, name) {
			continue
		}
		if _, err := loader.LoadWallet(ctx, name); err != nil {
			w.log.Warn(fmt.Sprintf("Reloading wallet %q after the wallet process restart failed: %v", name, err))
			continue
		}
		w.log.Info(fmt.Sprintf("Reloaded wallet %q in the new wallet process", name))
		now = append(now, name)
	}
	w.loaded = now
}

// watch waits for the child to end, ends its registrations and, with
// -walletrestart, starts a new one.
func (w *walletProcess) watch(proc *ipc.Process, client *nodeinit.Client) {
	err := proc.Wait()
	<-proc.Connection().Done()
	client.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.proc != proc {
		return
	}
	w.proc, w.loader = nil, nil
	if w.closing {
		return
	}
	w.gone = "exited"
	if err != nil {
		w.gone = err.Error()
	}
	if time.Since(w.started) >= stableAfter {
		w.restarted = 0
	}
	if w.restarted >= w.restarts {
		w.log.Warn(fmt.Sprintf("Wallet process %d ended (%s); the node keeps running. Wallet RPCs fail until loadwallet or createwallet starts a new one.", proc.Pid(), w.gone))
		return
	}
	delay := w.scheduleRestartLocked()
	w.log.Warn(fmt.Sprintf("Wallet process %d ended (%s); restarting it in %v (restart %d of %d in a row, -walletrestart=%d)", proc.Pid(), w.gone, delay, w.restarted, w.restarts, w.restarts))
}

// scheduleRestartLocked counts a respawn and starts it after the backoff,
// which it returns.
func (w *walletProcess) scheduleRestartLocked() time.Duration {
	delay := min(minBackoff<<w.restarted, maxBackoff)
	w.restarted++
	w.restarting = true
	go w.restartAfter(delay)
	return delay
}

// restartAfter respawns the child after delay unless the node stops or
// another one started meanwhile.
func (w *walletProcess) restartAfter(delay time.Duration) {
	select {
	case <-w.ctx.Done():
		return
	case <-time.After(delay):
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.restarting = false
	if w.closing || w.proc != nil {
		return
	}
	w.total++
	if err := w.startLocked(w.ctx, true); err != nil {
		w.log.Error("Restarting the wallet process failed: " + err.Error())
		if w.proc == nil && w.restarted < w.restarts {
			w.scheduleRestartLocked()
		}
		return
	}
	w.log.Info(fmt.Sprintf("Wallet process restarted (pid %d); wallets loaded: %s", w.proc.Pid(), strings.Join(w.loaded, ", ")))
}

// fallback answers wallet RPCs meant for the wallet process while none
// runs. The lock waits for a start in progress, whose methods then answer.
func (w *walletProcess) fallback(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	w.mu.Lock()
	if w.proc != nil || w.closing {
		w.mu.Unlock()
		return w.wallets.Execute(ctx, req)
	}
	if !restartMethods[req.Method] {
		gone, next := w.gone, "loadwallet or createwallet starts a new one"
		if w.restarting {
			next = "the node is restarting it (-walletrestart)"
		}
		w.mu.Unlock()
		return "", rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "Wallet process is not running (%s); %s", gone, next)
	}
	w.log.Info("Restarting the wallet process for " + req.Method)
	w.total++
	err := w.startLocked(ctx, false)
	w.mu.Unlock()
	if err != nil {
		return "", rpcerr.Errorf(rpcerr.RPC_WALLET_ERROR, "Could not restart the wallet process: %v", err)
	}
	return w.wallets.Execute(ctx, req)
}

// observe follows which wallets the child has loaded (to reload them after
// a crash) and adds the process's state to getwalletinfo.
func (w *walletProcess) observe(req interfaces.RPCRequest, res string, err error) (string, error) {
	if err != nil {
		return res, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch req.Method {
	case "loadwallet", "createwallet":
		var r struct{ Name string }
		if json.Unmarshal([]byte(res), &r) == nil && r.Name != "" && !slices.Contains(w.loaded, r.Name) {
			w.loaded = append(w.loaded, r.Name)
		}
	case "unloadwallet":
		name, named := nodeinit.RequestedWallet(req)
		if !named && len(w.loaded) == 1 {
			name = w.loaded[0] // the only wallet, as the wallet itself picks
		}
		w.loaded = slices.DeleteFunc(w.loaded, func(n string) bool { return n == name })
	case "getwalletinfo":
		return w.withProcessInfoLocked(res), nil
	}
	return res, nil
}

// withProcessInfoLocked adds a "walletprocess" object to a getwalletinfo
// result: the child's pid, when it started, how often the node restarted
// it and why the last one ended.
func (w *walletProcess) withProcessInfoLocked(res string) string {
	res = strings.TrimSpace(res)
	if w.proc == nil || !strings.HasSuffix(res, "}") {
		return res
	}
	info := struct {
		Pid      int    `json:"pid"`
		Started  int64  `json:"started"`
		Restarts int    `json:"restarts"`
		LastExit string `json:"last_exit,omitempty"`
	}{w.proc.Pid(), w.started.Unix(), w.total, w.gone}
	b, err := json.Marshal(info)
	if err != nil {
		return res
	}
	return res[:len(res)-1] + `,"walletprocess":` + string(b) + "}"
}

// stop flushes and stops the wallets and ends the child, within
// stopGrace: a child that is stuck does not hold the node's shutdown up,
// it is killed.
func (w *walletProcess) stop(ctx context.Context) {
	w.mu.Lock()
	w.closing = true
	loader, proc := w.loader, w.proc
	w.mu.Unlock()
	if proc == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, stopGrace)
	defer cancel()
	if loader != nil {
		if err := loader.Flush(ctx); err != nil {
			w.log.Warn("flushing wallets: " + err.Error())
		}
		if err := loader.Stop(ctx); err != nil {
			w.log.Warn("stopping wallets: " + err.Error())
		}
	}
	// The child exits once its connection closes.
	go proc.Connection().Close()
	select {
	case <-proc.Done():
		return
	case <-ctx.Done():
	case <-time.After(exitGrace):
	}
	select {
	case <-proc.Done():
	default:
		w.log.Warn(fmt.Sprintf("Wallet process %d did not stop within %v of the node's shutdown; killed it", proc.Pid(), stopGrace))
		proc.Kill()
		proc.Wait()
	}
}

// stopGrace bounds how long the node's shutdown waits for its wallet
// process; exitGrace how long, after the wallets stopped, for its exit.
const (
	stopGrace = 3 * time.Second
	exitGrace = time.Second
)
