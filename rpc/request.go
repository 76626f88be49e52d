package rpc

import (
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// jreq is Core's JSONRPCRequest: the state of one request while it is parsed
// and run. In a batch the same jreq is reused element after element, as in
// Core, so an element that fails to parse replies with what the previous
// element left (its id and version).
type jreq struct {
	id     *univalue.Value // nil: the request had no id
	method string
	params univalue.Value
	v2     bool
	uri    string
	user   string
	peer   string
}

func newJreq(uri, user, peer string) *jreq {
	return &jreq{id: &univalue.Value{}, uri: uri, user: user, peer: peer}
}

// isNotification: a JSON-RPC 2.0 request without id gets no reply.
func (j *jreq) isNotification() bool { return j.id == nil && j.v2 }

// parse reads a request object as Core's JSONRPCRequest::parse.
func (j *jreq) parse(v univalue.Value) *rpcerr.Error {
	if v.Kind != univalue.Object {
		return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Invalid Request object")
	}
	if v.Has("id") {
		id := v.Get("id")
		j.id = &id
	} else {
		j.id = nil
	}
	j.v2 = false
	if ver := v.Get("jsonrpc"); !ver.IsNull() {
		if ver.Kind != univalue.String {
			return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "jsonrpc field must be a string")
		}
		switch ver.Str {
		case "1.0":
		case "2.0":
			j.v2 = true
		default:
			return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "JSON-RPC version not supported")
		}
	}
	m := v.Get("method")
	if m.IsNull() {
		return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Missing method")
	}
	if m.Kind != univalue.String {
		return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Method must be a string")
	}
	j.method = m.Str
	switch p := v.Get("params"); p.Kind {
	case univalue.Array, univalue.Object:
		j.params = p
	case univalue.Null:
		j.params = univalue.NewArray()
	default:
		return rpcerr.NewError(rpcerr.RPC_INVALID_REQUEST, "Params must be an array or object")
	}
	return nil
}

// logID is the id as Core logs it (SanitizeString of its value text).
func (j *jreq) logID() string {
	if j.id == nil || j.id.IsNull() {
		return ""
	}
	return sanitize(j.id.ValStr())
}

// sanitize keeps the characters Core's SanitizeString keeps by default.
func sanitize(s string) string {
	const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(safe, s[i]) >= 0 {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// replyObj is Core's JSONRPCReplyObj: version 1 carries both result and
// error (one null), version 2 carries "jsonrpc" and only one of them; id is
// left out when the request had none.
func replyObj(result univalue.Value, rpcErr *rpcerr.Error, id *univalue.Value, v2 bool) univalue.Value {
	r := univalue.NewObject()
	if v2 {
		r.PushKV("jsonrpc", univalue.NewString("2.0"))
	}
	if rpcErr == nil {
		r.PushKV("result", result)
		if !v2 {
			r.PushKV("error", univalue.Value{})
		}
	} else {
		if !v2 {
			r.PushKV("result", univalue.Value{})
		}
		r.PushKV("error", errorObj(rpcErr))
	}
	if id != nil {
		r.PushKV("id", *id)
	}
	return r
}

func errorObj(e *rpcerr.Error) univalue.Value {
	o := univalue.NewObject()
	o.PushKV("code", univalue.NewNumber(itoa(e.Code)))
	o.PushKV("message", univalue.NewString(e.Message))
	return o
}

// walletFromURI returns the URL-decoded wallet name of a /wallet/ URI.
func walletFromURI(uri string) (string, bool) {
	const base = "/wallet/"
	if !strings.HasPrefix(uri, base) {
		return "", false
	}
	return URLDecode(uri[len(base):]), true
}

// URLDecode decodes %XX escapes as Core's UrlDecode; an invalid escape is
// kept as it is, '+' is not a space.
func URLDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				b.WriteByte(h<<4 | l)
				i += 2
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// URLEncode percent-encodes every byte but RFC 3986's unreserved ones, as
// Core's UrlEncode (bitcoin-cli uses it for -rpcwallet).
func URLEncode(s string) string {
	const hexUpper = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&0xf])
	}
	return b.String()
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
