package walletrpc

import (
	"context"
	"encoding/json"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// Category is the help category of every wallet method.
const Category = "wallet"

// server holds what the handlers need.
type server struct {
	l     *wallet.Loader
	chain interfaces.Chain
}

// Methods returns the wallet RPC methods served with loader.
func Methods(chain interfaces.Chain, loader *wallet.Loader) []rpc.Method {
	s := &server{l: loader, chain: chain}
	var ms []rpc.Method
	for _, group := range [][]rpc.Method{
		s.walletMethods(), s.addressMethods(), s.balanceMethods(), s.coinMethods(),
		s.transactionMethods(), s.spendMethods(), s.encryptMethods(), s.backupMethods(),
	} {
		ms = append(ms, group...)
	}
	for i := range ms {
		ms[i].Category = Category
	}
	return ms
}

// Register adds every wallet method to the node with chain.HandleRPC; the
// returned function removes them. It has the signature of
// wallet.Config.RegisterRPC.
func Register(ctx context.Context, chain interfaces.Chain, loader *wallet.Loader) (unregister func(), err error) {
	methods := Methods(chain, loader)
	var handles []interfaces.Handler
	unregister = func() {
		for _, h := range handles {
			h.Disconnect(context.Background()) //nolint:errcheck // best effort at shutdown
		}
	}
	for i := range methods {
		m := &methods[i]
		cmd := interfaces.RPCCommand{Name: m.Name, Category: m.Category, Help: m.Help, Args: commandArgs(m.Args)}
		h, err := chain.HandleRPC(ctx, cmd, Handler{Method: m})
		if err != nil {
			unregister()
			return nil, err
		}
		handles = append(handles, h)
	}
	return unregister, nil
}

// Handler executes one method for the node: it implements
// interfaces.RPCHandler by running rpc.Invoke, which maps named
// parameters, checks types and calls the method.
type Handler struct{ Method *rpc.Method }

// ExecuteRPC runs the request and returns the JSON result.
func (h Handler) ExecuteRPC(ctx context.Context, req interfaces.RPCRequest) (string, error) {
	res, err := rpc.Invoke(ctx, h.Method, &rpc.Request{
		Method: req.Method, RawParams: json.RawMessage(req.Params), URI: req.URI,
		WalletName: req.WalletName, WalletEndpoint: req.WalletEndpoint, AuthUser: req.AuthUser,
	})
	if err != nil {
		return "", err
	}
	return string(res), nil
}

var _ interfaces.RPCHandler = Handler{}

func commandArgs(args []rpc.Arg) []interfaces.RPCArg {
	out := make([]interfaces.RPCArg, len(args))
	for i, a := range args {
		out[i] = interfaces.RPCArg{Name: a.Name, Type: argType(a.Type), Optional: a.Optional || a.Default != ""}
	}
	return out
}

func argType(t rpc.ArgType) string {
	switch t {
	case rpc.ArgStr:
		return "str"
	case rpc.ArgStrHex:
		return "hex"
	case rpc.ArgNum:
		return "num"
	case rpc.ArgAmount:
		return "amount"
	case rpc.ArgBool:
		return "bool"
	case rpc.ArgObj, rpc.ArgObjNamedParams, rpc.ArgObjUserKeys:
		return "obj"
	case rpc.ArgArr:
		return "arr"
	case rpc.ArgRange:
		return "range"
	}
	return "any"
}
