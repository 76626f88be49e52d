package nodeinit

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// WalletClients routes wallet RPCs to the wallet processes of the node: its
// own (the spawned bitcoin-wallet, or bitcoind's wallets in process) and
// any number attached through -ipcbind. Each gets its own Client, a view of
// the node's Chain whose registrations end when the Client is closed (its
// process detached or died).
//
// A request goes to exactly one process, chosen by the node, never by
// asking the processes in turn:
//   - one for wallet W (its /wallet/W endpoint, or unloadwallet W) to the
//     process holding the claim on W (Client.ClaimWallet), or, when no
//     process holds it, to the node's own process, which answers that W is
//     not loaded;
//   - one without a wallet name to the process holding the one loaded
//     wallet, or fails with Core's -19 when several are loaded; with none
//     loaded, to the node's own process (Core's "No wallet is loaded");
//   - createwallet, loadwallet, restorewallet and listwalletdir to the
//     node's own process only (a node without one answers Core's "Method
//     not found", as Core does with -disablewallet);
//   - listwallets is answered by the node from the claims.
//
// With no own process to ask, the fallback answers (bitcoin-node's, which
// restarts its wallet process); without one, the node answers as Core
// does when the wallet is not there.
type WalletClients struct {
	chain interfaces.Chain
	log   *slog.Logger

	mu       sync.Mutex
	routes   map[string]*route
	claims   map[string]claim // the loaded wallets by name
	seq      uint64           // claims made, to list wallets in load order
	reserved map[string]bool  // names of the node's own wallets, kept for its own process
	own      *Client          // the node's own wallet process now, nil when none runs
	fallback Fallback
}

// claim is a wallet name held by a client.
type claim struct {
	client *Client
	seq    uint64
}

// Fallback answers a wallet RPC meant for the node's own wallet process
// while none runs.
type Fallback func(ctx context.Context, req interfaces.RPCRequest) (string, error)

// route is one wallet method as the node registered it with its RPC server.
// Its fields are guarded by WalletClients.mu.
type route struct {
	wc       *WalletClients
	name     string
	handlers map[*Client]interfaces.RPCHandler
	reg      interfaces.Handler // the registration with the RPC server
	ownHelp  bool               // reg carries the help the node's own process gave
	kept     bool               // the node's own process registered it: it stays when no process serves it
}

// NewWalletClients routes wallet methods registered through its clients to
// chain's RPC server.
func NewWalletClients(chain interfaces.Chain, log *slog.Logger) *WalletClients {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &WalletClients{chain: chain, log: log, routes: map[string]*route{}, claims: map[string]claim{}, reserved: map[string]bool{}}
}

// SetFallback sets what answers a call for the node's own wallet process
// while none runs.
func (wc *WalletClients) SetFallback(f Fallback) {
	wc.mu.Lock()
	wc.fallback = f
	wc.mu.Unlock()
}

// NewClient returns the Chain of a wallet process attached through
// -ipcbind: name is how logs and errors call it, id its identity
// (ipc.Peer.ID), which decides whether a new connection is the same
// process reconnecting; an empty id matches no other.
func (wc *WalletClients) NewClient(name, id string) *Client {
	return &Client{Chain: wc.chain, wc: wc, name: name, id: id, regs: map[*clientReg]struct{}{}}
}

// NewOwnClient returns the Chain of the node's own wallet process (a
// spawned bitcoin-wallet, or bitcoind's wallets), which takes over from
// the previous one. The Client itself is its credential: no connection can
// make one, so nothing a client sends can pass for the node's own process.
func (wc *WalletClients) NewOwnClient(name string) *Client {
	c := wc.NewClient(name, "")
	c.own = true
	wc.mu.Lock()
	wc.own = c
	wc.mu.Unlock()
	return c
}

// ReleaseReserved gives up the names of the node's own wallets that its
// wallet process does not hold now: the node will not reload them (its
// wallet process was started anew, not restarted).
func (wc *WalletClients) ReleaseReserved() {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	for name := range wc.reserved {
		if wc.claims[name].client == nil {
			delete(wc.reserved, name)
		}
	}
}

// add registers c's handler for cmd, registering the method with the node's
// RPC server when no process serves it yet. The help shown is the node's
// own process's when it has registered the method.
func (wc *WalletClients) add(ctx context.Context, c *Client, cmd interfaces.RPCCommand, h interfaces.RPCHandler) error {
	if !walletMethods[cmd.Name] {
		return newError(ErrUnknownMethod, "%q is not a wallet method of this node; a wallet process may register only those", cmd.Name)
	}
	wc.mu.Lock()
	defer wc.mu.Unlock()
	r := wc.routes[cmd.Name]
	if r != nil && r.handlers[c] != nil {
		return newError(ErrUnknownMethod, "%s is registered already by this wallet process", cmd.Name)
	}
	if r == nil || c.own && !r.ownHelp {
		fresh := r
		if fresh == nil {
			fresh = &route{wc: wc, name: cmd.Name, handlers: map[*Client]interfaces.RPCHandler{}}
		}
		reg, err := wc.chain.HandleRPC(ctx, cmd, fresh)
		if err != nil {
			return err
		}
		if r == nil {
			r = fresh
			wc.routes[cmd.Name] = r
		} else {
			// Replaces an attached process's registration (its help).
			r.reg.Disconnect(ctx)
		}
		r.reg, r.ownHelp = reg, c.own
	}
	r.kept = r.kept || c.own
	r.handlers[c] = h
	return nil
}

