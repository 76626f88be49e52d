package rpc

import (
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

type argName struct {
	pattern   string // names separated by '|'
	namedOnly bool
}

// argNames is Core's RPCHelpMan::GetArgNames: every argument in order, the
// inner keys of an options object first, marked named-only.
func argNames(args []Arg) []argName {
	var out []argName
	for _, a := range args {
		if a.Type == ArgObjNamedParams {
			for _, in := range a.Inner {
				out = append(out, argName{in.Name, true})
			}
		}
		out = append(out, argName{a.Name, false})
	}
	return out
}

// transformNamed maps a named-parameter object to positional parameters as
// Core's transformNamedArguments: gaps become null (not at the end),
// named-only keys are gathered into the options object, an "args" array
// supplies leading positional values, and unknown or repeated names fail
// with rpcerr.RPC_INVALID_PARAMETER.
func transformNamed(params univalue.Value, names []argName) ([]univalue.Value, error) {
	type in struct {
		key string
		val univalue.Value
		pos int
	}
	argsIn := make(map[string]*in, len(params.Keys))
	for i, k := range params.Keys {
		if _, dup := argsIn[k]; dup {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Parameter "+k+" specified multiple times")
		}
		argsIn[k] = &in{k, params.Values[i], i}
	}
	var out []univalue.Value
	hole, initialHole := 0, 0
	initialParam := ""
	haveInitial := false
	options := univalue.NewObject()
	for _, an := range names {
		var found *in
		for _, n := range strings.Split(an.pattern, "|") {
			if f, ok := argsIn[n]; ok {
				found = f
				break
			}
		}
		if an.namedOnly {
			if found != nil {
				if options.Has(found.key) {
					return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Parameter "+found.key+" specified multiple times")
				}
				options.PushKVEnd(found.key, found.val)
				delete(argsIn, found.key)
			}
			continue
		}
		if options.Len() > 0 || found != nil {
			for range hole {
				out = append(out, univalue.Value{})
			}
			hole = 0
			if !haveInitial {
				initialParam, haveInitial = an.pattern, true
			}
		} else {
			hole++
			if len(out) == 0 {
				initialHole = hole
			}
		}
		if found != nil {
			if options.Len() > 0 {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Parameter "+found.key+" conflicts with parameter "+options.Keys[0])
			}
			out = append(out, found.val)
			delete(argsIn, found.key)
		}
		if options.Len() > 0 {
			out = append(out, options)
			options = univalue.NewObject()
		}
	}
	if positional, ok := argsIn["args"]; ok {
		delete(argsIn, "args")
		if positional.val.Kind == univalue.Array {
			if initialHole < len(positional.val.Values) && haveInitial {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Parameter "+initialParam+" specified twice both as positional and named argument")
			}
			named := out
			out = append([]univalue.Value(nil), positional.val.Values...)
			for i := len(out); i < len(named); i++ {
				out = append(out, named[i])
			}
		}
	}
	if len(argsIn) > 0 {
		first := ""
		pos := -1
		for k, v := range argsIn {
			if pos < 0 || v.pos < pos {
				first, pos = k, v.pos
			}
		}
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Unknown named parameter "+first)
	}
	return out, nil
}
