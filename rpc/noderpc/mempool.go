package noderpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Mempool methods, as Core's src/rpc/mempool.cpp.

const (
	defaultMaxRawTxFeeRate = amount.COIN / 10 // DEFAULT_MAX_RAW_TX_FEE_RATE, per kvB
	maxFeeRateLimit        = amount.COIN      // "Fee rates larger than 1BTC/kvB are rejected."
)

var (
	getmempoolinfoHelp = rpc.FormatHelp("getmempoolinfo", "Returns details on the active state of the TX memory pool.", nil,
		result(res{typ: rObj, inner: []res{
			{typ: rBool, key: "loaded", desc: "True if the initial load attempt of the persisted mempool finished"},
			{typ: rNum, key: "size", desc: "Current tx count"},
			{typ: rNum, key: "bytes", desc: "Sum of all virtual transaction sizes as defined in BIP 141. Differs from actual serialized size because witness data is discounted"},
			{typ: rNum, key: "usage", desc: "Total memory usage for the mempool"},
			{typ: rStrAmount, key: "total_fee", desc: "Total fees for the mempool in " + currencyUnit + ", ignoring modified fees through prioritisetransaction"},
			{typ: rNum, key: "maxmempool", desc: "Maximum memory usage for the mempool"},
			{typ: rStrAmount, key: "mempoolminfee", desc: "Minimum fee rate in " + currencyUnit + "/kvB for tx to be accepted. Is the maximum of minrelaytxfee and minimum mempool fee"},
			{typ: rStrAmount, key: "minrelaytxfee", desc: "Current minimum relay fee for transactions"},
			{typ: rNum, key: "incrementalrelayfee", desc: "minimum fee rate increment for mempool limiting or replacement in " + currencyUnit + "/kvB"},
			{typ: rNum, key: "unbroadcastcount", desc: "Current number of transactions that haven't passed initial broadcast yet"},
			{typ: rBool, key: "fullrbf", desc: "True if the mempool accepts RBF without replaceability signaling inspection"},
			{typ: rBool, key: "permitbaremultisig", desc: "True if the mempool accepts transactions with bare multisig outputs"},
			{typ: rNum, key: "maxdatacarriersize", desc: "Maximum number of bytes that can be used by OP_RETURN outputs in the mempool"},
		}}),
		examples("getmempoolinfo", "", ""))

	getrawmempoolArgs = []rpc.Arg{
		{Name: "verbose", Type: rpc.ArgBool, Optional: true, Default: "false", Description: "True for a json object, false for array of transaction ids"},
		{Name: "mempool_sequence", Type: rpc.ArgBool, Optional: true, Default: "false", Description: "If verbose=false, returns a json object with transaction list and mempool sequence number attached."},
	}
	getrawmempoolHelp = rpc.FormatHelp("getrawmempool",
		"Returns all transaction ids in memory pool as a json array of string transaction ids.\n\nHint: use getmempoolentry to fetch a specific transaction from the mempool.",
		getrawmempoolArgs,
		results(
			cond{"for verbose = false", res{typ: rArr, inner: []res{{typ: rStrHex, desc: "The transaction id"}}}},
			cond{"for verbose = true", res{typ: rObjDyn, inner: []res{{typ: rObj, key: "transactionid", inner: mempoolEntryDoc()}}}},
			cond{"for verbose = false and mempool_sequence = true", res{typ: rObj, inner: []res{
				{typ: rArr, key: "txids", inner: []res{{typ: rStrHex, desc: "The transaction id"}}},
				{typ: rNum, key: "mempool_sequence", desc: "The mempool sequence value."},
			}}},
		),
		examples("getrawmempool", "true", "true"))

	sendrawtransactionArgs = []rpc.Arg{
		{Name: "hexstring", Type: rpc.ArgStrHex, Description: "The hex string of the raw transaction"},
		{Name: "maxfeerate", Type: rpc.ArgAmount, Optional: true, Default: `"0.10"`,
			Description: "Reject transactions whose fee rate is higher than the specified value, expressed in " + currencyUnit +
				"/kvB.\nFee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any fee rate."},
		{Name: "maxburnamount", Type: rpc.ArgAmount, Optional: true, Default: `"0.00"`,
			Description: "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in " + currencyUnit + ".\n" +
				"If burning funds through unspendable outputs is desired, increase this value.\n" +
				"This check is based on heuristics and does not guarantee spendability of outputs.\n"},
	}
	sendrawtransactionHelp = rpc.FormatHelp("sendrawtransaction",
		"Submit a raw transaction (serialized, hex-encoded) to local node and network.\n"+
			"\nThe transaction will be sent unconditionally to all peers, so using sendrawtransaction\n"+
			"for manual rebroadcast may degrade privacy by leaking the transaction's origin, as\n"+
			"nodes will normally not rebroadcast non-wallet transactions already in their mempool.\n"+
			"\nA specific exception, RPC_TRANSACTION_ALREADY_IN_CHAIN, may throw if the transaction cannot be added to the mempool.\n"+
			"\nRelated RPCs: createrawtransaction, signrawtransactionwithkey",
		sendrawtransactionArgs,
		result(res{typ: rStrHex, desc: "The transaction hash in hex"}),
		"\nCreate a transaction\n"+
			rpc.HelpExampleCli("createrawtransaction", `"[{\"txid\" : \"mytxid\",\"vout\":0}]" "{\"myaddress\":0.01}"`)+
			"Sign the transaction, and get back the hex\n"+
			rpc.HelpExampleCli("signrawtransactionwithwallet", `"myhex"`)+
			"\nSend the transaction (signed hex)\n"+
			rpc.HelpExampleCli("sendrawtransaction", `"signedhex"`)+
			"\nAs a JSON-RPC call\n"+
			rpc.HelpExampleRpc("sendrawtransaction", `"signedhex"`))
)