// remove ends c's handler for method; a method no process serves any more
// leaves the RPC server (and help), unless the node's own process had
// registered it: its calls then reach the fallback.
func (wc *WalletClients) remove(c *Client, method string) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	r := wc.routes[method]
	if r == nil {
		return
	}
	delete(r.handlers, c)
	if len(r.handlers) == 0 && !r.kept {
		r.reg.Disconnect(context.Background())
		delete(wc.routes, method)
	}
}

// ExecuteRPC runs a call of the route's method (see WalletClients).
func (r *route) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	return r.wc.dispatch(ctx, req, true)
}

// Execute runs a wallet call as the node's RPC server does, but without
// the fallback.
func (wc *WalletClients) Execute(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	return wc.dispatch(ctx, req, false)
}

func (wc *WalletClients) dispatch(ctx context.Context, req interfaces.RPCRequest, useFallback bool) (string, error) {
	if req.Method == "listwallets" {
		return wc.listWallets()
	}
	c, h, fallback, err := wc.target(req)
	if err != nil {
		return "", err
	}
	if h != nil {
		return c.call(ctx, h, req)
	}
	if useFallback && fallback != nil {
		return fallback(ctx, req)
	}
	// No wallet process of the node's own to ask.
	if ownProcessOnly(req.Method) {
		return "", rpcerr.Errorf(rpcerr.RPC_METHOD_NOT_FOUND, "Method not found (this node runs no wallet process of its own: -disablewallet or -nowallet)")
	}
	if _, named := RequestedWallet(req); named || wc.loaded() > 0 {
		return "", rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
	}
	return "", rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)")
}

// target picks the one process that gets req: its client and handler
// (nil when it is the node's own process and none runs), and the
// fallback.
func (wc *WalletClients) target(req interfaces.RPCRequest) (*Client, interfaces.RPCHandler, Fallback, error) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	r := wc.routes[req.Method]
	if r == nil {
		return nil, nil, nil, rpcerr.Errorf(rpcerr.RPC_METHOD_NOT_FOUND, "Method not found")
	}
	c := wc.own
	if !ownProcessOnly(req.Method) {
		name, named := RequestedWallet(req)
		if !named {
			loaded := wc.loadedLocked()
			if len(loaded) > 1 {
				return nil, nil, nil, rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_SPECIFIED, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
			}
			if len(loaded) == 1 {
				name, named = loaded[0], true
			}
		}
		if holder := wc.claims[name].client; named && holder != nil {
			c = holder
			if r.handlers[c] == nil {
				return nil, nil, nil, rpcerr.Errorf(rpcerr.RPC_METHOD_NOT_FOUND, "Method not found (the wallet process of %q does not serve it)", name)
			}
		}
	}
	if c == nil {
		return nil, nil, wc.fallback, nil
	}
	return c, r.handlers[c], wc.fallback, nil
}

// loadedLocked lists the loaded wallets: those claimed, and those of the
// node's own process that it is restarting.
func (wc *WalletClients) loadedLocked() []string {
	var names []string
	for name := range wc.claims {
		names = append(names, name)
	}
	for name := range wc.reserved {
		if _, ok := wc.claims[name]; !ok {
			names = append(names, name)
		}
	}
	return names
}

func (wc *WalletClients) loaded() int {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	return len(wc.loadedLocked())
}

// listWallets lists the claimed wallets in the order they were loaded. The
// node answers it itself, so no process can change or break the list.
func (wc *WalletClients) listWallets() (string, error) {
	wc.mu.Lock()
	type entry struct {
		name string
		seq  uint64
	}
	list := make([]entry, 0, len(wc.claims))
	for name, cl := range wc.claims {
		list = append(list, entry{name, cl.seq})
	}
	wc.mu.Unlock()
	slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	names := make([]string, len(list))
	for i, e := range list {
		names[i] = e.name
	}
	out, err := json.Marshal(names)
	return string(out), err
}

// handler is c's handler of method, nil if it has none.
func (wc *WalletClients) handler(c *Client, method string) interfaces.RPCHandler {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	if r := wc.routes[method]; r != nil {
		return r.handlers[c]
	}
	return nil
}

// call runs req on c's handler h, turning a call cut off by the process's
// end into a clear RPC error.
func (c *Client) call(ctx context.Context, h interfaces.RPCHandler, req interfaces.RPCRequest) (string, error) {
	res, err := h.ExecuteRPC(ctx, req)
	if err != nil && errors.Is(err, ipc.ErrDisconnected) {
		err = rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "Wallet process %s ended during the call (%v)", c.name, err)
	}
	if c.After != nil {
		return c.After(req, res, err)
	}
	return res, err
}
