package rpc

import (
	"context"
	"fmt"
	"net/http"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// jsonErrorReply is Core's JSONErrorReply: the HTTP status of a legacy
// error (400 for rpcerr.RPC_INVALID_REQUEST, 404 for rpcerr.RPC_METHOD_NOT_FOUND, else
// 500) and its reply object.
func jsonErrorReply(e *rpcerr.Error, j *jreq) (univalue.Value, int) {
	status := http.StatusInternalServerError
	switch e.Code {
	case rpcerr.RPC_INVALID_REQUEST:
		status = http.StatusBadRequest
	case rpcerr.RPC_METHOD_NOT_FOUND:
		status = http.StatusNotFound
	}
	return replyObj(univalue.Value{}, e, j.id, j.v2), status
}

// exec is Core's JSONRPCExec: with catch, errors become error replies;
// without, they are returned for the caller's legacy HTTP error reply.
func (s *Server) exec(ctx context.Context, j *jreq, catch bool) (univalue.Value, *rpcerr.Error) {
	res, err := s.execute(ctx, j)
	if err != nil {
		if catch {
			return replyObj(univalue.Value{}, err, j.id, j.v2), nil
		}
		return univalue.Value{}, err
	}
	return replyObj(res, nil, j.id, j.v2), nil
}

// dispatch is Core's ExecuteHTTPRPC for a parsed request body: it returns
// the reply (ok false when there is none: notifications and refusals) and
// the HTTP status.
func (s *Server) dispatch(ctx context.Context, req univalue.Value, j *jreq) (reply univalue.Value, ok bool, status int) {
	wl, hasWL := s.auth.whitelist[j.user]
	if !hasWL && s.auth.whitelistDefault {
		s.rpcLog.Warn(fmt.Sprintf("RPC User %s not allowed to call any methods", j.user))
		return univalue.Value{}, false, http.StatusForbidden
	}
	switch req.Kind {
	case univalue.Object:
		if err := j.parse(req); err != nil {
			r, st := jsonErrorReply(err, j)
			return r, true, st
		}
		if hasWL && !wl[j.method] {
			s.rpcLog.Warn(fmt.Sprintf("RPC User %s not allowed to call method %s", j.user, j.method))
			return univalue.Value{}, false, http.StatusForbidden
		}
		r, err := s.exec(ctx, j, j.v2)
		if err != nil {
			r, st := jsonErrorReply(err, j)
			return r, true, st
		}
		if j.isNotification() {
			return univalue.Value{}, false, http.StatusNoContent
		}
		return r, true, http.StatusOK
	case univalue.Array:
		if hasWL {
			for _, e := range req.Values {
				if e.Kind != univalue.Object {
					r, st := jsonErrorReply(rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Invalid Request object"), j)
					return r, true, st
				}
				m := e.Get("method")
				if m.Kind != univalue.String {
					r, st := jsonErrorReply(rpcerr.NewError(rpcerr.RPC_PARSE_ERROR, typeError(m.Kind, univalue.String).Message), j)
					return r, true, st
				}
				if !wl[m.Str] {
					s.rpcLog.Warn(fmt.Sprintf("RPC User %s not allowed to call method %s", j.user, m.Str))
					return univalue.Value{}, false, http.StatusForbidden
				}
			}
		}
		out := univalue.NewArray()
		for _, e := range req.Values {
			var resp univalue.Value
			if err := j.parse(e); err != nil {
				resp = replyObj(univalue.Value{}, err, j.id, j.v2)
			} else {
				resp, _ = s.exec(ctx, j, true)
			}
			if !j.isNotification() {
				out.Push(resp)
			}
		}
		if out.Len() == 0 && len(req.Values) > 0 {
			return univalue.Value{}, false, http.StatusNoContent
		}
		return out, true, http.StatusOK
	}
	r, st := jsonErrorReply(rpcerr.NewError(rpcerr.RPC_PARSE_ERROR, "Top-level object parse error"), j)
	return r, true, st
}

// handleBody parses a request body and dispatches it: Core's HTTPReq_JSONRPC
// after authentication.
func (s *Server) handleBody(ctx context.Context, body []byte, j *jreq) (univalue.Value, bool, int) {
	req, err := univalue.Parse(body)
	if err != nil {
		r, st := jsonErrorReply(rpcerr.NewError(rpcerr.RPC_PARSE_ERROR, "Parse error"), j)
		return r, true, st
	}
	return s.dispatch(ctx, req, j)
}

// Execute runs a JSON-RPC request or batch as the HTTP server would for the
// given URI ("/" or "/wallet/NAME") and authenticated user, and returns the
// JSON reply, as Core's interfaces::Rpc::executeRpc. Where HTTP would send
// no body (a 2.0 notification, a refused whitelist check) the reply is
// "null".
func (s *Server) Execute(ctx context.Context, body []byte, uri, user string) []byte {
	r, ok, _ := s.handleBody(ctx, body, newJreq(uri, user, ""))
	if !ok {
		return []byte("null")
	}
	return []byte(r.Write(0))
}
