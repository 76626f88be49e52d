package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// attacker is a hostile IPC client of a running node, in the test process:
// it connects as a local process (the unix socket) or with a credential
// (TCP+TLS) and calls what the node serves it, directly, without the
// checks our own executables make. The isolation tests use it to do what
// a client holding a credential could do.
type attacker struct {
	t      *testing.T
	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	p      *ipc.IPC
	init   interfaces.Init
	conn   ipc.Connection

	chain interfaces.Chain // made on first use
}

// attackNode is a node the attackers reach: it listens on its unix socket
// and on TCP, and keeps the address and datadir the attackers need.
type attackNode struct {
	*node
	tcp string // "tcp:127.0.0.1:PORT"
}

// startAttackNode starts exe listening for IPC on the unix socket and on a
// loopback TCP port.
func startAttackNode(t *testing.T, exe string, extra ...string) *attackNode {
	t.Helper()
	return startAttackNodeConf(t, exe, "", extra...)
}

// startAttackNodeConf is startAttackNode with conf as the node's
// bitcoin.conf (which bitcoin-cli reads too).
func startAttackNodeConf(t *testing.T, exe, conf string, extra ...string) *attackNode {
	t.Helper()
	tcp := fmt.Sprintf("tcp:127.0.0.1:%d", nodetest.FreePort(t))
	n := nodetest.NewNode(t, exe)
	if err := os.WriteFile(filepath.Join(n.Datadir, "bitcoin.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	n.Start(append([]string{"-fallbackfee=0.0002", "-ipcbind=unix", "-ipcbind=" + tcp}, extra...)...)
	return &attackNode{node: n, tcp: tcp}
}

// attack connects an attacker "via" the unix socket ("unix") or over TLS
// ("tls") with a credential of spec (NAME:ROLE,…) that the node makes for
// it; spec is ignored on the unix socket, where every local process has
// every role.
func (n *attackNode) attack(t *testing.T, via, spec string) *attacker {
	t.Helper()
	switch via {
	case "unix":
		return dialAttacker(t, "unix:"+filepath.Join(n.Datadir, "regtest", "node.sock"), "")
	case "tls":
		return dialAttacker(t, n.tcp, newCredentials(t, n.node, spec, t.TempDir()))
	}
	t.Fatalf("attack via %q: want unix or tls", via)
	return nil
}

// dialAttacker connects to address ("unix:PATH" or "tcp:HOST:PORT" with a
// credentials file).
func dialAttacker(t *testing.T, address, creds string) *attacker {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := ipc.New(&ipc.Config{ExeName: "attacker", Protocol: ipccapnp.Protocol()})
	init, conn, err := p.Connect(ctx, address, t.TempDir(), ipc.WithCredentials(creds))
	if err != nil {
		cancel()
		p.Close()
		t.Fatalf("attacker connecting to %s: %v", address, err)
	}
	a := &attacker{t: t, ctx: ctx, cancel: cancel, p: p, init: init, conn: conn}
	t.Cleanup(a.Close)
	return a
}

// Close ends the attacker's connection (and lets its stuck subscribers
// go); the node then ends what it registered, once it has noticed.
func (a *attacker) Close() {
	a.cancel()
	a.conn.Close()
	a.p.Close()
}

// Chain is the node's Chain as this client gets it (Init.makeChain); it
// fails the test when the node refuses it.
func (a *attacker) Chain() interfaces.Chain {
	a.t.Helper()
	if a.chain == nil {
		c, err := a.init.MakeChain(a.ctx)
		if err != nil {
			a.t.Fatalf("attacker: makeChain: %v", err)
		}
		a.chain = c
	}
	return a.chain
}

// Rpc is the node's RPC interface as this client gets it (Init.makeRpc).
func (a *attacker) Rpc() (interfaces.Rpc, error) {
	return a.init.MakeRpc(a.ctx)
}

// TryChain asks for the node's Chain (Init.makeChain) and returns the
// node's answer, for a client whose role may not have it.
func (a *attacker) TryChain() error {
	_, err := a.init.MakeChain(a.ctx)
	return err
}

// RPC runs a JSON-RPC request through the node's Rpc interface as user
// (which the node should ignore) and returns the reply ("null" when the
// node refused it, as HTTP answers 403 without a body).
func (a *attacker) RPC(request, user string) string {
	a.t.Helper()
	r, err := a.Rpc()
	if err != nil {
		a.t.Fatalf("attacker: makeRpc: %v", err)
	}
	out, err := r.ExecuteRpc(a.ctx, request, "/", user)
	if err != nil {
		a.t.Fatalf("attacker: executeRpc: %v", err)
	}
	return out
}

// Register registers h for a method through Chain.HandleRPC.
func (a *attacker) Register(method string, h interfaces.RPCHandler) (interfaces.Handler, error) {
	return a.Chain().HandleRPC(a.ctx, interfaces.RPCCommand{Name: method, Category: "wallet", Help: method + " (attacker)"}, h)
}

// RegisterAll registers h for each method and fails the test when the node
// refuses one.
func (a *attacker) RegisterAll(h interfaces.RPCHandler, methods ...string) {
	a.t.Helper()
	for _, m := range methods {
		if _, err := a.Register(m, h); err != nil {
			a.t.Fatalf("attacker: registering %s: %v", m, err)
		}
	}
}

// Claim claims a wallet name through Chain.ClaimWallet.
func (a *attacker) Claim(name string) (interfaces.Handler, error) {
	return a.Chain().ClaimWallet(a.ctx, name)
}

// Subscribe subscribes n to the node's notifications.
func (a *attacker) Subscribe(n interfaces.ChainNotifications) (interfaces.Handler, error) {
	return a.Chain().HandleNotifications(a.ctx, n)
}

// Setting reads a node option through Chain.GetSetting.
func (a *attacker) Setting(name string) ([]string, error) {
	return a.Chain().GetSetting(a.ctx, name)
}

// spy is a hostile wallet RPC handler: it records every request the node
// hands it and answers as a wallet process serving Wallets would —
// listwallets lists them (or answers ListWallets verbatim when set),
// getnewaddress gives Address for any wallet — and with Core's "wallet not
// found" (-18) to anything else, which made a node that tried its handlers
// in turn pass the request on unnoticed.
type spy struct {
	Wallets     []string
	ListWallets string // listwallets' raw answer, instead of Wallets
	Address     string

	mu   sync.Mutex
	seen []interfaces.RPCRequest
}

func (s *spy) ExecuteRPC(_ context.Context, req interfaces.RPCRequest) (string, error) {
	s.mu.Lock()
	s.seen = append(s.seen, req)
	s.mu.Unlock()
	switch req.Method {
	case "listwallets":
		if s.ListWallets != "" {
			return s.ListWallets, nil
		}
		b, _ := json.Marshal(s.Wallets)
		return string(b), nil
	case "getnewaddress":
		if s.Address != "" {
			return fmt.Sprintf("%q", s.Address), nil
		}
	}
	return "", rpcerr.Errorf(rpcerr.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
}

// Seen lists the requests the spy got, as "method /wallet/NAME params"
// ("method / params" without a wallet endpoint).
func (s *spy) Seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.seen))
	for i, r := range s.seen {
		where := "/"
		if r.WalletEndpoint {
			where = "/wallet/" + r.WalletName
		}
		out[i] = fmt.Sprintf("%s %s %s", r.Method, where, r.Params)
	}
	return out
}

