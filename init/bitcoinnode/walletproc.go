package bitcoinnode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// walletProcess runs the wallet in a bitcoin-wallet child process and keeps
// the node serving when it dies. The child gets the node's Chain through a
// wrapper that records the RPC methods it registers; when the child exits,
// those methods are replaced by stand-ins that answer at once with a clear
// error, except loadwallet and createwallet, which start a new child (it
// catches up on the blocks it missed) and then run there.
type walletProcess struct {
	ipc   *ipc.IPC
	chain interfaces.Chain
	log   *slog.Logger

	mu      sync.Mutex
	proc    *ipc.Process
	loader  interfaces.WalletLoader
	methods map[string]*forwarded // registered by the running child
	stubs   []interfaces.Handler  // stand-ins while no child runs
	gone    string                // why the last child ended
	closing bool
}

// forwarded is one RPC method a child registered.
type forwarded struct {
	cmd     interfaces.RPCCommand
	handler interfaces.RPCHandler
	reg     interfaces.Handler // the node's registration
}

// restartMethods start a new wallet process when called while none runs.
var restartMethods = map[string]bool{"loadwallet": true, "createwallet": true}

func newWalletProcess(p *ipc.IPC, chain interfaces.Chain, log *slog.Logger) *walletProcess {
	return &walletProcess{ipc: p, chain: chain, log: log, methods: map[string]*forwarded{}}
}

// start spawns bitcoin-wallet and loads the -wallet wallets in it.
func (w *walletProcess) start(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.startLocked(ctx)
}

func (w *walletProcess) startLocked(ctx context.Context) error {
	for _, s := range w.stubs {
		s.Disconnect(ctx)
	}
	w.stubs = nil
	init, proc, err := w.ipc.Spawn(ctx, "bitcoin-wallet")
	if err != nil {
		return fmt.Errorf("starting the wallet process: %w", err)
	}
	loader, err := init.MakeWalletLoader(ctx, &recordingChain{Chain: w.chain, w: w})
	if err != nil {
		proc.Kill()
		return fmt.Errorf("starting the wallet process: %w", err)
	}
	w.proc, w.loader = proc, loader
	w.log.Info(fmt.Sprintf("Wallet process started (pid %d)", proc.Pid()))
	go w.watch(proc)
	// Load takes the lock through recordingChain.HandleRPC: release it.
	w.mu.Unlock()
	err = loader.Load(ctx)
	w.mu.Lock()
	if err != nil {
		return fmt.Errorf("loading wallets: %w", err)
	}
	return nil
}

// watch waits for the child to end and puts the stand-ins in place.
func (w *walletProcess) watch(proc *ipc.Process) {
	err := proc.Wait()
	<-proc.Connection().Done()
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
	w.log.Warn(fmt.Sprintf("Wallet process %d ended (%s); the node keeps running. Wallet RPCs fail until loadwallet or createwallet starts a new one.", proc.Pid(), w.gone))
	ctx := context.Background()
	for name, f := range w.methods {
		f.reg.Disconnect(ctx)
		h, err := w.chain.HandleRPC(ctx, f.cmd, &standIn{w: w, name: name})
		if err != nil {
			w.log.Error("registering a stand-in for " + name + ": " + err.Error())
			continue
		}
		w.stubs = append(w.stubs, h)
	}
	w.methods = map[string]*forwarded{}
}

// stop flushes and stops the wallets and ends the child.
func (w *walletProcess) stop(ctx context.Context) {
	w.mu.Lock()
	w.closing = true
	loader, proc := w.loader, w.proc
	w.mu.Unlock()
	if loader != nil {
		if err := loader.Flush(ctx); err != nil {
			w.log.Warn("flushing wallets: " + err.Error())
		}
		if err := loader.Stop(ctx); err != nil {
			w.log.Warn("stopping wallets: " + err.Error())
		}
	}
	if proc != nil {
		proc.Connection().Close()
		proc.Wait()
	}
}

// recordingChain is the Chain the child sees: the node's, with its RPC
// registrations recorded.
type recordingChain struct {
	interfaces.Chain
	w *walletProcess
}

func (c *recordingChain) HandleRPC(ctx context.Context, cmd interfaces.RPCCommand, h interfaces.RPCHandler) (interfaces.Handler, error) {
	reg, err := c.Chain.HandleRPC(ctx, cmd, crashGuard{h})
	if err != nil {
		return nil, err
	}
	f := &forwarded{cmd: cmd, handler: h, reg: reg}
	c.w.mu.Lock()
	c.w.methods[cmd.Name] = f
	c.w.mu.Unlock()
	return &recordedHandler{f: f, w: c.w}, nil
}

// recordedHandler unregisters a method and forgets it.
type recordedHandler struct {
	f *forwarded
	w *walletProcess
}

func (h *recordedHandler) Disconnect(ctx context.Context) error {
	h.w.mu.Lock()
	if h.w.methods[h.f.cmd.Name] == h.f {
		delete(h.w.methods, h.f.cmd.Name)
	}
	h.w.mu.Unlock()
	return h.f.reg.Disconnect(ctx)
}

// standIn answers a wallet RPC while no wallet process runs.
type standIn struct {
	w    *walletProcess
	name string
}

func (s *standIn) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	w := s.w
	w.mu.Lock()
	if !restartMethods[s.name] {
		gone := w.gone
		w.mu.Unlock()
		return "", rpc.Errorf(rpc.RPC_WALLET_NOT_FOUND, "Wallet process is not running (%s); loadwallet or createwallet starts a new one", gone)
	}
	if w.proc == nil {
		w.log.Info("Restarting the wallet process for " + s.name)
		if err := w.startLocked(ctx); err != nil {
			w.mu.Unlock()
			return "", rpc.Errorf(rpc.RPC_WALLET_ERROR, "Could not restart the wallet process: %v", err)
		}
	}
	f := w.methods[s.name]
	w.mu.Unlock()
	if f == nil {
		return "", rpc.Errorf(rpc.RPC_METHOD_NOT_FOUND, "Method not found")
	}
	return f.handler.ExecuteRPC(ctx, req)
}

// crashGuard turns a call cut off by the wallet process's death into a
// clear RPC error.
type crashGuard struct{ h interfaces.RPCHandler }

func (g crashGuard) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	res, err := g.h.ExecuteRPC(ctx, req)
	if err != nil && errors.Is(err, ipc.ErrDisconnected) {
		return "", rpc.Errorf(rpc.RPC_WALLET_NOT_FOUND, "Wallet process exited during the call (%v); loadwallet or createwallet starts a new one", err)
	}
	return res, err
}
