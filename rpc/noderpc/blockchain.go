package noderpc

import (
	"context"
	"encoding/hex"
	"fmt"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Blockchain methods, as Core's src/rpc/blockchain.cpp.

var (
	blockHashArg = []rpc.Arg{{Name: "blockhash", Type: rpc.ArgStrHex, Description: "The block hash"}}

	getblockcountHelp = rpc.FormatHelp("getblockcount",
		"Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.", nil,
		result(res{typ: rNum, desc: "The current block count"}),
		examples("getblockcount", "", ""))

	getbestblockhashHelp = rpc.FormatHelp("getbestblockhash",
		"Returns the hash of the best (tip) block in the most-work fully-validated chain.", nil,
		result(res{typ: rStrHex, desc: "the block hash, hex-encoded"}),
		examples("getbestblockhash", "", ""))

	getblockhashArgs = []rpc.Arg{{Name: "height", Type: rpc.ArgNum, Description: "The height index"}}
	getblockhashHelp = rpc.FormatHelp("getblockhash",
		"Returns hash of block in best-block-chain at height provided.", getblockhashArgs,
		result(res{typ: rStrHex, desc: "The block hash"}),
		examples("getblockhash", "1000", "1000"))

	exampleBlockHash = `"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"`

	getblockheaderArgs = []rpc.Arg{
		blockHashArg[0],
		{Name: "verbose", Type: rpc.ArgBool, Optional: true, Default: "true", Description: "true for a json object, false for the hex-encoded data"},
	}
	getblockheaderHelp = rpc.FormatHelp("getblockheader",
		"If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"+
			"If verbose is true, returns an Object with information about blockheader <hash>.", getblockheaderArgs,
		results(
			cond{"for verbose = true", res{typ: rObj, inner: headerDoc("Expected number of hashes required to produce the current chain")}},
			cond{"for verbose=false", res{typ: rStrHex, desc: "A string that is serialized, hex-encoded data for block 'hash'"}},
		),
		examples("getblockheader", exampleBlockHash, exampleBlockHash))

	getblockArgs = []rpc.Arg{
		blockHashArg[0],
		{Name: "verbosity|verbose", Type: rpc.ArgNum, Optional: true, Default: "1", SkipTypeCheck: true,
			Description: "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON object with transaction data including prevout information for inputs"},
	}
	getblockHelp = rpc.FormatHelp("getblock",
		"If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"+
			"If verbosity is 1, returns an Object with information about block <hash>.\n"+
			"If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.\n"+
			"If verbosity is 3, returns an Object with information about block <hash> and information about each transaction, including prevout information for inputs (only for unpruned blocks in the current best chain).",
		getblockArgs,
		results(
			cond{"for verbosity = 0", res{typ: rStrHex, desc: "A string that is serialized, hex-encoded data for block 'hash'"}},
			cond{"for verbosity = 1", res{typ: rObj, inner: blockDoc()}},
			cond{"for verbosity = 2", res{typ: rObj, inner: []res{
				{typ: rElision, desc: "Same output as verbosity = 1"},
				{typ: rArr, key: "tx", inner: []res{{typ: rObj, inner: []res{
					{typ: rElision, desc: `The transactions in the format of the getrawtransaction RPC. Different from verbosity = 1 "tx" result`},
					{typ: rNum, key: "fee", desc: "The transaction fee in " + currencyUnit + ", omitted if block undo data is not available"},
				}}}},
			}}},
			cond{"for verbosity = 3", res{typ: rObj, inner: []res{
				{typ: rElision, desc: "Same output as verbosity = 2"},
				{typ: rArr, key: "tx", inner: []res{{typ: rObj, inner: []res{
					{typ: rArr, key: "vin", inner: []res{{typ: rObj, inner: []res{
						{typ: rElision, desc: "The same output as verbosity = 2"},
						prevoutDoc("(Only if undo information is available)", false),
					}}}},
				}}}},
			}}},
		),
		examples("getblock", exampleBlockHash, exampleBlockHash))

	getblockchaininfoHelp = rpc.FormatHelp("getblockchaininfo",
		"Returns an object containing various state info regarding blockchain processing.", nil,
		result(res{typ: rObj, inner: []res{
			{typ: rStr, key: "chain", desc: "current network name (main, test, testnet4, signet, regtest)"},
			{typ: rNum, key: "blocks", desc: "the height of the most-work fully-validated chain. The genesis block has height 0"},
			{typ: rNum, key: "headers", desc: "the current number of headers we have validated"},
			{typ: rStr, key: "bestblockhash", desc: "the hash of the currently best block"},
			{typ: rStrHex, key: "bits", desc: "nBits: compact representation of the block difficulty target"},
			{typ: rStrHex, key: "target", desc: "The difficulty target"},
			{typ: rNum, key: "difficulty", desc: "the current difficulty"},
			{typ: rNumTime, key: "time", desc: "The block time expressed in " + unixEpochTime},
			{typ: rNumTime, key: "mediantime", desc: "The median block time expressed in " + unixEpochTime},
			{typ: rNum, key: "verificationprogress", desc: "estimate of verification progress [0..1]"},
			{typ: rBool, key: "initialblockdownload", desc: "(debug information) estimate of whether this node is in Initial Block Download mode"},
			{typ: rStrHex, key: "chainwork", desc: "total amount of work in active chain, in hexadecimal"},
			{typ: rNum, key: "size_on_disk", desc: "the estimated size of the block and undo files on disk"},
			{typ: rBool, key: "pruned", desc: "if the blocks are subject to pruning"},
			{typ: rNum, key: "pruneheight", opt: true, desc: "height of the last block pruned, plus one (only present if pruning is enabled)"},
			{typ: rBool, key: "automatic_pruning", opt: true, desc: "whether automatic pruning is enabled (only present if pruning is enabled)"},
			{typ: rNum, key: "prune_target_size", opt: true, desc: "the target size used by pruning (only present if automatic pruning is enabled)"},
			{typ: rStrHex, key: "signet_challenge", opt: true, desc: "the block challenge (aka. block script), in hexadecimal (only present if the current network is a signet)"},
			warningsDoc,
		}}),
		examples("getblockchaininfo", "", ""))

	gettxoutArgs = []rpc.Arg{
		{Name: "txid", Type: rpc.ArgStr, Description: "The transaction id"},
		{Name: "n", Type: rpc.ArgNum, Description: "vout number"},
		{Name: "include_mempool", Type: rpc.ArgBool, Optional: true, Default: "true", Description: "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear."},
	}
	gettxoutHelp = rpc.FormatHelp("gettxout", "Returns details about an unspent transaction output.", gettxoutArgs,
		results(
			cond{"If the UTXO was not found", res{typ: rNone}},
			cond{"Otherwise", res{typ: rObj, inner: []res{
				{typ: rStrHex, key: "bestblock", desc: "The hash of the block at the tip of the chain"},
				{typ: rNum, key: "confirmations", desc: "The number of confirmations"},
				{typ: rStrAmount, key: "value", desc: "The transaction value in " + currencyUnit},
				{typ: rObj, key: "scriptPubKey", inner: []res{
					{typ: rStr, key: "asm", desc: "Disassembly of the output script"},
					{typ: rStr, key: "desc", desc: "Inferred descriptor for the output"},
					{typ: rStrHex, key: "hex", desc: "The raw output script bytes, hex-encoded"},
					{typ: rStr, key: "type", desc: "The type, eg pubkeyhash"},
					{typ: rStr, key: "address", opt: true, desc: "The Bitcoin address (only if a well-defined address exists)"},
				}},
				{typ: rBool, key: "coinbase", desc: "Coinbase or not"},
			}}},
		),
		"\nGet unspent transactions\n"+rpc.HelpExampleCli("listunspent", "")+
			"\nView the details\n"+rpc.HelpExampleCli("gettxout", `"txid" 1`)+
			"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("gettxout", `"txid", 1`))
)

// headerDoc is the result of getblockheader (verbose).
func headerDoc(chainworkDesc string) []res {
	return []res{
		{typ: rStrHex, key: "hash", desc: "the block hash (same as provided)"},
		{typ: rNum, key: "confirmations", desc: "The number of confirmations, or -1 if the block is not on the main chain"},
		{typ: rNum, key: "height", desc: "The block height or index"},
		{typ: rNum, key: "version", desc: "The block version"},
		{typ: rStrHex, key: "versionHex", desc: "The block version formatted in hexadecimal"},
		{typ: rStrHex, key: "merkleroot", desc: "The merkle root"},
		{typ: rNumTime, key: "time", desc: "The block time expressed in " + unixEpochTime},
		{typ: rNumTime, key: "mediantime", desc: "The median block time expressed in " + unixEpochTime},
		{typ: rNum, key: "nonce", desc: "The nonce"},
		{typ: rStrHex, key: "bits", desc: "nBits: compact representation of the block difficulty target"},
		{typ: rStrHex, key: "target", desc: "The difficulty target"},
		{typ: rNum, key: "difficulty", desc: "The difficulty"},
		{typ: rStrHex, key: "chainwork", desc: chainworkDesc},
		{typ: rNum, key: "nTx", desc: "The number of transactions in the block"},
		{typ: rStrHex, key: "previousblockhash", opt: true, desc: "The hash of the previous block (if available)"},
		{typ: rStrHex, key: "nextblockhash", opt: true, desc: "The hash of the next block (if available)"},
	}
}

// blockDoc is the result of getblock with verbosity 1.
func blockDoc() []res {
	h := headerDoc("Expected number of hashes required to produce the chain up to this block (in hex)")
	out := []res{h[0], h[1],
		{typ: rNum, key: "size", desc: "The block size"},
		{typ: rNum, key: "strippedsize", desc: "The block size excluding witness data"},
		{typ: rNum, key: "weight", desc: "The block weight as defined in BIP 141"},
	}
	out = append(out, h[2:6]...)
	out = append(out, res{typ: rArr, key: "tx", desc: "The transaction ids", inner: []res{{typ: rStrHex, desc: "The transaction id"}}})
	return append(out, h[6:]...)
}

// BlockchainMethods returns the blockchain methods served by n.
func BlockchainMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{
		{Name: "getblockchaininfo", Category: "blockchain", Help: getblockchaininfoHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			return getblockchaininfo(n), nil
		}},
		{Name: "getblockcount", Category: "blockchain", Help: getblockcountHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			_, h := n.Tip()
			return h, nil
		}},
		{Name: "getbestblockhash", Category: "blockchain", Help: getbestblockhashHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			hash, _ := n.Tip()
			return hash.String(), nil
		}},
		{Name: "getblockhash", Category: "blockchain", Args: getblockhashArgs, Help: getblockhashHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			height, err := req.Int(0)
			if err != nil {
				return nil, err
			}
			_, tip := n.Tip()
			if height < 0 || height > int(tip) {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Block height out of range")
			}
			hash, ok := n.BlockHashAt(int32(height))
			if !ok {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Block height out of range")
			}
			return hash.String(), nil
		}},
		{Name: "getblockheader", Category: "blockchain", Args: getblockheaderArgs, Help: getblockheaderHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			hash, err := parseHash(req.Param(0), "hash")
			if err != nil {
				return nil, err
			}
			verbose, err := req.BoolOr(1, true)
			if err != nil {
				return nil, err
			}
			bi, err := n.LookupBlock(hash)
			if err != nil {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block not found")
			}
			if !verbose {
				return headerHex(&bi.Header), nil
			}
			return blockHeaderJSON(n, bi), nil
		}},
		{Name: "getblock", Category: "blockchain", Args: getblockArgs, Help: getblockHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			hash, err := parseHash(req.Param(0), "blockhash")
			if err != nil {
				return nil, err
			}
			verbosity, err := parseVerbosity(req.Param(1), 1)
			if err != nil {
				return nil, err
			}
			bi, err := n.LookupBlock(hash)
			if err != nil {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block not found")
			}
			raw, err := n.RawBlock(hash)
			if err != nil {
				return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "Block not available (not fully downloaded)")
			}
			if verbosity <= 0 {
				return hex.EncodeToString(raw), nil
			}
			b, err := n.Block(hash)
			if err != nil {
				return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "Block not found on disk")
			}
			return blockJSON(n, bi, b, verbosity)
		}},
		{Name: "gettxout", Category: "blockchain", Args: gettxoutArgs, Help: gettxoutHelp, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			txid, err := parseHash(req.Param(0), "txid")
			if err != nil {
				return nil, err
			}
			vout, err := getUint32(req.Param(1))
			if err != nil {
				return nil, err
			}
			mempool, err := req.BoolOr(2, true)
			if err != nil {
				return nil, err
			}
			c, best, bestHeight, ok := n.UnspentOutput(wire.OutPoint{Hash: txid, Index: vout}, mempool)
			if !ok {
				return nil, nil
			}
			confirmations := int64(0)
			if c.Height >= 0 {
				confirmations = int64(bestHeight) - int64(c.Height) + 1
			}
			return object{
				{"bestblock", best.String()},
				{"confirmations", confirmations},
				{"value", rpc.Amount(c.Value)},
				{"scriptPubKey", scriptPubKeyJSON(c.PkScript, n.ConsensusParams())},
				{"coinbase", c.Coinbase},
			}, nil
		}},
	}
}

func getblockchaininfo(n *node.Node) object {
	tip := n.TipIndex()
	o := object{
		{"chain", n.Network()},
		{"blocks", tip.Height},
		{"headers", n.HeadersHeight()},
		{"bestblockhash", tip.Hash.String()},
		{"bits", fmt.Sprintf("%08x", tip.Header.Bits)},
		{"target", target(tip.Header.Bits)},
		{"difficulty", difficulty(tip.Header.Bits)},
		{"time", tip.Header.Timestamp.Unix()},
		{"mediantime", tip.MedianTime},
		{"verificationprogress", coreFloat(n.VerificationProgress())},
		{"initialblockdownload", n.IsInitialBlockDownload()},
		{"chainwork", fmt.Sprintf("%064x", tip.ChainWork)},
		{"size_on_disk", n.SizeOnDisk()},
		{"pruned", false},
	}
	if n.Network() == "signet" {
		o = append(o, field{"signet_challenge", hex.EncodeToString(chaincfg.DefaultSignetChallenge)})
	}
	return append(o, field{"warnings", []string{}})
}
