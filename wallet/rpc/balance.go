package walletrpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

var getbalanceArgs = []rpc.Arg{
	{Name: "dummy", Type: rpc.ArgStr, Optional: true, Description: `Remains for backward compatibility. Must be excluded or set to "*".`},
	{Name: "minconf", Type: rpc.ArgNum, Default: "0", Description: "Only include transactions confirmed at least this many times."},
	{Name: "include_watchonly", Type: rpc.ArgBool, Default: "true for watch-only wallets, otherwise false", Description: "Also include balance in watch-only addresses (see 'importaddress')"},
	{Name: "avoid_reuse", Type: rpc.ArgBool, Default: "true", Description: "(only available if avoid_reuse wallet flag is set) Do not include balance in dirty outputs; addresses are considered dirty if they have previously been used in a transaction."},
}

var getbalancesHelp = rpc.FormatHelp("getbalances", "Returns an object with all balances in BTC.", nil,
	"\nResult:\n"+sections(
		rpc.Section{Left: "{", Right: "(json object)"},
		rpc.Section{Left: `  "mine" : {`, Right: "(json object) balances from outputs that the wallet can sign"},
		rpc.Section{Left: `    "trusted" : n,`, Right: "(numeric) trusted balance (outputs created by the wallet or confirmed outputs)"},
		rpc.Section{Left: `    "untrusted_pending" : n,`, Right: "(numeric) untrusted pending balance (outputs created by others that are in the mempool)"},
		rpc.Section{Left: `    "immature" : n,`, Right: "(numeric) balance from immature coinbase outputs"},
		rpc.Section{Left: `    "used" : n`, Right: "(numeric, optional) (only present if avoid_reuse is set) balance from coins sent to addresses that were previously spent from (potentially privacy violating)"},
		rpc.Section{Left: "  },", Right: ""},
		rpc.Section{Left: `  "lastprocessedblock" : {`, Right: "(json object) hash and height of the block this information was generated on"},
		rpc.Section{Left: `    "hash" : "hex",`, Right: "(string) hash of the block this information was generated on"},
		rpc.Section{Left: `    "height" : n`, Right: "(numeric) height of the block this information was generated on"},
		rpc.Section{Left: "  }", Right: ""},
		rpc.Section{Left: "}", Right: ""}),
	examples("getbalances", ""))

func (s *server) balanceMethods() []rpc.Method {
	return []rpc.Method{
		{Name: "getbalance", Args: getbalanceArgs, Handler: s.getbalance,
			Help: rpc.FormatHelp("getbalance", "Returns the total available balance.\nThe available balance is what the wallet considers currently spendable, and is\nthus affected by options which limit spendability such as -spendzeroconfchange.",
				getbalanceArgs, "\nResult:\n"+sections(rpc.Section{Left: "n", Right: "(numeric) The total amount in BTC received for this wallet."}),
				"\nThe total amount in the wallet with 0 or more confirmations\n"+rpc.HelpExampleCli("getbalance", "")+
					"\nThe total amount in the wallet with at least 6 confirmations\n"+rpc.HelpExampleCli("getbalance", `"*" 6`)+
					"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("getbalance", `"*", 6`))},
		{Name: "getbalances", Handler: s.getbalances, Help: getbalancesHelp},
	}
}

// avoidReuseFlag is Core's GetAvoidReuseFlag.
func avoidReuseFlag(canAvoid bool, req *rpc.Request, i int) (bool, error) {
	v, err := req.BoolOr(i, canAvoid)
	if err != nil {
		return false, err
	}
	if v && !canAvoid {
		return false, rpcerr.NewError(rpcerr.RPC_WALLET_ERROR, `wallet does not have the "avoid reuse" feature enabled`)
	}
	return v, nil
}

func (s *server) getbalance(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	if req.Has(0) {
		d, err := req.String(0)
		if err != nil {
			return nil, err
		}
		if d != "*" {
			return nil, rpcerr.NewError(rpcerr.RPC_METHOD_DEPRECATED, `dummy first argument must be excluded or set to "*".`)
		}
	}
	minDepth, err := req.IntOr(1, 0)
	if err != nil {
		return nil, err
	}
	if _, err := req.BoolOr(2, false); err != nil {
		return nil, err
	}
	if _, err := avoidReuseFlag(w.HasFlag(wallet.FlagAvoidReuse), req, 3); err != nil {
		return nil, err
	}
	return amount(w.Balances(minDepth).Trusted), nil
}

func (s *server) getbalances(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	// No "used": no wallet has the avoid_reuse flag (createwallet refuses it).
	b := w.Balances(0)
	mine := obj{
		{"trusted", amount(b.Trusted)},
		{"untrusted_pending", amount(b.UntrustedPending)},
		{"immature", amount(b.Immature)},
	}
	return obj{{"mine", mine}, lastProcessedBlock(w.LastProcessedBlock())}, nil
}
