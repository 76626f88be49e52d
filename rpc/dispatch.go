package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

func itoa(n int) string { return strconv.Itoa(n) }

// execute runs one parsed request through the method table as Core's
// CRPCTable::execute: the warmup check, the lookup, then each handler of the
// name in turn; a handler failing with rpcerr.RPC_WALLET_NOT_FOUND passes the
// request to the next one unless it is the last (Core's wallet dispatch
// across several wallet clients).
func (s *Server) execute(ctx context.Context, j *jreq) (univalue.Value, *rpcerr.Error) {
	if inWarmup, status := s.Warmup(); inWarmup {
		return univalue.Value{}, rpcerr.NewError(rpcerr.RPC_IN_WARMUP, status)
	}
	s.rpcLog.Debug(fmt.Sprintf("ThreadRPCServer method=%s user=%s id=%s", sanitize(j.method), j.user, j.logID()))
	entries := s.table.lookup(j.method)
	for i, e := range entries {
		last := i == len(entries)-1
		res, err := s.executeOne(ctx, e, j)
		if err != nil && !last && err.Code == rpcerr.RPC_WALLET_NOT_FOUND {
			continue
		}
		return res, err
	}
	return univalue.Value{}, rpcerr.NewError(rpcerr.RPC_METHOD_NOT_FOUND, "Method not found")
}

func (s *Server) executeOne(ctx context.Context, e *entry, j *jreq) (univalue.Value, *rpcerr.Error) {
	done := s.active.start(j.method)
	defer done()

	if e.Forward {
		req := &Request{Method: j.method, URI: j.uri, AuthUser: j.user, PeerAddr: j.peer, Version2: j.v2}
		if j.params.Kind != univalue.Null {
			req.RawParams = json.RawMessage(j.params.Write(0))
		}
		req.WalletName, req.WalletEndpoint = walletFromURI(j.uri)
		result, err := s.callHandler(ctx, e.Handler, req)
		if err != nil {
			return univalue.Value{}, rpcerr.AsError(err)
		}
		v, merr := toValue(result)
		if merr != nil {
			return univalue.Value{}, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, merr.Error())
		}
		return v, nil
	}
	var params []univalue.Value
	if j.params.Kind == univalue.Object {
		var err error
		if params, err = transformNamed(j.params, argNames(e.Args)); err != nil {
			return univalue.Value{}, rpcerr.AsError(err)
		}
	} else {
		params = j.params.Values
	}
	if !e.NoArgCheck {
		if err := checkArgs(&e.Method, params); err != nil {
			return univalue.Value{}, err
		}
	}
	req := &Request{
		Method:   j.method,
		Params:   make([]json.RawMessage, len(params)),
		URI:      j.uri,
		AuthUser: j.user,
		PeerAddr: j.peer,
		Version2: j.v2,
	}
	for i, p := range params {
		req.Params[i] = json.RawMessage(p.Write(0))
	}
	req.WalletName, req.WalletEndpoint = walletFromURI(j.uri)
	if j.id != nil {
		req.ID = json.RawMessage(j.id.Write(0))
	}
	result, err := s.callHandler(ctx, e.Handler, req)
	if err != nil {
		return univalue.Value{}, rpcerr.AsError(err)
	}
	v, merr := toValue(result)
	if merr != nil {
		return univalue.Value{}, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, merr.Error())
	}
	return v, nil
}

// callHandler runs h, turning a panic into an error as Core turns an
// exception in a command into rpcerr.RPC_MISC_ERROR.
func (s *Server) callHandler(ctx context.Context, h Handler, req *Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.rpcLog.Error(fmt.Sprintf("RPC method %s panicked: %v\n%s", req.Method, r, debug.Stack()))
			result, err = nil, rpcerr.Errorf(rpcerr.RPC_MISC_ERROR, "Internal bug detected: %v", r)
		}
	}()
	return h(ctx, req)
}

// toValue marshals a handler result with encoding/json and reads it back
// into Core's value model, so the reply is written with Core's escaping and
// the handler's key order and number text.
func toValue(result any) (univalue.Value, error) {
	if result == nil {
		return univalue.Value{}, nil
	}
	b, err := json.Marshal(result)
	if err != nil {
		return univalue.Value{}, fmt.Errorf("rpc: marshal result: %w", err)
	}
	v, err := univalue.Parse(b)
	if err != nil {
		return univalue.Value{}, fmt.Errorf("rpc: result is not valid JSON: %w", err)
	}
	return v, nil
}

func (a Arg) isOptional() bool { return a.Optional || a.Default != "" }

func expectedKind(t ArgType) (univalue.Kind, bool) {
	switch t {
	case ArgStr, ArgStrHex:
		return univalue.String, true
	case ArgNum:
		return univalue.Number, true
	case ArgBool:
		return univalue.Bool, true
	case ArgObj, ArgObjNamedParams, ArgObjUserKeys:
		return univalue.Object, true
	case ArgArr:
		return univalue.Array, true
	}
	return 0, false
}

// checkArgs makes RPCHelpMan::HandleRequest's checks: a wrong number of
// arguments fails with the help text (rpcerr.RPC_MISC_ERROR), wrong JSON types with
// "Wrong type passed" listing each mismatch (rpcerr.RPC_TYPE_ERROR).
func checkArgs(m *Method, params []univalue.Value) *rpcerr.Error {
	required := 0
	for n := len(m.Args); n > 0; n-- {
		if !m.Args[n-1].isOptional() {
			required = n
			break
		}
	}
	if len(params) < required || len(params) > len(m.Args) {
		return rpcerr.NewError(rpcerr.RPC_MISC_ERROR, m.helpText())
	}
	mismatch := univalue.NewObject()
	for i, a := range m.Args {
		var p univalue.Value
		if i < len(params) {
			p = params[i]
		}
		if a.SkipTypeCheck || (a.isOptional() && p.IsNull()) {
			continue
		}
		want, ok := expectedKind(a.Type)
		if !ok || p.Kind == want {
			continue
		}
		mismatch.PushKV(fmt.Sprintf("Position %d (%s)", i+1, a.Name),
			univalue.NewString(typeError(p.Kind, want).Message))
	}
	if mismatch.Len() > 0 {
		return rpcerr.NewError(rpcerr.RPC_TYPE_ERROR, "Wrong type passed:\n"+mismatch.Write(4))
	}
	return nil
}
