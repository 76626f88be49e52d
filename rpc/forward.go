package rpc

import (
	"context"
	"encoding/json"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// RegisterForward registers cmd as a Forward method whose calls go to h
// with their raw parameters and routing (Chain.HandleRPC: a wallet's
// methods, in this process or another). The reply is h's JSON text.
func (s *Server) RegisterForward(cmd interfaces.RPCCommand, h interfaces.RPCHandler) (unregister func(), err error) {
	return s.Register(Method{
		Name:     cmd.Name,
		Category: cmd.Category,
		Help:     cmd.Help,
		Args:     forwardArgs(cmd.Args),
		Forward:  true,
		Handler: func(ctx context.Context, req *Request) (any, error) {
			params := "[]"
			if len(req.RawParams) > 0 {
				params = string(req.RawParams)
			}
			res, err := h.ExecuteRPC(ctx, interfaces.RPCRequest{
				Method:         req.Method,
				Params:         params,
				URI:            req.URI,
				WalletName:     req.WalletName,
				WalletEndpoint: req.WalletEndpoint,
				AuthUser:       req.AuthUser,
			})
			if err != nil {
				return nil, err
			}
			if res == "" {
				res = "null"
			}
			return json.RawMessage(res), nil
		},
	})
}

// forwardArgs converts RPCCommand arguments to the server's, for help and
// named-argument listings.
func forwardArgs(args []interfaces.RPCArg) []Arg {
	out := make([]Arg, len(args))
	for i, a := range args {
		t := ArgAny
		switch a.Type {
		case "str":
			t = ArgStr
		case "hex":
			t = ArgStrHex
		case "num":
			t = ArgNum
		case "amount":
			t = ArgAmount
		case "bool":
			t = ArgBool
		case "obj":
			t = ArgObj
		case "arr":
			t = ArgArr
		}
		out[i] = Arg{Name: a.Name, Type: t, Optional: a.Optional}
	}
	return out
}
