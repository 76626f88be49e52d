package noderpc

import (
	"context"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Raw transaction methods, as Core's src/rpc/rawtransaction.cpp.

var (
	getrawtransactionArgs = []rpc.Arg{
		{Name: "txid", Type: rpc.ArgStrHex, Description: "The transaction id"},
		{Name: "verbosity|verbose", Type: rpc.ArgNum, Optional: true, Default: "0", SkipTypeCheck: true,
			Description: "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout"},
		{Name: "blockhash", Type: rpc.ArgStrHex, Optional: true, Description: "The block in which to look for the transaction"},
	}
	getrawtransactionHelp = rpc.FormatHelp("getrawtransaction",
		"By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\n"+
			"and no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.\n"+
			"If a blockhash argument is passed, it will return the transaction if\n"+
			"the specified block is available and the transaction is in that block.\n\n"+
			"Hint: Use gettransaction for wallet transactions.\n\n"+
			"If verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\n"+
			"If verbosity is 1, returns a JSON Object with information about the transaction.\n"+
			"If verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout information.",
		getrawtransactionArgs,
		results(
			cond{"if verbosity is not set or set to 0", res{typ: rStr, key: "data", desc: "The serialized transaction as a hex-encoded string for 'txid'"}},
			cond{"if verbosity is set to 1", res{typ: rObj, inner: append([]res{
				{typ: rBool, key: "in_active_chain", opt: true, desc: `Whether specified block is in the active chain or not (only present with explicit "blockhash" argument)`},
				{typ: rStrHex, key: "blockhash", opt: true, desc: "the block hash"},
				{typ: rNum, key: "confirmations", opt: true, desc: "The confirmations"},
				{typ: rNumTime, key: "blocktime", opt: true, desc: "The block time expressed in " + unixEpochTime},
				{typ: rNum, key: "time", opt: true, desc: `Same as "blocktime"`},
				{typ: rStrHex, key: "hex", desc: "The serialized, hex-encoded data for 'txid'"},
			}, decodeTxDoc("The transaction id (same as provided)")...)}},
			cond{"for verbosity = 2", res{typ: rObj, inner: []res{
				{typ: rElision, desc: "Same output as verbosity = 1"},
				{typ: rNum, key: "fee", opt: true, desc: "transaction fee in " + currencyUnit + ", omitted if block undo data is not available"},
				{typ: rArr, key: "vin", inner: []res{{typ: rObj, desc: "utxo being spent, omitted if block undo data is not available", inner: []res{
					{typ: rElision, desc: "Same output as verbosity = 1"},
					prevoutDoc("(only if undo information is available)", true),
				}}}},
			}}},
		),
		rpc.HelpExampleCli("getrawtransaction", `"mytxid"`)+
			rpc.HelpExampleCli("getrawtransaction", `"mytxid" 1`)+
			rpc.HelpExampleRpc("getrawtransaction", `"mytxid", 1`)+
			rpc.HelpExampleCli("getrawtransaction", `"mytxid" 0 "myblockhash"`)+
			rpc.HelpExampleCli("getrawtransaction", `"mytxid" 1 "myblockhash"`)+
			rpc.HelpExampleCli("getrawtransaction", `"mytxid" 2 "myblockhash"`))

	decoderawtransactionArgs = []rpc.Arg{
		{Name: "hexstring", Type: rpc.ArgStrHex, Description: "The transaction hex string"},
		{Name: "iswitness", Type: rpc.ArgBool, Optional: true, Default: "depends on heuristic tests",
			Description: "Whether the transaction hex is a serialized witness transaction.\n" +
				"If iswitness is not present, heuristic tests will be used in decoding.\n" +
				"If true, only witness deserialization will be tried.\n" +
				"If false, only non-witness deserialization will be tried.\n" +
				"This boolean should reflect whether the transaction has inputs\n" +
				"(e.g. fully valid, or on-chain transactions), if known by the caller."},
	}
	decoderawtransactionHelp = rpc.FormatHelp("decoderawtransaction",
		"Return a JSON object representing the serialized, hex-encoded transaction.", decoderawtransactionArgs,
		result(res{typ: rObj, inner: decodeTxDoc("The transaction id")}),
		examples("decoderawtransaction", `"hexstring"`, `"hexstring"`))
)

// RawTransactionMethods returns the raw transaction methods served by n
// (sendrawtransaction, Core's in rpc/mempool.cpp, is in MempoolMethods).
func RawTransactionMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{
		{Name: "getrawtransaction", Category: "rawtransactions", Args: getrawtransactionArgs, Help: getrawtransactionHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return getrawtransaction(n, req) }},
		{Name: "decoderawtransaction", Category: "rawtransactions", Args: decoderawtransactionArgs, Help: decoderawtransactionHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				s, err := req.String(0)
				if err != nil {
					return nil, err
				}
				tryWitness, tryNoWitness := true, true
				if req.Has(1) {
					w, err := req.Bool(1)
					if err != nil {
						return nil, err
					}
					tryWitness, tryNoWitness = w, !w
				}
				tx, ok := decodeHexTx(s, tryNoWitness, tryWitness)
				if !ok {
					return nil, rpcerr.NewError(rpcerr.RPC_DESERIALIZATION_ERROR, "TX decode failed")
				}
				return txJSON(tx, n.ConsensusParams(), txOptions{}), nil
			}},
	}
}

func getrawtransaction(n *node.Node, req *rpc.Request) (any, error) {
	txid, err := parseHash(req.Param(0), "parameter 1")
	if err != nil {
		return nil, err
	}
	params := n.ConsensusParams()
	if txid == params.GenesisBlock.Header.MerkleRoot {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved")
	}
	verbosity, err := parseVerbosity(req.Param(1), 0)
	if err != nil {
		return nil, err
	}
	var bi *node.BlockIndex
	if req.Has(2) {
		bh, err := parseHash(req.Param(2), "parameter 3")
		if err != nil {
			return nil, err
		}
		if bi, err = n.LookupBlock(bh); err != nil {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block hash not found")
		}
	}
	var tx *wire.MsgTx
	var block *wire.MsgBlock
	txIndex := -1
	if bi != nil {
		if block, err = n.Block(bi.Hash); err != nil {
			return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "Block not available")
		}
		for i, t := range block.Transactions {
			if t.TxHash() == txid {
				tx, txIndex = t, i
				break
			}
		}
		if tx == nil {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "No such transaction found in the provided block. Use gettransaction for wallet transactions.")
		}
	} else if mtx, ok := n.MempoolTx(txid); ok {
		tx = mtx
	} else {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY,
			"No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.")
	}
	if verbosity <= 0 {
		return txHex(tx), nil
	}
	var o object
	if bi != nil {
		o = append(o, field{"in_active_chain", bi.InActiveChain})
	}
	opt := txOptions{hex: true}
	if verbosity >= 2 && bi != nil && txIndex > 0 {
		if spent, ok, _ := n.SpentOutputs(block); ok {
			opt.spent, opt.prevout = spent[txIndex], true
		}
	}
	o = append(o, txJSON(tx, params, opt)...)
	if bi != nil {
		o = append(o, blockContext(n, bi)...)
	}
	return o, nil
}

// blockContext is what Core's TxToJSON adds for a transaction in a block.
func blockContext(n *node.Node, bi *node.BlockIndex) object {
	o := object{{"blockhash", bi.Hash.String()}}
	if bi.InActiveChain {
		_, tip := n.Tip()
		t := bi.Header.Timestamp.Unix()
		return append(o, field{"confirmations", tip - bi.Height + 1}, field{"time", t}, field{"blocktime", t})
	}
	return append(o, field{"confirmations", 0})
}
