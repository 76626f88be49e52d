package noderpc

import (
	"context"
	"fmt"
	"strings"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Fee estimation, as Core's src/rpc/fees.cpp (category "util"). The node
// has no fee estimator yet: estimatesmartfee answers what Core's does
// before its estimator has data, an error entry and no fee rate.

// errNoFeeRate is Core's estimatesmartfee error entry when the estimator
// has no answer.
const errNoFeeRate = "Insufficient data or no feerate found"

var (
	estimatesmartfeeArgs = []rpc.Arg{
		{Name: "conf_target", Type: rpc.ArgNum, Description: fmt.Sprintf("Confirmation target in blocks (1 - %d)", node.MaxFeeTarget)},
		{Name: "estimate_mode", Type: rpc.ArgStr, Optional: true, Default: `"economical"`, Description: "The fee estimate mode.\n" +
			"unset, economical, conservative \n" +
			"unset means no mode set (default mode will be used). \n" +
			"economical mode potentially returns a lower fee rate estimate.\n" +
			"conservative potentially returns a higher fee rate estimate.\n"},
	}
	estimatesmartfeeHelp = rpc.FormatHelp("estimatesmartfee",
		"Estimates the approximate fee per kilobyte needed for a transaction to begin\n"+
			"confirmation within conf_target blocks if possible and return the number of blocks\n"+
			"for which the estimate is valid. Uses virtual transaction size as defined\n"+
			"in BIP 141 (witness data is discounted).",
		estimatesmartfeeArgs,
		result(res{typ: rObj, inner: []res{
			{typ: rNum, key: "feerate", opt: true, desc: "estimate fee rate in " + currencyUnit + "/kvB (only present if no errors were encountered)"},
			{typ: rArr, key: "errors", opt: true, desc: "Errors encountered during processing (if there are any)", inner: []res{
				{typ: rStr, desc: "error"},
			}},
			{typ: rNum, key: "blocks", desc: "block number where estimate was found\n" +
				"The request target will be clamped between 2 and the highest target\n" +
				"fee estimation is able to return based on how long it has been running.\n" +
				"An error is returned if not enough transactions and blocks\n" +
				"have been observed to make an estimate for any number of blocks."},
		}}),
		examples("estimatesmartfee", "6", "6"))
)

// FeeMethods returns estimatesmartfee, answered by n.
func FeeMethods(n *node.Node) []rpc.Method {
	return []rpc.Method{{
		Name: "estimatesmartfee", Category: "util", Args: estimatesmartfeeArgs, Help: estimatesmartfeeHelp,
		Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			return estimatesmartfee(n, req)
		},
	}}
}

func estimatesmartfee(n *node.Node, req *rpc.Request) (any, error) {
	target, err := req.Int(0)
	if err != nil {
		return nil, err
	}
	if target < 1 || target > node.MaxFeeTarget {
		return nil, rpcerr.Errorf(rpcerr.RPC_INVALID_PARAMETER, "Invalid conf_target, must be between %d and %d", 1, node.MaxFeeTarget)
	}
	if req.Has(1) {
		mode, err := req.String(1)
		if err != nil {
			return nil, err
		}
		switch strings.ToLower(mode) {
		case "unset", "economical", "conservative":
		default:
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, `Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"`)
		}
	}
	est := n.EstimateSmartFee(int32(target))
	if !est.Found {
		return object{{"errors", []string{errNoFeeRate}}, {"blocks", est.Blocks}}, nil
	}
	// As Core: never below the minimum relay fee rate (this node's
	// mempool minimum fee is that rate).
	minRelay, _ := n.RelayFees()
	return object{{"feerate", rpc.Amount(max(est.Rate, minRelay))}, {"blocks", est.Blocks}}, nil
}
