package fakechain

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

type rpcEntry struct {
	cmd interfaces.RPCCommand
	h   interfaces.RPCHandler
}

type rpcHandle struct {
	c    *Chain
	name string
	e    *rpcEntry
}

func (h rpcHandle) Disconnect(context.Context) error {
	h.c.mu.Lock()
	defer h.c.mu.Unlock()
	if h.c.rpcs[h.name] == h.e {
		delete(h.c.rpcs, h.name)
	}
	return nil
}

// HandleRPC registers a method.
func (c *Chain) HandleRPC(_ context.Context, cmd interfaces.RPCCommand, h interfaces.RPCHandler) (interfaces.Handler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.rpcs[cmd.Name]; dup {
		return nil, fmt.Errorf("fakechain: RPC method %s registered twice", cmd.Name)
	}
	e := &rpcEntry{cmd: cmd, h: h}
	c.rpcs[cmd.Name] = e
	return rpcHandle{c, cmd.Name, e}, nil
}

// RPCCommands returns the registered methods' descriptions.
func (c *Chain) RPCCommands() []interfaces.RPCCommand {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []interfaces.RPCCommand
	for _, e := range c.rpcs {
		out = append(out, e.cmd)
	}
	return out
}

// CallRPC runs a registered method as the node's server would forward it:
// params is the JSON array or object as sent, uri "/" or "/wallet/<name>".
func (c *Chain) CallRPC(ctx context.Context, uri, method, params string) (string, error) {
	c.mu.Lock()
	e, ok := c.rpcs[method]
	c.mu.Unlock()
	if !ok {
		return "", &RejectError{-32601, "Method not found"}
	}
	req := interfaces.RPCRequest{Method: method, Params: params, URI: uri, AuthUser: "test"}
	if name, ok := strings.CutPrefix(uri, "/wallet/"); ok {
		req.WalletEndpoint = true
		req.WalletName, _ = url.PathUnescape(name)
	}
	return e.h.ExecuteRPC(ctx, req)
}

// ClaimWallet reserves a wallet name; a second claim of a held name fails,
// as the node's does for another wallet process.
func (c *Chain) ClaimWallet(_ context.Context, name string) (interfaces.Handler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claims == nil {
		c.claims = map[string]bool{}
	}
	if c.claims[name] {
		return nil, fmt.Errorf("Wallet \"%s\" is already loaded by another wallet process", name)
	}
	c.claims[name] = true
	return claim{c, name}, nil
}

type claim struct {
	c    *Chain
	name string
}

func (h claim) Disconnect(context.Context) error {
	h.c.mu.Lock()
	defer h.c.mu.Unlock()
	delete(h.c.claims, h.name)
	return nil
}
