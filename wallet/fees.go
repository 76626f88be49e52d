package wallet

import (
	"context"
	"fmt"
	"math"
)

// Fee reasons, as Core's StringForFeeReason.
const (
	ReasonPayTxFee = "PayTxFee set"
	ReasonFallback = "Fallback fee"
	ReasonRequired = "Minimum Required Fee"
	ReasonEstimate = "Target 85% Threshold"
)

// feeForSize is Core's CFeeRate::GetFee: rate (sat/kvB) times size,
// rounded up, at least 1 satoshi for a positive rate.
func feeForSize(rate, vbytes int64) int64 {
	fee := int64(math.Ceil(float64(rate) * float64(vbytes) / 1000))
	if fee == 0 && vbytes != 0 && rate > 0 {
		fee = 1
	}
	return fee
}

// formatSatVB is CFeeRate::ToString(SAT_VB): "1.000 sat/vB".
func formatSatVB(rate int64) string {
	return fmt.Sprintf("%d.%03d sat/vB", rate/1000, rate%1000)
}

// feeChoice is a fee rate (sat/kvB) with Core's reason, and the discard
// rate (discardRate) coin selection prices change at.
type feeChoice struct {
	rate    int64
	reason  string
	discard int64
}

// chooseFeeRate is Core's GetMinimumFeeRate plus the checks
// CreateTransaction makes on it; w.mu need not be held.
func (w *Wallet) chooseFeeRate(ctx context.Context, o *SendOptions) (feeChoice, error) {
	relay, err := w.chain.RelayMinFee(ctx)
	if err != nil {
		return feeChoice{}, err
	}
	required := max(w.opts.minTxFee, relay)
	var fc feeChoice
	switch {
	case o.FeeRate != nil:
		fc = feeChoice{rate: *o.FeeRate, reason: ReasonPayTxFee}
		if fc.rate < required {
			return fc, newErr(ErrInsufficientFunds, fmt.Sprintf("Fee rate (%s) is lower than the minimum fee rate setting (%s)",
				formatSatVB(fc.rate), formatSatVB(required)))
		}
		return fc, nil
	case o.ConfTarget == nil && w.opts.payTxFee != 0:
		fc = feeChoice{rate: w.opts.payTxFee, reason: ReasonPayTxFee}
	default:
		target := w.opts.confTarget
		if o.ConfTarget != nil {
			target = *o.ConfTarget
		}
		est, err := w.chain.EstimateSmartFee(ctx, target)
		if err != nil {
			return fc, err
		}
		fc = feeChoice{rate: est.Rate, reason: ReasonEstimate}
		if !est.Found {
			if w.opts.fallbackFee == 0 {
				return fc, newErr(ErrInsufficientFunds, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.")
			}
			fc = feeChoice{rate: w.opts.fallbackFee, reason: ReasonFallback}
		}
	}
	if required > fc.rate {
		fc = feeChoice{rate: required, reason: ReasonRequired}
	}
	return fc, nil
}

// dustThreshold is Core's GetDustThreshold at the dust relay fee.
func dustThreshold(script []byte) int64 { return dustThresholdAt(script, defaultDustRelayFee) }

// dustThresholdAt is Core's GetDustThreshold: the cost at rate (sat/kvB)
// of an output plus the input spending it.
func dustThresholdAt(script []byte, rate int64) int64 {
	if len(script) > 0 && script[0] == 0x6a {
		return 0 // OP_RETURN
	}
	size := int64(8 + wireVarIntSize(len(script)) + len(script))
	if isWitnessProgram(script) {
		size += 32 + 4 + 1 + 107/4 + 4
	} else {
		size += 32 + 4 + 1 + 107 + 4
	}
	return feeForSize(rate, size)
}

// estimateMaxBlocks is the fee estimator's longest target (Core's
// estimateMaxBlocks).
const estimateMaxBlocks = 1008

// discardRate is Core's GetDiscardRate: -discardfee, lowered to the
// estimate for the longest target when there is one, and at least the
// dust relay fee. Change worth less than spending it at this rate is
// left to the fee.
func (w *Wallet) discardRate(ctx context.Context) (int64, error) {
	rate := w.opts.discardFee
	est, err := w.chain.EstimateSmartFee(ctx, estimateMaxBlocks)
	if err != nil {
		return 0, err
	}
	if est.Found {
		rate = min(rate, est.Rate)
	}
	return max(rate, defaultDustRelayFee), nil
}

func isWitnessProgram(s []byte) bool {
	if len(s) < 4 || len(s) > 42 || int(s[1])+2 != len(s) {
		return false
	}
	return s[0] == 0 || s[0] >= 0x51 && s[0] <= 0x60
}

func wireVarIntSize(n int) int {
	switch {
	case n < 0xfd:
		return 1
	case n <= 0xffff:
		return 3
	}
	return 5
}
