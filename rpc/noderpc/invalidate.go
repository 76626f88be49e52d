package noderpc

import (
	"context"
	"errors"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// invalidateblock and reconsiderblock, hidden test methods of Core's
// src/rpc/blockchain.cpp.

var (
	invalidateblockArgs = []rpc.Arg{{Name: "blockhash", Type: rpc.ArgStrHex, Description: "the hash of the block to mark as invalid"}}
	invalidateblockHelp = rpc.FormatHelp("invalidateblock",
		"Permanently marks a block as invalid, as if it violated a consensus rule.", invalidateblockArgs,
		result(res{typ: rNone}),
		examples("invalidateblock", `"blockhash"`, `"blockhash"`))

	reconsiderblockArgs = []rpc.Arg{{Name: "blockhash", Type: rpc.ArgStrHex, Description: "the hash of the block to reconsider"}}
	reconsiderblockHelp = rpc.FormatHelp("reconsiderblock",
		"Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\n"+
			"This can be used to undo the effects of invalidateblock.", reconsiderblockArgs,
		result(res{typ: rNone}),
		examples("reconsiderblock", `"blockhash"`, `"blockhash"`))
)

// ValidityMethods returns invalidateblock and reconsiderblock served by n.
func ValidityMethods(n *node.Node) []rpc.Method {
	change := func(req *rpc.Request, f func(*node.Node, [32]byte) error) (any, error) {
		hash, err := parseHash(req.Param(0), "blockhash")
		if err != nil {
			return nil, err
		}
		if err := f(n, hash); err != nil {
			if errors.Is(err, node.ErrBlockNotFound) {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Block not found")
			}
			return nil, rpcerr.NewError(rpcerr.RPC_DATABASE_ERROR, err.Error())
		}
		return nil, nil
	}
	return []rpc.Method{
		{Name: "invalidateblock", Category: "hidden", Args: invalidateblockArgs, Help: invalidateblockHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				return change(req, func(n *node.Node, h [32]byte) error { return n.InvalidateBlock(h) })
			}},
		{Name: "reconsiderblock", Category: "hidden", Args: reconsiderblockArgs, Help: reconsiderblockHelp,
			Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
				return change(req, func(n *node.Node, h [32]byte) error { return n.ReconsiderBlock(h) })
			}},
	}
}
