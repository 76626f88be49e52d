package node

import "github.com/bulkhead-btc/bulkhead/interfaces"

// MaxFeeTarget is the highest confirmation target a fee estimate can be
// asked for (Core's fee estimator horizon, HighestTargetTracked: 1008).
const MaxFeeTarget = 1008

// EstimateSmartFee answers Core's estimateSmartFee. The node has no fee
// estimator yet, so it never has an estimate: Found false and Blocks 0,
// which is what Core's estimator answers before it has tracked any
// confirmation (MaxUsableEstimate 0, as on a fresh regtest node).
func (n *Node) EstimateSmartFee(target int32) interfaces.FeeEstimate {
	return interfaces.FeeEstimate{}
}
