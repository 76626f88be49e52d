package nodeinit

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
)

// claimCheckTimeout bounds the node's question to an attached process
// that claims a wallet name: is the wallet loaded there?
const claimCheckTimeout = 10 * time.Second

// What one client (one connection's Chain; the node's own wallet process)
// may register with the node, so that no client pins the node's memory.
// A wallet process registers its RPC methods once (some 70 commands, a
// few hundred KiB of help in Core), one subscription, and the names of
// the wallets it loaded.
const (
	// MaxCommandBytes bounds one RPC method: its name, category, help text
	// and argument names and types; MaxCommandArgs its arguments.
	MaxCommandBytes = 64 << 10
	MaxCommandArgs  = 64
	// MaxClientBytes bounds everything a client registered at once: its
	// methods and the names of the wallets it claimed.
	MaxClientBytes = 1 << 20
	// MaxClientSubscriptions bounds a client's live notification
	// subscriptions (one the node dropped does not count).
	MaxClientSubscriptions = 4
	// MaxClientClaims bounds the wallet names one client holds.
	MaxClientClaims = 1000
	// claimOverhead is what a claim costs beside its name.
	claimOverhead = 64
)

// regKind is what a registration is.
type regKind int

const (
	regMethod regKind = iota
	regNotify
	regClaim
)

// limit is how many registrations of a kind one client may hold.
func (k regKind) limit() int {
	switch k {
	case regNotify:
		return MaxClientSubscriptions
	case regClaim:
		return MaxClientClaims
	}
	return len(walletMethods)
}

func (k regKind) String() string {
	switch k {
	case regNotify:
		return "notification subscriptions"
	case regClaim:
		return "wallet names"
	}
	return "RPC methods"
}

// Client is one wallet process's Chain: the node's, with the RPC methods,
// wallet names and notification subscriptions it takes tracked so that
// Close ends them.
type Client struct {
	interfaces.Chain
	// After, when set, sees (and may amend) every call's outcome.
	After func(req interfaces.RPCRequest, res string, err error) (string, error)

	wc   *WalletClients
	name string // for logs and errors
	id   string // identity: see NewClient
	own  bool   // the node's own wallet process (NewOwnClient)

	// regMu serialises the client's registrations, so that each is
	// checked against the client's bounds (within) and made as one step.
	regMu  sync.Mutex
	mu     sync.Mutex
	regs   map[*clientReg]struct{}
	closed bool
}

