package nodeinit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// WalletClients routes wallet RPCs to the wallet processes attached to the
// node: the spawned bitcoin-wallet and any number that attached through
// -ipcbind. Each gets its own Client, a view of the node's Chain whose
// registrations end when the Client is closed (its process detached or
// died). The node registers each wallet method once and keeps it: a call
// goes to the clients in the order they registered; one that answers "wallet
// not found" (-18) passes it on to the next. With no client left the method
// answers "wallet not loaded" rather than disappearing.
type WalletClients struct {
	chain interfaces.Chain
	log   *slog.Logger

	mu       sync.Mutex
	routes   map[string]*route
	claims   map[string]*Client // wallet names and the client serving them
	fallback Fallback
}

// Fallback answers a wallet RPC that no client handled: lastErr is the last
// client's "wallet not found" error, nil when no client serves the method.
type Fallback func(ctx context.Context, req interfaces.RPCRequest, lastErr error) (string, error)

// route is one wallet method as the node registered it.
type route struct {
	wc      *WalletClients
	name    string
	clients []*clientMethod // copy on write, in registration order
}

// clientMethod is one client's handler for a method.
type clientMethod struct {
	client *Client
	h      interfaces.RPCHandler
}

// NewWalletClients routes wallet methods registered through its clients to
// chain's RPC server.
func NewWalletClients(chain interfaces.Chain, log *slog.Logger) *WalletClients {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &WalletClients{chain: chain, log: log, routes: map[string]*route{}, claims: map[string]*Client{}}
}

// SetFallback sets what answers a call no client handled.
func (wc *WalletClients) SetFallback(f Fallback) {
	wc.mu.Lock()
	wc.fallback = f
	wc.mu.Unlock()
}

// NewClient returns the Chain a wallet process called name uses.
func (wc *WalletClients) NewClient(name string) *Client {
	return &Client{Chain: wc.chain, wc: wc, name: name, regs: map[*clientReg]struct{}{}}
}

// add registers c's handler for cmd, registering the method with the node
// the first time any client offers it.
func (wc *WalletClients) add(ctx context.Context, cmd interfaces.RPCCommand, cm *clientMethod) (*route, error) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	r := wc.routes[cmd.Name]
	if r == nil {
		r = &route{wc: wc, name: cmd.Name}
		if _, err := wc.chain.HandleRPC(ctx, cmd, r); err != nil {
			return nil, err
		}
		wc.routes[cmd.Name] = r
	}
	r.clients = append(slices.Clip(r.clients), cm)
	return r, nil
}

func (wc *WalletClients) remove(r *route, cm *clientMethod) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	r.clients = slices.DeleteFunc(slices.Clone(r.clients), func(x *clientMethod) bool { return x == cm })
}

func (r *route) snapshot() ([]*clientMethod, Fallback) {
	r.wc.mu.Lock()
	defer r.wc.mu.Unlock()
	return r.clients, r.wc.fallback
}

// ExecuteRPC runs a call on the clients, then, if none had the wallet, on
// the fallback.
func (r *route) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	clients, fallback := r.snapshot()
	res, err := r.execute(ctx, clients, req)
	if fallback != nil && (len(clients) == 0 || err != nil && rpc.AsError(err).Code == rpc.RPC_WALLET_NOT_FOUND) {
		if len(clients) == 0 {
			err = nil
		}
		return fallback(ctx, req, err)
	}
	return res, err
}

