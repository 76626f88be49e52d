package walletrpc

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

var listunspentArgs = []rpc.Arg{
	{Name: "minconf", Type: rpc.ArgNum, Default: "1", Description: "The minimum confirmations to filter"},
	{Name: "maxconf", Type: rpc.ArgNum, Default: "9999999", Description: "The maximum confirmations to filter"},
	{Name: "addresses", Type: rpc.ArgArr, Default: "[]", Description: "The bitcoin addresses to filter",
		Inner: []rpc.Arg{{Name: "address", Type: rpc.ArgStr, Optional: true, Description: "bitcoin address"}}},
	{Name: "include_unsafe", Type: rpc.ArgBool, Default: "true", Description: "Include outputs that are not safe to spend\nSee description of \"safe\" attribute below."},
	{Name: "query_options", Type: rpc.ArgObj, Optional: true, Description: "JSON with query options"},
}

var listunspentHelp = rpc.FormatHelp("listunspent", "Returns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.\nOptionally filter to only include txouts paid to specified addresses.",
	listunspentArgs, "\nResult:\n"+sections(
		rpc.Section{Left: "[", Right: "(json array)"},
		rpc.Section{Left: "  {", Right: "(json object)"},
		rpc.Section{Left: `    "txid" : "hex",`, Right: "(string) the transaction id"},
		rpc.Section{Left: `    "vout" : n,`, Right: "(numeric) the vout value"},
		rpc.Section{Left: `    "address" : "str",`, Right: "(string, optional) the bitcoin address"},
		rpc.Section{Left: `    "label" : "str",`, Right: "(string, optional) The associated label, or \"\" for the default label"},
		rpc.Section{Left: `    "scriptPubKey" : "str",`, Right: "(string) the output script"},
		rpc.Section{Left: `    "amount" : n,`, Right: "(numeric) the transaction output amount in BTC"},
		rpc.Section{Left: `    "confirmations" : n,`, Right: "(numeric) The number of confirmations"},
		rpc.Section{Left: `    "spendable" : true|false,`, Right: "(boolean) Whether we have the private keys to spend this output"},
		rpc.Section{Left: `    "solvable" : true|false,`, Right: "(boolean) Whether we know how to spend this output, ignoring the lack of keys"},
		rpc.Section{Left: `    "desc" : "str",`, Right: "(string, optional) (only when solvable) A descriptor for spending this output"},
		rpc.Section{Left: `    "parent_descs" : [`, Right: "(json array) List of parent descriptors for the output script of this coin."},
		rpc.Section{Left: `      "str",`, Right: "(string) The descriptor string."},
		rpc.Section{Left: "      ...", Right: ""},
		rpc.Section{Left: "    ],", Right: ""},
		rpc.Section{Left: `    "safe" : true|false`, Right: "(boolean) Whether this output is considered safe to spend. Unconfirmed transactions\nfrom outside keys and unconfirmed replacement transactions are considered unsafe\nand are not eligible for spending by fundrawtransaction and sendtoaddress."},
		rpc.Section{Left: "  },", Right: ""},
		rpc.Section{Left: "  ...", Right: ""},
		rpc.Section{Left: "]", Right: ""}),
	examples("listunspent", ""))

func (s *server) coinMethods() []rpc.Method {
	return []rpc.Method{{Name: "listunspent", Args: listunspentArgs, Handler: s.listunspent, Help: listunspentHelp}}
}

// parseAddress is Core's DecodeDestination check with its RPC error.
func parseAddress(w *wallet.Wallet, addr string) ([]byte, error) {
	script, err := descriptor.DecodeAddress(addr, w.Net())
	if err != nil {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: "+addr)
	}
	return script, nil
}

func (s *server) listunspent(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	f := wallet.CoinFilter{IncludeUnsafe: true}
	minDepth, err := req.IntOr(0, 1)
	if err != nil {
		return nil, err
	}
	maxDepth, err := req.IntOr(1, 9999999)
	if err != nil {
		return nil, err
	}
	f.MinDepth, f.MaxDepth = int32(minDepth), int32(maxDepth)
	if req.Has(2) {
		addrs, err := rpc.GetArray(req.Param(2))
		if err != nil {
			return nil, err
		}
		f.Scripts = map[string]bool{}
		for _, raw := range addrs {
			a, err := rpc.GetString(raw)
			if err != nil {
				return nil, err
			}
			script, err := parseAddress(w, a)
			if err != nil {
				return nil, err
			}
			if f.Scripts[string(script)] {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: "+a)
			}
			f.Scripts[string(script)] = true
		}
	}
	if f.IncludeUnsafe, err = req.BoolOr(3, true); err != nil {
		return nil, err
	}
	if req.Has(4) {
		if err := parseQueryOptions(req, &f); err != nil {
			return nil, err
		}
	}
	if err := w.BlockUntilSynced(ctx); err != nil {
		return nil, err
	}
	// No "reused": no wallet has the avoid_reuse flag (createwallet refuses it).
	out := []obj{}
	for _, c := range w.ListUnspent(ctx, f) {
		e := obj{{"txid", c.OutPoint.Hash.String()}, {"vout", c.OutPoint.Index}}
		if c.Address != "" {
			e = append(e, kv{"address", c.Address})
			if c.Label != nil {
				e = append(e, kv{"label", *c.Label})
			}
		}
		e = append(e, kv{"scriptPubKey", hex.EncodeToString(c.Script)}, kv{"amount", amount(c.Value)},
			kv{"confirmations", c.Depth}, kv{"spendable", c.Spendable}, kv{"solvable", c.Solvable})
		if c.Solvable {
			e = append(e, kv{"desc", c.Desc})
		}
		parents := c.ParentDescs
		if parents == nil {
			parents = []string{}
		}
		e = append(e, kv{"parent_descs", parents})
		e = append(e, kv{"safe", c.Safe})
		out = append(out, e)
	}
	return out, nil
}

// parseQueryOptions reads listunspent's query_options with Core's
// RPCTypeCheckObj (unknown keys rejected).
func parseQueryOptions(req *rpc.Request, f *wallet.CoinFilter) error {
	members, err := rpc.GetObject(req.Param(4))
	if err != nil {
		return err
	}
	for _, m := range members {
		switch m.Key {
		case "minimumAmount", "maximumAmount", "minimumSumAmount":
			a, err := rpc.AmountFromValue(m.Value)
			if err != nil {
				return err
			}
			switch m.Key {
			case "minimumAmount":
				f.MinAmount = int64(a)
			case "maximumAmount":
				f.MaxAmount = int64(a)
			default:
				f.MinSumAmount = int64(a)
			}
		case "maximumCount":
			n, err := rpc.GetInt64(m.Value)
			if err != nil {
				return rpcerr.Errorf(rpcerr.RPC_TYPE_ERROR, "JSON value of type %s for field maximumCount is not of expected type number", jsonType(m.Value))
			}
			f.MaxCount = int(n)
		case "include_immature_coinbase":
			b, err := rpc.GetBool(m.Value)
			if err != nil {
				return rpcerr.Errorf(rpcerr.RPC_TYPE_ERROR, "JSON value of type %s for field include_immature_coinbase is not of expected type bool", jsonType(m.Value))
			}
			f.IncludeImmature = b
		default:
			return rpcerr.NewError(rpcerr.RPC_TYPE_ERROR, fmt.Sprintf("Unexpected key %s", m.Key))
		}
	}
	return nil
}

func jsonType(raw []byte) string {
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