// clientReg is one registration a client made.
type clientReg struct {
	c    *Client
	once sync.Once
	end  func(ctx context.Context) error
	kind regKind
	size int // what it counts against MaxClientBytes
	// ended, for a subscription, says whether the node ended it (dropped
	// the subscriber); it then no longer counts.
	ended func() bool
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

// within checks that one more registration of kind and size keeps the
// client within its bounds; c.regMu is held.
func (c *Client) within(kind regKind, size int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	count, bytes := 0, size
	for g := range c.regs {
		if g.ended != nil && g.ended() {
			delete(c.regs, g) // its Disconnect still ends it
			continue
		}
		bytes += g.size
		if g.kind == kind {
			count++
		}
	}
	if count >= kind.limit() {
		return newError(ErrLimit, "wallet process %s holds %d %s, the most the node keeps for one client", c.name, count, kind)
	}
	if bytes > MaxClientBytes {
		return newError(ErrLimit, "wallet process %s would register %d bytes with the node, more than the %d it keeps for one client", c.name, bytes, MaxClientBytes)
	}
	return nil
}

// commandSize is what an RPC method costs the node to keep, or an error
// when it is beyond MaxCommandBytes or MaxCommandArgs.
func commandSize(cmd interfaces.RPCCommand) (int, error) {
	size := len(cmd.Name) + len(cmd.Category) + len(cmd.Help)
	for _, a := range cmd.Args {
		size += len(a.Name) + len(a.Type) + 1
	}
	if len(cmd.Args) > MaxCommandArgs || size > MaxCommandBytes {
		return 0, newError(ErrLimit, "RPC method %.64q is %d bytes with %d arguments; the node keeps at most %d bytes and %d arguments for one method",
			cmd.Name, size, len(cmd.Args), MaxCommandBytes, MaxCommandArgs)
	}
	return size, nil
}

// track keeps a registration until Disconnect or Close; after Close it is
// ended at once.
func (c *Client) track(ctx context.Context, g *clientReg) (interfaces.Handler, error) {
	g.c = c
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

// registrations lists what the client registered and has not ended.
func (c *Client) registrations() []*clientReg {
	c.mu.Lock()
	defer c.mu.Unlock()
	regs := make([]*clientReg, 0, len(c.regs))
	for g := range c.regs {
		regs = append(regs, g)
	}
	return regs
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// HandleRPC adds the client's handler to the node's routing of cmd, which
// must be one of the node's wallet methods, once per client. It gets the
// requests for the wallets the client claimed (see WalletClients).
// The method and its help count against the client's bounds.
func (c *Client) HandleRPC(ctx context.Context, cmd interfaces.RPCCommand, h interfaces.RPCHandler) (interfaces.Handler, error) {
	size, err := commandSize(cmd)
	if err != nil {
		return nil, err
	}
	c.regMu.Lock()
	defer c.regMu.Unlock()
	if err := c.within(regMethod, size); err != nil {
		return nil, err
	}
	if err := c.wc.add(ctx, c, cmd, h); err != nil {
		return nil, err
	}
	return c.track(ctx, &clientReg{kind: regMethod, size: size, end: func(context.Context) error {
		c.wc.remove(c, cmd.Name)
		return nil
	}})
}

// HandleNotifications subscribes target to the node's notifications, at
// most MaxClientSubscriptions at once. The node names the client in its
// log when it drops the subscription.
func (c *Client) HandleNotifications(ctx context.Context, target interfaces.ChainNotifications) (interfaces.Handler, error) {
	c.regMu.Lock()
	defer c.regMu.Unlock()
	if err := c.within(regNotify, 0); err != nil {
		return nil, err
	}
	h, err := c.Chain.HandleNotifications(ctx, namedTarget{ChainNotifications: target, name: c.name})
	if err != nil {
		return nil, err
	}
	g := &clientReg{kind: regNotify, end: h.Disconnect}
	if e, ok := h.(interface{ Ended() bool }); ok {
		g.ended = e.Ended
	}
	return c.track(ctx, g)
}

// namedTarget is a client's subscriber, named for the node's log.
type namedTarget struct {
	interfaces.ChainNotifications
	name string
}

func (t namedTarget) String() string { return "wallet process " + t.name }

// ClaimWallet gives this client the wallet name until the returned Handler
// is disconnected (the wallet unloaded) or the client closes. It is
// refused when:
//   - another client holds the name, unless that client has the same
//     identity (the same TLS key, or the same local process): that is the
//     process reconnecting before the node noticed its old connection die,
//     and the old client is closed;
//   - the name is one of the node's own wallets (loaded by its own
//     process, which keeps them through a restart) and this client is not
//     the node's own process;
//   - this client is attached and does not list the wallet as loaded in
//     its own listwallets: a process claims a name once it has loaded the
//     wallet, and must serve it.
//
// The name counts against the client's bounds.
func (c *Client) ClaimWallet(ctx context.Context, name string) (interfaces.Handler, error) {
	c.regMu.Lock()
	defer c.regMu.Unlock()
	size := len(name) + claimOverhead
	if err := c.within(regClaim, size); err != nil {
		return nil, err
	}
	wc := c.wc
	wc.mu.Lock()
	err := wc.mayClaimLocked(c, name)
	wc.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if !c.own {
		if err := c.serves(ctx, name); err != nil {
			return nil, err
		}
	}
	wc.mu.Lock()
	if err := wc.mayClaimLocked(c, name); err != nil {
		wc.mu.Unlock()
		return nil, err
	}
	holder := wc.claims[name].client
	wc.seq++
	wc.claims[name] = claim{client: c, seq: wc.seq}
	if c.own {
		wc.reserved[name] = true
	}
	wc.mu.Unlock()
	if holder != nil && holder != c {
		wc.log.Info(fmt.Sprintf("Wallet client %s reconnected: its previous connection's registrations end", c.name))
		holder.Close()
	}
	return c.track(ctx, &clientReg{kind: regClaim, size: size, end: func(context.Context) error {
		wc.release(c, name)
		return nil
	}})
}

// mayClaimLocked says why c may not claim name, if it may not.
func (wc *WalletClients) mayClaimLocked(c *Client, name string) error {
	if holder := wc.claims[name].client; holder != nil && holder != c && (c.id == "" || holder.id != c.id) {
		return newError(ErrClaimRefused, "Wallet \"%s\" is already loaded by another wallet process (%s)", name, holder.name)
	}
	if wc.reserved[name] && !c.own {
		return newError(ErrClaimRefused, "Wallet \"%s\" is one of the node's own wallets (its wallet process reloads it after a restart)", name)
	}
	return nil
}

// serves checks that the wallet process of c lists name among its loaded
// wallets.
func (c *Client) serves(ctx context.Context, name string) error {
	h := c.wc.handler(c, "listwallets")
	if h == nil {
		return newError(ErrClaimRefused, "Wallet \"%s\" cannot be claimed by wallet process %s: it serves no listwallets", name, c.name)
	}
	ctx, cancel := context.WithTimeout(ctx, claimCheckTimeout)
	defer cancel()
	res, err := h.ExecuteRPC(ctx, interfaces.RPCRequest{Method: "listwallets", Params: "[]"})
	var loaded []string
	if err == nil {
		err = json.Unmarshal([]byte(res), &loaded)
	}
	if err != nil || !slices.Contains(loaded, name) {
		why := "it does not list it as loaded"
		if err != nil {
			why = "its listwallets failed: " + err.Error()
		}
		return newError(ErrClaimRefused, "Wallet \"%s\" cannot be claimed by wallet process %s: %s (a process claims a wallet's name once it has loaded it)", name, c.name, why)
	}
	return nil
}

// release ends c's claim on name. The node's own process keeps the name
// reserved when it released it by ending (a crash), not by unloading.
func (wc *WalletClients) release(c *Client, name string) {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	if wc.claims[name].client != c {
		return
	}
	delete(wc.claims, name)
	if c.own && !c.isClosed() {
		delete(wc.reserved, name)
	}
}

// Close ends every registration the client made: its wallets are no longer
// loaded (the node's own keep their names), its RPC methods reach it no
// more, and it gets no more notifications.
func (c *Client) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	regs := c.registrations()
	c.wc.mu.Lock()
	if c.wc.own == c {
		c.wc.own = nil
	}
	c.wc.mu.Unlock()
	for _, g := range regs {
		g.Disconnect(context.Background())
	}
	if len(regs) > 0 {
		c.wc.log.Info("Wallet client " + c.name + " detached")
	}
}