// execute runs a call on the first client that has the wallet it names.
// listwallets gathers the wallets of every client.
func (r *route) execute(ctx context.Context, clients []*clientMethod, req interfaces.RPCRequest) (string, error) {
	if r.name == "listwallets" && len(clients) != 1 {
		return listAll(ctx, clients, req)
	}
	if len(clients) > 1 && !req.WalletEndpoint && selectsWallet(r.name) && r.wc.claimed() > 1 {
		// Each process would pick its only wallet: the request is as
		// ambiguous as Core finds it with several wallets in one process.
		return "", rpc.Errorf(rpc.RPC_WALLET_NOT_SPECIFIED, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
	}
	var err error = rpc.Errorf(rpc.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
	for _, cm := range clients {
		var res string
		res, err = cm.execute(ctx, req)
		if err == nil || rpc.AsError(err).Code != rpc.RPC_WALLET_NOT_FOUND {
			return res, err
		}
	}
	return "", err
}

// selectsWallet says whether a wallet method works on the wallet the
// request names (or the only one loaded), as all but these do.
func selectsWallet(method string) bool {
	switch method {
	case "createwallet", "loadwallet", "unloadwallet", "listwallets", "listwalletdir", "restorewallet":
		return false
	}
	return true
}

// claimed is how many wallets are loaded across the clients.
func (wc *WalletClients) claimed() int {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	return len(wc.claims)
}

// Execute runs a wallet call on the clients only, without the fallback.
func (wc *WalletClients) Execute(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	wc.mu.Lock()
	r := wc.routes[req.Method]
	wc.mu.Unlock()
	if r == nil {
		return "", rpc.Errorf(rpc.RPC_METHOD_NOT_FOUND, "Method not found")
	}
	clients, _ := r.snapshot()
	return r.execute(ctx, clients, req)
}

// execute calls the client, turning a call cut off by its process's end
// into a clear RPC error.
func (cm *clientMethod) execute(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	res, err := cm.h.ExecuteRPC(ctx, req)
	if err != nil && errors.Is(err, ipc.ErrDisconnected) {
		err = rpc.Errorf(rpc.RPC_WALLET_NOT_FOUND, "Wallet process %s ended during the call (%v)", cm.client.name, err)
	}
	if cm.client.After != nil {
		return cm.client.After(req, res, err)
	}
	return res, err
}

// listAll concatenates the clients' listwallets answers.
func listAll(ctx context.Context, clients []*clientMethod, req interfaces.RPCRequest) (string, error) {
	all := []string{}
	for _, cm := range clients {
		res, err := cm.execute(ctx, req)
		if err != nil {
			return "", err
		}
		var names []string
		if err := json.Unmarshal([]byte(res), &names); err != nil {
			return "", rpc.Errorf(rpc.RPC_MISC_ERROR, "listwallets from %s: %v", cm.client.name, err)
		}
		all = append(all, names...)
	}
	out, err := json.Marshal(all)
	return string(out), err
}

// Client is one wallet process's Chain: the node's, with the RPC methods
// and notification subscriptions it makes tracked so that Close ends them.
type Client struct {
	interfaces.Chain
	// After, when set, sees (and may amend) every call's outcome.
	After func(req interfaces.RPCRequest, res string, err error) (string, error)

	wc   *WalletClients
	name string

	mu     sync.Mutex
	regs   map[*clientReg]struct{}
	closed bool
}

// clientReg is one registration a client made.
type clientReg struct {
	c    *Client
	once sync.Once
	end  func(ctx context.Context) error
}

func (g *clientReg) Disconnect(ctx context.Context) error {
	var err error
	g.once.Do(func() {
		g.c.mu.Lock()
		delete(g.c.regs, g)
		g.c.mu.Unlock()
		err = g.end(ctx)
	})
	return err
}

// track keeps a registration until Disconnect or Close; after Close it is
// ended at once.
func (c *Client) track(ctx context.Context, end func(ctx context.Context) error) (interfaces.Handler, error) {
	g := &clientReg{c: c, end: end}
	c.mu.Lock()
	closed := c.closed
	if !closed {
		c.regs[g] = struct{}{}
	}
	c.mu.Unlock()
	if closed {
		g.Disconnect(ctx)
		return nil, ipc.ErrDisconnected
	}
	return g, nil
}

// HandleRPC adds the client's handler to the node's routing of cmd.
func (c *Client) HandleRPC(ctx context.Context, cmd interfaces.RPCCommand, h interfaces.RPCHandler) (interfaces.Handler, error) {
	cm := &clientMethod{client: c, h: h}
	r, err := c.wc.add(ctx, cmd, cm)
	if err != nil {
		return nil, err
	}
	return c.track(ctx, func(context.Context) error {
		c.wc.remove(r, cm)
		return nil
	})
}

// HandleNotifications subscribes target to the node's notifications.
func (c *Client) HandleNotifications(ctx context.Context, target interfaces.ChainNotifications) (interfaces.Handler, error) {
	h, err := c.Chain.HandleNotifications(ctx, target)
	if err != nil {
		return nil, err
	}
	return c.track(ctx, h.Disconnect)
}

// ClaimWallet reserves a wallet name for this client until the returned
// Handler is disconnected or the client closes. A claim held by an older
// client of the same name (the same TCP credential, or the same local
// process) is taken over and that client closed: it is the process
// reconnecting before the node noticed its old connection die.
func (c *Client) ClaimWallet(ctx context.Context, name string) (interfaces.Handler, error) {
	wc := c.wc
	wc.mu.Lock()
	holder := wc.claims[name]
	if holder != nil && holder != c && holder.name != c.name {
		wc.mu.Unlock()
		return nil, fmt.Errorf("Wallet \"%s\" is already loaded by another wallet process (%s)", name, holder.name)
	}
	wc.claims[name] = c
	wc.mu.Unlock()
	if holder != nil && holder != c {
		wc.log.Info(fmt.Sprintf("Wallet client %s reconnected: its previous connection's registrations end", c.name))
		holder.Close()
	}
	return c.track(ctx, func(context.Context) error {
		wc.mu.Lock()
		if wc.claims[name] == c {
			delete(wc.claims, name)
		}
		wc.mu.Unlock()
		return nil
	})
}

// Close ends every registration the client made: its RPC methods go to the
// remaining clients (or answer "wallet not loaded") and it gets no more
// notifications.
func (c *Client) Close() {
	c.mu.Lock()
	c.closed = true
	regs := make([]*clientReg, 0, len(c.regs))
	for g := range c.regs {
		regs = append(regs, g)
	}
	c.mu.Unlock()
	for _, g := range regs {
		g.Disconnect(context.Background())
	}
	if len(regs) > 0 {
		c.wc.log.Info("Wallet client " + c.name + " detached")
	}
}