// SeenExcept is Seen without the requests of the given methods.
func (s *spy) SeenExcept(methods ...string) []string {
	return slices.DeleteFunc(s.Seen(), func(r string) bool {
		m, _, _ := strings.Cut(r, " ")
		return slices.Contains(methods, m)
	})
}

// claimUntil tries to claim name every 20 ms until the claim succeeds
// (returned), done reports true or timeout passes; refusals lists the
// distinct reasons the node gave meanwhile.
func (a *attacker) claimUntil(name string, timeout time.Duration, done func() bool) (h interfaces.Handler, refusals []string) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		h, err := a.Claim(name)
		if err == nil {
			return h, refusals
		}
		if !slices.Contains(refusals, err.Error()) {
			refusals = append(refusals, err.Error())
		}
		if done() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, refusals
}

// stuck is a ChainNotifications subscriber that stops reading: none of
// its calls returns until the attacker's connection ends. It counts the
// calls that reached it.
type stuck struct {
	done <-chan struct{}

	mu    sync.Mutex
	calls int
}

// newStuck returns a stuck subscriber that lets go when a closes.
func (a *attacker) newStuck() *stuck { return &stuck{done: a.ctx.Done()} }

func (s *stuck) wait() error {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	<-s.done
	return nil
}

func (s *stuck) TransactionAddedToMempool(context.Context, *wire.MsgTx) error { return s.wait() }
func (s *stuck) TransactionRemovedFromMempool(context.Context, *wire.MsgTx, int32) error {
	return s.wait()
}
func (s *stuck) BlockConnected(context.Context, interfaces.BlockInfo) error    { return s.wait() }
func (s *stuck) BlockDisconnected(context.Context, interfaces.BlockInfo) error { return s.wait() }
func (s *stuck) UpdatedBlockTip(context.Context, interfaces.BlockRef) error    { return s.wait() }
func (s *stuck) ChainStateFlushed(context.Context, interfaces.BlockRef) error  { return s.wait() }
func (s *stuck) NotificationsDropped(context.Context, string) error            { return s.wait() }
