package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Invoke executes m for a request whose parameters are still as sent
// (req.RawParams): it maps named parameters, makes the argument checks and
// runs the handler, exactly as the server does for a method of its own. It
// is how a method registered elsewhere with Forward (a wallet's, across
// IPC) runs in the process that defines it. The result is JSON; errors keep
// their RPC code.
func Invoke(ctx context.Context, m *Method, req *Request) (result json.RawMessage, err error) {
	var params []univalue.Value
	if len(req.RawParams) > 0 {
		v, perr := univalue.Parse(req.RawParams)
		if perr != nil {
			return nil, rpcerr.NewError(rpcerr.RPC_PARSE_ERROR, "Parse error")
		}
		switch v.Kind {
		case univalue.Object:
			if params, err = transformNamed(v, argNames(m.Args)); err != nil {
				return nil, rpcerr.AsError(err)
			}
		case univalue.Array:
			params = v.Values
		case univalue.Null:
		default:
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Params must be an array or object")
		}
	}
	if !m.NoArgCheck {
		if aerr := checkArgs(m, params); aerr != nil {
			return nil, aerr
		}
	}
	call := *req
	call.Params = make([]json.RawMessage, len(params))
	for i, p := range params {
		call.Params[i] = json.RawMessage(p.Write(0))
	}
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, rpcerr.Errorf(rpcerr.RPC_MISC_ERROR, "Internal bug detected: %v\n%s", r, debug.Stack())
		}
	}()
	res, herr := m.Handler(ctx, &call)
	if herr != nil {
		return nil, herr
	}
	v, merr := toValue(res)
	if merr != nil {
		return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, fmt.Sprint(merr))
	}
	if v.Kind == univalue.Null && res == nil {
		return json.RawMessage("null"), nil
	}
	return json.RawMessage(v.Write(0)), nil
}

// MarshalCore writes v as Core's UniValue::write does (compact): the JSON
// text a handler's result has on the wire. The REST interface uses it.
func MarshalCore(v any) (string, error) {
	u, err := toValue(v)
	if err != nil {
		return "", err
	}
	return u.Write(0), nil
}
