package walletrpc

import (
	"context"
	"encoding/hex"
	"fmt"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

var listtransactionsArgs = []rpc.Arg{
	{Name: "label|dummy", Type: rpc.ArgStr, Optional: true, Description: "If set, should be a valid label name to return only incoming transactions\nwith the specified label, or \"*\" to disable filtering and return all transactions."},
	{Name: "count", Type: rpc.ArgNum, Default: "10", Description: "The number of transactions to return"},
	{Name: "skip", Type: rpc.ArgNum, Default: "0", Description: "The number of transactions to skip"},
	{Name: "include_watchonly", Type: rpc.ArgBool, Default: "true for watch-only wallets, otherwise false", Description: "Include transactions to watch-only addresses (see 'importaddress')"},
}

var gettransactionArgs = []rpc.Arg{
	{Name: "txid", Type: rpc.ArgStr, Description: "The transaction id"},
	{Name: "include_watchonly", Type: rpc.ArgBool, Default: "true for watch-only wallets, otherwise false", Description: "Whether to include watch-only addresses in balance calculation and details[]"},
	{Name: "verbose", Type: rpc.ArgBool, Default: "false", Description: "Whether to include a `decoded` field containing the decoded transaction (equivalent to RPC decoderawtransaction)"},
}

// txDescriptionHelp is Core's TransactionDescriptionString.
var txDescriptionHelp = []rpc.Section{
	{Left: `    "confirmations" : n,`, Right: "(numeric) The number of confirmations for the transaction. Negative confirmations means the\ntransaction conflicted that many blocks ago."},
	{Left: `    "generated" : true|false,`, Right: "(boolean, optional) Only present if the transaction's only input is a coinbase one."},
	{Left: `    "trusted" : true|false,`, Right: "(boolean, optional) Whether we consider the transaction to be trusted and safe to spend from.\nOnly present when the transaction has 0 confirmations (or negative confirmations, if conflicted)."},
	{Left: `    "blockhash" : "hex",`, Right: "(string, optional) The block hash containing the transaction."},
	{Left: `    "blockheight" : n,`, Right: "(numeric, optional) The block height containing the transaction."},
	{Left: `    "blockindex" : n,`, Right: "(numeric, optional) The index of the transaction in the block that includes it."},
	{Left: `    "blocktime" : xxx,`, Right: "(numeric, optional) The block time expressed in UNIX epoch time."},
	{Left: `    "txid" : "hex",`, Right: "(string) The transaction id."},
	{Left: `    "wtxid" : "hex",`, Right: "(string) The hash of serialized transaction, including witness data."},
	{Left: `    "walletconflicts" : [`, Right: "(json array) Confirmed transactions that have been detected by the wallet to conflict with this transaction."},
	{Left: `      "hex",`, Right: "(string) The transaction id."},
	{Left: "      ...", Right: ""},
	{Left: "    ],", Right: ""},
	{Left: `    "mempoolconflicts" : [`, Right: "(json array) Transactions in the mempool that directly conflict with either this transaction or an ancestor transaction"},
	{Left: `      "hex",`, Right: "(string) The transaction id."},
	{Left: "      ...", Right: ""},
	{Left: "    ],", Right: ""},
	{Left: `    "to" : "str",`, Right: "(string, optional) If a comment to is associated with the transaction."},
	{Left: `    "time" : xxx,`, Right: "(numeric) The transaction time expressed in UNIX epoch time."},
	{Left: `    "timereceived" : xxx,`, Right: "(numeric) The time received expressed in UNIX epoch time."},
	{Left: `    "comment" : "str",`, Right: "(string, optional) If a comment is associated with the transaction, only present if not empty."},
	{Left: `    "bip125-replaceable" : "str",`, Right: "(string) (\"yes|no|unknown\") Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability.\nMay be unknown for unconfirmed transactions not in the mempool because their unconfirmed ancestors are unknown."},
}

func (s *server) transactionMethods() []rpc.Method {
	listSecs := []rpc.Section{
		{Left: "[", Right: "(json array)"},
		{Left: "  {", Right: "(json object)"},
		{Left: `    "address" : "str",`, Right: "(string, optional) The bitcoin address of the transaction (not returned if the output does not have an address, e.g. OP_RETURN null data)."},
		{Left: `    "category" : "str",`, Right: "(string) The transaction category.\n\"send\"                  Transactions sent.\n\"receive\"               Non-coinbase transactions received.\n\"generate\"              Coinbase transactions received with more than 100 confirmations.\n\"immature\"              Coinbase transactions received with 100 or fewer confirmations.\n\"orphan\"                Orphaned coinbase transactions received."},
		{Left: `    "amount" : n,`, Right: "(numeric) The amount in BTC. This is negative for the 'send' category, and is positive\nfor all other categories"},
		{Left: `    "label" : "str",`, Right: "(string, optional) A comment for the address/transaction, if any"},
		{Left: `    "vout" : n,`, Right: "(numeric) the vout value"},
		{Left: `    "fee" : n,`, Right: "(numeric, optional) The amount of the fee in BTC. This is negative and only available for the\n'send' category of transactions."},
	}
	listSecs = append(listSecs, txDescriptionHelp...)
	listSecs = append(listSecs,
		rpc.Section{Left: `    "abandoned" : true|false`, Right: "(boolean) 'true' if the transaction has been abandoned (inputs are respendable)."},
		rpc.Section{Left: "  },", Right: ""}, rpc.Section{Left: "  ...", Right: ""}, rpc.Section{Left: "]", Right: ""})
	return []rpc.Method{
		{Name: "listtransactions", Args: listtransactionsArgs, Handler: s.listtransactions,
			Help: rpc.FormatHelp("listtransactions", "If a label name is provided, this will return only incoming transactions paying to addresses with the specified label.\n\nReturns up to 'count' most recent transactions skipping the first 'from' transactions.",
				listtransactionsArgs, "\nResult:\n"+rpc.FormatSections(listSecs),
				"\nList the most recent 10 transactions in the systems\n"+rpc.HelpExampleCli("listtransactions", "")+
					"\nList transactions 100 to 120\n"+rpc.HelpExampleCli("listtransactions", `"*" 20 100`)+
					"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("listtransactions", `"*", 20, 100`))},
		{Name: "gettransaction", Args: gettransactionArgs, Handler: s.gettransaction,
			Help: rpc.FormatHelp("gettransaction", "Get detailed information about in-wallet transaction <txid>", gettransactionArgs,
				"\nResult:\n"+sections(
					rpc.Section{Left: "{", Right: "(json object)"},
					rpc.Section{Left: `  "amount" : n,`, Right: "(numeric) The amount in BTC"},
					rpc.Section{Left: `  "fee" : n,`, Right: "(numeric, optional) The amount of the fee in BTC. This is negative and only available for the\n'send' category of transactions."},
					rpc.Section{Left: "  ...", Right: "Same output as listtransactions"},
					rpc.Section{Left: `  "details" : [`, Right: "(json array)"},
					rpc.Section{Left: "    ...", Right: ""},
					rpc.Section{Left: "  ],", Right: ""},
					rpc.Section{Left: `  "hex" : "hex",`, Right: "(string) Raw data for transaction"},
					rpc.Section{Left: `  "decoded" : {`, Right: "(json object, optional) The decoded transaction (only present when `verbose` is passed)"},
					rpc.Section{Left: "    ...", Right: "Equivalent to the RPC decoderawtransaction method, or the RPC getrawtransaction method when `verbose` is passed."},
					rpc.Section{Left: "  },", Right: ""},
					rpc.Section{Left: `  "lastprocessedblock" : {`, Right: "(json object) hash and height of the block this information was generated on"},
					rpc.Section{Left: `    "hash" : "hex",`, Right: "(string) hash of the block this information was generated on"},
					rpc.Section{Left: `    "height" : n`, Right: "(numeric) height of the block this information was generated on"},
					rpc.Section{Left: "  }", Right: ""},
					rpc.Section{Left: "}", Right: ""}),
				rpc.HelpExampleCli("gettransaction", `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d"`)+
					rpc.HelpExampleCli("gettransaction", `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d" true`)+
					rpc.HelpExampleCli("gettransaction", `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d" false true`)+
					rpc.HelpExampleRpc("gettransaction", `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d"`))},
	}
}

// infoMembers is Core's WalletTxToJSON.
func infoMembers(in *wallet.TxInfo) obj {
	o := obj{{"confirmations", in.Confirmations}}
	if in.Generated {
		o = append(o, kv{"generated", true})
	}
	if in.Confirmed {
		o = append(o, kv{"blockhash", in.BlockHash.String()}, kv{"blockheight", in.BlockHeight},
			kv{"blockindex", in.BlockIndex}, kv{"blocktime", in.BlockTime})
	} else if in.Trusted != nil {
		o = append(o, kv{"trusted", *in.Trusted})
	}
	o = append(o, kv{"txid", in.Txid.String()}, kv{"wtxid", in.Wtxid.String()},
		kv{"walletconflicts", hashes(in.WalletConflicts)}, kv{"mempoolconflicts", hashes(in.MempoolConflicts)},
		kv{"time", in.Time}, kv{"timereceived", in.TimeReceived}, kv{"bip125-replaceable", in.BIP125})
	if in.Comment != "" {
		o = append(o, kv{"comment", in.Comment})
	}
	if in.To != "" {
		o = append(o, kv{"to", in.To})
	}
	return o
}

func hashes(hs []chainhash.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.String()
	}
	return out
}

// entryObj is one ListTransactions entry.
func entryObj(e wallet.TxEntry) obj {
	var o obj
	if e.Address != "" {
		o = append(o, kv{"address", e.Address})
	}
	if e.Category == "send" {
		o = append(o, kv{"category", e.Category}, kv{"amount", amount(e.Amount)})
		if e.Label != nil {
			o = append(o, kv{"label", *e.Label})
		}
		o = append(o, kv{"vout", e.Vout}, kv{"fee", amount(*e.Fee)})
		if e.Info != nil {
			o = append(o, infoMembers(e.Info)...)
		}
		return append(o, kv{"abandoned", e.Abandoned})
	}
	parents := e.ParentDescs
	if parents == nil {
		parents = []string{}
	}
	o = append(o, kv{"parent_descs", parents}, kv{"category", e.Category}, kv{"amount", amount(e.Amount)})
	if e.Label != nil {
		o = append(o, kv{"label", *e.Label})
	}
	o = append(o, kv{"vout", e.Vout}, kv{"abandoned", e.Abandoned})
	if e.Info != nil {
		o = append(o, infoMembers(e.Info)...)
	}
	return o
}

func (s *server) listtransactions(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	var label *string
	if req.Has(0) {
		l, err := req.String(0)
		if err != nil {
			return nil, err
		}
		if l != "*" {
			if l, err = labelFromValue(req.Param(0)); err != nil {
				return nil, err
			}
			if l == "" {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, `Label argument must be a valid label name or "*".`)
			}
			label = &l
		}
	}
	count, err := req.IntOr(1, 10)
	if err != nil {
		return nil, err
	}
	skip, err := req.IntOr(2, 0)
	if err != nil {
		return nil, err
	}
	if _, err := req.BoolOr(3, false); err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Negative count")
	}
	if skip < 0 {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Negative from")
	}
	out := []obj{}
	for _, e := range w.ListTransactions(ctx, label, count, skip) {
		out = append(out, entryObj(e))
	}
	return out, nil
}

