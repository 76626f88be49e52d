package noderpc

import (
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
)

// The JSON the REST interface (rpc/rest) shares with these methods, as
// Core's rest.cpp calls blockToJSON, blockheaderToJSON, TxToUniv,
// ScriptToUniv, getblockchaininfo, MempoolInfoToJSON and MempoolToJSON.

// BlockchainInfoJSON is getblockchaininfo's result.
func BlockchainInfoJSON(n *node.Node) any { return getblockchaininfo(n) }

// BlockHeaderJSON is Core's blockheaderToJSON (getblockheader verbose).
func BlockHeaderJSON(n *node.Node, bi *node.BlockIndex) any { return blockHeaderJSON(n, bi) }

// BlockJSON is Core's blockToJSON: verbosity 1 lists the txids, 2 the
// transactions, 3 the transactions with their inputs' prevouts (Core's
// TxVerbosity::SHOW_TXID, SHOW_DETAILS, SHOW_DETAILS_AND_PREVOUT).
func BlockJSON(n *node.Node, bi *node.BlockIndex, b *wire.MsgBlock, verbosity int) (any, error) {
	return blockJSON(n, bi, b, verbosity)
}

// TxJSON is Core's TxToUniv of a transaction outside a block, with its
// hex.
func TxJSON(n *node.Node, tx *wire.MsgTx) any {
	return txJSON(tx, n.ConsensusParams(), txOptions{hex: true})
}

// ScriptPubKeyJSON is Core's ScriptToUniv with hex and address.
func ScriptPubKeyJSON(n *node.Node, script []byte) any {
	return scriptPubKeyJSON(script, n.ConsensusParams())
}
