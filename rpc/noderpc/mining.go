package noderpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Generating methods, as Core's src/rpc/mining.cpp (category
// "generating", regtest mining).

var (
	maxTriesArg           = rpc.Arg{Name: "maxtries", Type: rpc.ArgNum, Optional: true, Default: "1000000", Description: "How many iterations to try."}
	blockHashesDoc        = res{typ: rArr, desc: "hashes of blocks generated", inner: []res{{typ: rStrHex, desc: "blockhash"}}}
	generatetoaddressArgs = []rpc.Arg{
		{Name: "nblocks", Type: rpc.ArgNum, Description: "How many blocks are generated."},
		{Name: "address", Type: rpc.ArgStr, Description: "The address to send the newly generated bitcoin to."},
		maxTriesArg,
	}
	generatetoaddressHelp = rpc.FormatHelp("generatetoaddress", "Mine to a specified address and return the block hashes.",
		generatetoaddressArgs, result(blockHashesDoc),
		"\nGenerate 11 blocks to myaddress\n"+rpc.HelpExampleCli("generatetoaddress", `11 "myaddress"`)+
			"If you are using the Bitcoin Core wallet, you can get a new address to send the newly generated bitcoin to with:\n"+
			rpc.HelpExampleCli("getnewaddress", ""))

	generatetodescriptorArgs = []rpc.Arg{
		{Name: "num_blocks", Type: rpc.ArgNum, Description: "How many blocks are generated."},
		{Name: "descriptor", Type: rpc.ArgStr, Description: "The descriptor to send the newly generated bitcoin to."},
		maxTriesArg,
	}
	generatetodescriptorHelp = rpc.FormatHelp("generatetodescriptor", "Mine to a specified descriptor and return the block hashes.",
		generatetodescriptorArgs, result(blockHashesDoc),
		"\nGenerate 11 blocks to mydesc\n"+rpc.HelpExampleCli("generatetodescriptor", `11 "mydesc"`))

	generateblockArgs = []rpc.Arg{
		{Name: "output", Type: rpc.ArgStr, Description: "The address or descriptor to send the newly generated bitcoin to."},
		{Name: "transactions", Type: rpc.ArgArr, Description: "An array of hex strings which are either txids or raw transactions.\n" +
			"Txids must reference transactions currently in the mempool.\n" +
			"All transactions must be valid and in valid order, otherwise the block will be rejected.",
			Inner: []rpc.Arg{{Name: "rawtx/txid", Type: rpc.ArgStrHex, Optional: true}}},
		{Name: "submit", Type: rpc.ArgBool, Optional: true, Default: "true", Description: "Whether to submit the block before the RPC call returns or to return it as hex."},
	}
	generateblockHelp = rpc.OneLine("generateblock", generateblockArgs) +
		"\n\nMine a set of ordered transactions to a specified address or descriptor and return the block hash.\n" +
		"\nArguments:\n" + rpc.FormatSections([]rpc.Section{
		{Left: "1. output", Right: "(string, required) " + generateblockArgs[0].Description},
		{Left: "2. transactions", Right: "(json array, required) " + generateblockArgs[1].Description},
		{Left: "     [", Right: ""},
		{Left: `       "rawtx/txid",`, Right: "(string)"},
		{Left: "       ...", Right: ""},
		{Left: "     ]", Right: ""},
		{Left: "3. submit", Right: "(boolean, optional, default=true) " + generateblockArgs[2].Description},
	}) +
		result(res{typ: rObj, inner: []res{
			{typ: rStrHex, key: "hash", desc: "hash of generated block"},
			{typ: rStrHex, key: "hex", opt: true, desc: "hex of generated block, only present when submit=false"},
		}}) +
		"\nExamples:\n" + "\nGenerate a block to myaddress, with txs rawtx and mempool_txid\n" +
		rpc.HelpExampleCli("generateblock", `"myaddress" '["rawtx", "mempool_txid"]'`)
)

var (
	submitblockArgs = []rpc.Arg{
		{Name: "hexdata", Type: rpc.ArgStrHex, Description: "the hex-encoded block data to submit"},
		{Name: "dummy", Type: rpc.ArgStr, Optional: true, Default: "ignored", Description: "dummy value, for compatibility with BIP22. This value is ignored."},
	}
	submitblockHelp = rpc.FormatHelp("submitblock",
		"Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.",
		submitblockArgs,
		results(cond{"If the block was accepted", res{typ: rNone}}, cond{"Otherwise", res{typ: rStr, desc: "According to BIP22"}}),
		examples("submitblock", `"mydata"`, `"mydata"`))
)