// mempoolEntryDoc is Core's MempoolEntryDescription.
func mempoolEntryDoc() []res {
	return []res{
		{typ: rNum, key: "vsize", desc: "virtual transaction size as defined in BIP 141. This is different from actual serialized size for witness transactions as witness data is discounted."},
		{typ: rNum, key: "weight", desc: "transaction weight as defined in BIP 141."},
		{typ: rNumTime, key: "time", desc: "local time transaction entered pool in seconds since 1 Jan 1970 GMT"},
		{typ: rNum, key: "height", desc: "block height when transaction entered pool"},
		{typ: rNum, key: "descendantcount", desc: "number of in-mempool descendant transactions (including this one)"},
		{typ: rNum, key: "descendantsize", desc: "virtual transaction size of in-mempool descendants (including this one)"},
		{typ: rNum, key: "ancestorcount", desc: "number of in-mempool ancestor transactions (including this one)"},
		{typ: rNum, key: "ancestorsize", desc: "virtual transaction size of in-mempool ancestors (including this one)"},
		{typ: rStrHex, key: "wtxid", desc: "hash of serialized transaction, including witness data"},
		{typ: rObj, key: "fees", inner: []res{
			{typ: rStrAmount, key: "base", desc: "transaction fee, denominated in " + currencyUnit},
			{typ: rStrAmount, key: "modified", desc: "transaction fee with fee deltas used for mining priority, denominated in " + currencyUnit},
			{typ: rStrAmount, key: "ancestor", desc: "transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining priority, denominated in " + currencyUnit},
			{typ: rStrAmount, key: "descendant", desc: "transaction fees of in-mempool descendants (including this one) with fee deltas used for mining priority, denominated in " + currencyUnit},
		}},
		{typ: rArr, key: "depends", desc: "unconfirmed transactions used as inputs for this transaction", inner: []res{{typ: rStrHex, key: "transactionid", desc: "parent transaction id"}}},
		{typ: rArr, key: "spentby", desc: "unconfirmed transactions spending outputs from this transaction", inner: []res{{typ: rStrHex, key: "transactionid", desc: "child transaction id"}}},
		{typ: rBool, key: "bip125-replaceable", desc: "Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability.\n"},
		{typ: rBool, key: "unbroadcast", desc: "Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)"},
	}
}

// MempoolMethods returns the mempool methods served by n.
func MempoolMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{
		{Name: "getmempoolinfo", Category: "blockchain", Help: getmempoolinfoHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			return MempoolInfoJSON(n), nil
		}},
		{Name: "getrawmempool", Category: "blockchain", Args: getrawmempoolArgs, Help: getrawmempoolHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			verbose, err := req.BoolOr(0, false)
			if err != nil {
				return nil, err
			}
			withSeq, err := req.BoolOr(1, false)
			if err != nil {
				return nil, err
			}
			if verbose && withSeq {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Verbose results cannot contain mempool sequence values.")
			}
			return MempoolJSON(n, verbose, withSeq), nil
		}},
		{Name: "sendrawtransaction", Category: "rawtransactions", Args: sendrawtransactionArgs, Help: sendrawtransactionHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			var maxBurn rpc.Amount
			if req.Has(2) {
				v, err := req.Amount(2)
				if err != nil {
					return nil, err
				}
				maxBurn = v
			}
			s, err := req.String(0)
			if err != nil {
				return nil, err
			}
			tx, ok := decodeHexTx(s, true, true)
			if !ok {
				return nil, rpcerr.NewError(rpcerr.RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input.")
			}
			for _, out := range tx.TxOut {
				if (node.IsUnspendable(out.PkScript) || !node.HasValidOps(out.PkScript)) && rpc.Amount(out.Value) > maxBurn {
					return nil, rpcerr.NewError(rpcerr.RPC_TRANSACTION_ERROR, "Unspendable output exceeds maximum configured by user (maxburnamount)")
				}
			}
			rate, err := parseFeeRate(req, 1)
			if err != nil {
				return nil, err
			}
			weight := int64(tx.SerializeSizeStripped())*3 + int64(tx.SerializeSize())
			maxFee := feeAtRate(rate, (weight+3)/4)
			if err := n.BroadcastTransaction(ctx, tx, maxFee); err != nil {
				return nil, err
			}
			return tx.TxHash().String(), nil
		}},
	}
}

