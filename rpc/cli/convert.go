package cli

import (
	"fmt"
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
)

// paramFormat says how bitcoin-cli passes an argument (Core's ParamFormat).
type paramFormat int

const (
	formatJSON         paramFormat = iota // parse as JSON, fail if it is not
	formatString                          // pass as a string
	formatJSONOrString                    // parse as JSON, else pass as a string
)

type convertParam struct {
	method string
	index  int
	name   string
	format paramFormat
}

func fromPosition(method string, pos int) *convertParam {
	for i := range convertParams {
		if p := &convertParams[i]; p.method == method && p.index == pos {
			return p
		}
	}
	return nil
}

func fromName(method, name string) *convertParam {
	for i := range convertParams {
		if p := &convertParams[i]; p.method == method && p.name == name {
			return p
		}
	}
	return nil
}

// parseJSON is Core's Parse: a JSON value, or for JSON_OR_STRING the raw
// text as a string, else "Error parsing JSON: RAW".
func parseJSON(raw string, format paramFormat) (univalue.Value, error) {
	v, err := univalue.Parse([]byte(raw))
	if err != nil {
		if format != formatJSONOrString {
			return univalue.Value{}, fmt.Errorf("Error parsing JSON: %s", raw)
		}
		return univalue.NewString(raw), nil
	}
	return v, nil
}

func parseParam(p *convertParam, raw string) (univalue.Value, error) {
	if p != nil && (p.format == formatJSON || p.format == formatJSONOrString) {
		return parseJSON(raw, p.format)
	}
	return univalue.NewString(raw), nil
}

// convertValues is Core's RPCConvertValues: positional arguments.
func convertValues(method string, args []string) (univalue.Value, error) {
	params := univalue.NewArray()
	for _, s := range args {
		v, err := parseParam(fromPosition(method, params.Len()), s)
		if err != nil {
			return univalue.Value{}, err
		}
		params.Push(v)
	}
	return params, nil
}

// convertNamedValues is Core's RPCConvertNamedValues: NAME=VALUE arguments
// become an object (a later value for a name replaces the earlier one in
// place), arguments without '=' (or whose name is unknown and the next
// positional parameter takes the whole text) are gathered into "args".
func convertNamedValues(method string, args []string) (univalue.Value, error) {
	params := univalue.NewObject()
	positional := univalue.NewArray()
	for _, s := range args {
		name, value, hasEq := strings.Cut(s, "=")
		if !hasEq {
			v, err := parseParam(fromPosition(method, positional.Len()), s)
			if err != nil {
				return univalue.Value{}, err
			}
			positional.Push(v)
			continue
		}
		named := fromName(method, name)
		if named == nil {
			pos := fromPosition(method, positional.Len())
			if pos != nil && pos.format == formatJSON {
				if v, err := univalue.Parse([]byte(s)); err == nil {
					positional.Push(v)
					continue
				}
			} else if pos != nil && pos.format == formatString {
				positional.Push(univalue.NewString(s))
				continue
			}
		}
		v, err := parseParam(named, value)
		if err != nil {
			return univalue.Value{}, err
		}
		params.PushKV(name, v)
	}
	if positional.Len() > 0 {
		params.PushKVEnd("args", positional)
	}
	return params, nil
}

// requestObj is Core's JSONRPCRequestObj: a JSON-RPC 2.0 request.
func requestObj(method string, params, id univalue.Value) univalue.Value {
	r := univalue.NewObject()
	r.PushKV("method", univalue.NewString(method))
	r.PushKV("params", params)
	r.PushKV("id", id)
	r.PushKV("jsonrpc", univalue.NewString("2.0"))
	return r
}
