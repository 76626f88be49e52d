package nodeinit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// roleAllows says which Init methods a credential role opens: a wallet gets
// the node's Chain, a GUI the node's RPC (and later Node), a miner Mining.
// (makeEcho is open to every client.)
func roleAllows(role, method string) bool {
	switch method {
	case "makeChain":
		return role == "wallet"
	case "makeRpc", "makeNode":
		return role == "gui"
	case "makeMining":
		return role == "miner"
	}
	return false
}

// Session is the Init served on one accepted IPC connection, until ctx
// ends with the connection. The peer's roles limit what it opens (nil:
// everything, a local socket client); the Chains it hands out are wallet
// clients whose registrations end with the connection.
func (n *Node) Session(ctx context.Context, peer ipc.Peer) interfaces.Init {
	return &session{node: n.Init, wallets: n.Wallets, ctx: ctx, name: peer.Name, id: peer.ID, roles: peer.Roles, remote: peer.Remote}
}

type session struct {
	node    *Init
	wallets *WalletClients
	ctx     context.Context
	name    string
	id      string // ipc.Peer.ID
	roles   []string
	remote  bool

	mu    sync.Mutex
	chain *clientChain // made by the first MakeChain
}

// allow fails unless one of the session's roles opens method.
func (s *session) allow(method string) error {
	if s.roles == nil || slices.ContainsFunc(s.roles, func(r string) bool { return roleAllows(r, method) }) {
		return nil
	}
	return fmt.Errorf("%w: client %q (role %s) may not call Init.%s", ErrNotPermitted, s.name, strings.Join(s.roles, ","), method)
}

// MakeEcho is open to every client.
func (s *session) MakeEcho(ctx context.Context) (interfaces.Echo, error) { return s.node.MakeEcho(ctx) }

// MakeRpc gives the client the node's RPC server, as the RPC user of its
// identity (rpcUser), whatever user it names.
func (s *session) MakeRpc(ctx context.Context) (interfaces.Rpc, error) {
	if err := s.allow("makeRpc"); err != nil {
		return nil, err
	}
	r, err := s.node.MakeRpc(ctx)
	if err != nil {
		return nil, err
	}
	return sessionRpc{rpc: r, user: s.rpcUser()}, nil
}

// rpcUser is the RPC user a client's requests run as, the user
// -rpcwhitelist restricts: a TLS client's credential name, and for a
// local process the cookie user (it can read the cookie: it runs as the
// node's user).
func (s *session) rpcUser() string {
	if s.remote {
		return s.name
	}
	return rpc.CookieUser
}

// sessionRpc is the Rpc of one client: it runs every request as the
// client's RPC user and ignores the user the client names (Core's
// bitcoin-cli sends its -rpcuser, which proves nothing).
type sessionRpc struct {
	rpc  interfaces.Rpc
	user string
}

func (r sessionRpc) ExecuteRpc(ctx context.Context, request, uri, _ string) (string, error) {
	return r.rpc.ExecuteRpc(ctx, request, uri, r.user)
}

// MakeChain gives the client its own view of the node's Chain, one per
// connection (a second makeChain returns the same: the client's bounds are
// the connection's); what it registers through it ends when the
// connection does.
func (s *session) MakeChain(ctx context.Context) (interfaces.Chain, error) {
	if err := s.allow("makeChain"); err != nil {
		return nil, err
	}
	if _, err := s.node.MakeChain(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chain == nil {
		c := s.wallets.NewClient(s.name, s.id)
		context.AfterFunc(s.ctx, c.Close)
		s.chain = &clientChain{c}
	}
	return s.chain, nil
}

// clientChain is the Chain of a client that connected to -ipcbind: it may
// not change the node's settings file (the wallets the node loads at
// start-up are the node's own and its spawned wallet process's).
type clientChain struct{ *Client }

// UpdateWalletSetting answers false: the setting could not be updated.
func (clientChain) UpdateWalletSetting(context.Context, string, bool) (bool, error) {
	return false, nil
}

func (s *session) MakeWalletLoader(ctx context.Context, chain interfaces.Chain) (interfaces.WalletLoader, error) {
	return s.node.MakeWalletLoader(ctx, chain)
}