// submitblock is Core's: null when the block joined the active chain,
// "duplicate" when it was known, "inconclusive" when it was stored but not
// connected, else the reject reason (BIP22).
func submitblock(n *node.Node, req *rpc.Request) (any, error) {
	hexData, err := req.String(0)
	if err != nil {
		return nil, err
	}
	raw, err := hex.DecodeString(hexData)
	var block wire.MsgBlock
	if err != nil || block.Deserialize(bytes.NewReader(raw)) != nil {
		return nil, rpcerr.NewError(rpcerr.RPC_DESERIALIZATION_ERROR, "Block decode failed")
	}
	isNew, connected, err := n.ProcessBlock(&block)
	var nerr *node.Error
	switch {
	case errors.As(err, &nerr) && nerr.Kind == node.ErrInvalidBlock:
		return nerr.Description, nil
	case err != nil:
		return nil, err
	case !isNew:
		return "duplicate", nil
	case !connected:
		return "inconclusive", nil
	}
	return nil, nil
}

// MiningMethods returns the generate methods and submitblock, served by n.
func MiningMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{
		{Name: "submitblock", Category: "mining", Args: submitblockArgs, Help: submitblockHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return submitblock(n, req) }},
		{Name: "generatetoaddress", Category: "generating", Args: generatetoaddressArgs, Help: generatetoaddressHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				count, err := req.Int(0)
				if err != nil {
					return nil, err
				}
				tries, err := req.IntOr(2, node.DefaultMaxTries)
				if err != nil {
					return nil, err
				}
				addr, err := req.String(1)
				if err != nil {
					return nil, err
				}
				script, ok := addressScript(addr, n.ConsensusParams())
				if !ok {
					return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address")
				}
				return generate(ctx, n, script, count, uint64(tries))
			}},
		{Name: "generatetodescriptor", Category: "generating", Args: generatetodescriptorArgs, Help: generatetodescriptorHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				count, err := req.Int(0)
				if err != nil {
					return nil, err
				}
				tries := uint64(node.DefaultMaxTries)
				if req.Has(2) {
					if tries, err = rpc.GetUint64(req.Param(2)); err != nil {
						return nil, err
					}
				}
				desc, err := req.String(1)
				if err != nil {
					return nil, err
				}
				script, perr, err := scriptFromDescriptor(desc, n.ConsensusParams())
				if err != nil {
					return nil, err
				}
				if script == nil {
					return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, perr)
				}
				return generate(ctx, n, script, count, tries)
			}},
		{Name: "generateblock", Category: "generating", Args: generateblockArgs, Help: generateblockHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return generateblock(ctx, n, req) }},
	}
}

func generate(ctx context.Context, n *node.Node, script []byte, count int, tries uint64) (any, error) {
	hashes, err := n.GenerateBlocks(ctx, script, count, tries)
	if err != nil {
		return nil, err
	}
	return hashStrings(hashes), nil
}

func hashStrings(hashes []chainhash.Hash) []string {
	out := make([]string, len(hashes))
	for i, h := range hashes {
		out[i] = h.String()
	}
	return out
}

func generateblock(ctx context.Context, n *node.Node, req *rpc.Request) (any, error) {
	output, err := req.String(0)
	if err != nil {
		return nil, err
	}
	params := n.ConsensusParams()
	script, _, err := scriptFromDescriptor(output, params)
	if err != nil {
		return nil, err
	}
	if script == nil {
		var ok bool
		if script, ok = addressScript(output, params); !ok {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor")
		}
	}
	items, err := rpc.GetArray(req.Param(1))
	if err != nil {
		return nil, err
	}
	txs := make([]*wire.MsgTx, 0, len(items))
	for _, item := range items {
		s, err := rpc.GetString(item)
		if err != nil {
			return nil, err
		}
		if isHash64(s) {
			h, _ := chainhash.NewHashFromStr(s)
			tx, ok := n.MempoolTx(*h)
			if !ok {
				return nil, rpcerr.Errorf(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Transaction %s not in mempool.", s)
			}
			txs = append(txs, tx)
			continue
		}
		tx, ok := decodeHexTx(s, true, true)
		if !ok {
			return nil, rpcerr.Errorf(rpcerr.RPC_DESERIALIZATION_ERROR, "Transaction decode failed for %s. Make sure the tx has at least one input.", s)
		}
		txs = append(txs, tx)
	}
	submit, err := req.BoolOr(2, true)
	if err != nil {
		return nil, err
	}
	block, err := n.GenerateBlock(ctx, script, txs, submit)
	if err != nil {
		return nil, err
	}
	o := object{{"hash", block.BlockHash().String()}}
	if !submit {
		var b bytes.Buffer
		block.Serialize(&b)
		o = append(o, field{"hex", hex.EncodeToString(b.Bytes())})
	}
	return o, nil
}