// parseHash is Core's ParseHashV.
func parseHash(s, name string) (chainhash.Hash, error) {
	if len(s) != 64 {
		return chainhash.Hash{}, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("%s must be of length %d (not %d, for '%s')", name, 64, len(s), s))
	}
	if _, err := hex.DecodeString(s); err != nil {
		return chainhash.Hash{}, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("%s must be hexadecimal string (not '%s')", name, s))
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("%s must be hexadecimal string (not '%s')", name, s))
	}
	return *h, nil
}

func (s *server) gettransaction(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	id, err := req.String(0)
	if err != nil {
		return nil, err
	}
	txid, err := parseHash(id, "txid")
	if err != nil {
		return nil, err
	}
	if _, err := req.BoolOr(1, false); err != nil {
		return nil, err
	}
	verbose, err := req.BoolOr(2, false)
	if err != nil {
		return nil, err
	}
	d, err := w.GetTransaction(ctx, txid)
	if err != nil {
		return nil, err
	}
	o := obj{{"amount", amount(d.Amount)}}
	if d.Fee != nil {
		o = append(o, kv{"fee", amount(*d.Fee)})
	}
	o = append(o, infoMembers(&d.Info)...)
	details := []obj{}
	for _, e := range d.Details {
		details = append(details, entryObj(e))
	}
	o = append(o, kv{"details", details}, kv{"hex", hex.EncodeToString(serialize(d.Tx))})
	if verbose {
		o = append(o, kv{"decoded", decodeTx(d.Tx, w.Net())})
	}
	return append(o, lastProcessedBlock(d.Last)), nil
}