// parseFeeRate is Core's ParseFeeRate for the maxfeerate argument (BTC/kvB,
// default 0.10): above 1 BTC/kvB is an error.
func parseFeeRate(req *rpc.Request, i int) (int64, error) {
	if !req.Has(i) {
		return defaultMaxRawTxFeeRate, nil
	}
	v, err := req.Amount(i)
	if err != nil {
		return 0, err
	}
	if int64(v) >= maxFeeRateLimit {
		return 0, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Fee rates larger than or equal to 1BTC/kvB are not accepted")
	}
	return int64(v), nil
}

// feeAtRate is Core's CFeeRate::GetFee (rounded up, at least 1 for a
// positive rate).
func feeAtRate(rate, vsize int64) int64 {
	fee := (rate*vsize + 999) / 1000
	if fee == 0 && vsize != 0 && rate > 0 {
		fee = 1
	}
	return fee
}

// entryJSON is Core's entryToJSON.
func entryJSON(e node.MempoolEntry) object {
	depends := make([]string, len(e.Depends))
	for i, d := range e.Depends {
		depends[i] = d.String()
	}
	spent := make([]string, len(e.SpentBy))
	for i, s := range e.SpentBy {
		spent[i] = s.String()
	}
	return object{
		{"vsize", e.VSize},
		{"weight", e.Weight},
		{"time", e.Time.Unix()},
		{"height", e.Height},
		{"descendantcount", e.DescendantCount},
		{"descendantsize", e.DescendantSize},
		{"ancestorcount", e.AncestorCount},
		{"ancestorsize", e.AncestorSize},
		{"wtxid", e.Tx.WitnessHash().String()},
		{"fees", object{
			{"base", rpc.Amount(e.Fee)},
			{"modified", rpc.Amount(e.Fee)},
			{"ancestor", rpc.Amount(e.AncestorFees)},
			{"descendant", rpc.Amount(e.DescendantFees)},
		}},
		{"depends", depends},
		{"spentby", spent},
		{"bip125-replaceable", e.BIP125Replaceable},
		{"unbroadcast", e.Unbroadcast},
	}
}

// MempoolInfoJSON is Core's MempoolInfoToJSON (getmempoolinfo, REST
// /mempool/info).
func MempoolInfoJSON(n *node.Node) any {
	i := n.MempoolInfo()
	return object{
		{"loaded", true},
		{"size", i.Size},
		{"bytes", i.Bytes},
		{"usage", i.Usage},
		{"total_fee", rpc.Amount(i.TotalFee)},
		{"maxmempool", i.MaxMempool},
		{"mempoolminfee", rpc.Amount(i.MempoolMinFee)},
		{"minrelaytxfee", rpc.Amount(i.MinRelayTxFee)},
		{"incrementalrelayfee", rpc.Amount(i.IncrementalRelayFee)},
		{"unbroadcastcount", i.Unbroadcast},
		{"fullrbf", i.FullRBF},
		{"permitbaremultisig", i.PermitBareMultisig},
		{"maxdatacarriersize", i.MaxDataCarrierSize},
	}
}

// MempoolJSON is Core's MempoolToJSON (getrawmempool, REST
// /mempool/contents): entries by txid when verbose, else the txids, with
// the mempool sequence number when withSeq (not with verbose).
func MempoolJSON(n *node.Node, verbose, withSeq bool) any {
	if verbose {
		o := object{}
		for _, e := range n.MempoolEntries() {
			o = append(o, field{e.TxID.String(), entryJSON(e)})
		}
		return o
	}
	seq := n.MempoolSequence()
	ids := []string{}
	for _, id := range n.MempoolTxIDs() {
		ids = append(ids, id.String())
	}
	if !withSeq {
		return ids
	}
	return object{{"txids", ids}, {"mempool_sequence", seq}}
}
