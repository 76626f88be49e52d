package node

import (
	"fmt"
	"math"
	"strconv"

	"github.com/btcsuite/btcd/blockchain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/common/amount"
)

// Core's policy constants (policy/policy.h, v28).
const (
	maxStandardTxWeight      = 400_000
	maxStandardScriptSigSize = 1650
	maxStandardTxSigOpsCost  = 16_000
	maxP2SHSigOps            = 15
	minStandardTxNonWitness  = 65
	txMaxStandardVersion     = 3
	defaultDataCarrierSize   = 83
	defaultMinRelayFee       = 1000 // sat/kvB, -minrelaytxfee
	defaultIncrementalFee    = 1000 // sat/kvB, -incrementalrelayfee
	defaultDustRelayFee      = 3000 // sat/kvB, -dustrelayfee
	defaultBlockMinTxFee     = 1000 // sat/kvB, -blockmintxfee
	defaultMaxMempoolMB      = 300  // -maxmempool
	defaultAncestorLimit     = 25
	defaultAncestorSizeKvB   = 101
	maxReplacementCandidates = 100
	coinbaseMaturity         = 100
	maxBlockWeight           = 4_000_000
	witnessScaleFactor       = 4
	defaultBlockMaxWeight    = maxBlockWeight - 4000
	sequenceFinal            = 0xffffffff
	locktimeThreshold        = 500_000_000
)

// policy holds the mempool and mining options (Core's MemPoolOptions and
// BlockAssembler options).
type policy struct {
	requireStandard    bool
	minRelayFee        int64 // sat/kvB
	incrementalFee     int64
	dustRelayFee       int64
	blockMinTxFee      int64
	maxDataCarrier     int // -1: no data carrier outputs
	permitBareMultisig bool
	maxMempool         int64 // bytes
}

// readPolicy reads the policy options with Core's defaults.
func readPolicy(cfg *Config, params *chaincfg.Params) (policy, error) {
	p := policy{
		requireStandard:    !params.RelayNonStdTxs,
		minRelayFee:        defaultMinRelayFee,
		incrementalFee:     defaultIncrementalFee,
		dustRelayFee:       defaultDustRelayFee,
		blockMinTxFee:      defaultBlockMinTxFee,
		maxDataCarrier:     defaultDataCarrierSize,
		permitBareMultisig: true,
		maxMempool:         defaultMaxMempoolMB * 1_000_000,
	}
	for _, o := range []struct {
		name string
		dst  *int64
	}{
		{"minrelaytxfee", &p.minRelayFee},
		{"incrementalrelayfee", &p.incrementalFee},
		{"dustrelayfee", &p.dustRelayFee},
		{"blockmintxfee", &p.blockMinTxFee},
	} {
		if s := cfg.setting(o.name); s != "" {
			v, ok := amount.ParseBTC(s)
			if !ok {
				return p, newError(ErrConfig, fmt.Sprintf("Invalid amount for -%s=<amount>: '%s'", o.name, s), nil)
			}
			*o.dst = v
		}
	}
	if params.Name != chaincfg.MainNetParams.Name {
		p.requireStandard = !cfg.boolSetting("acceptnonstdtxn", !p.requireStandard)
	}
	if !cfg.boolSetting("datacarrier", true) {
		p.maxDataCarrier = -1
	}
	if s := cfg.setting("datacarriersize"); s != "" && p.maxDataCarrier >= 0 {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return p, newError(ErrConfig, fmt.Sprintf("Invalid -datacarriersize: '%s'", s), err)
		}
		p.maxDataCarrier = v
	}
	p.permitBareMultisig = cfg.boolSetting("permitbaremultisig", p.permitBareMultisig)
	if s := cfg.setting("maxmempool"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 {
			return p, newError(ErrConfig, fmt.Sprintf("Invalid -maxmempool: '%s'", s), err)
		}
		p.maxMempool = v * 1_000_000
	}
	return p, nil
}

// feeFor is Core's CFeeRate::GetFee: the fee at rate (sat/kvB) for size
// virtual bytes, rounded up, at least one satoshi for a positive rate.
func feeFor(rate, size int64) int64 {
	fee := int64(math.Ceil(float64(rate) * float64(size) / 1000.0))
	if fee == 0 && size != 0 && rate > 0 {
		fee = 1
	}
	return fee
}

// feeRate is Core's CFeeRate(fee, size): satoshis per kvB, truncated.
func feeRate(fee, size int64) int64 {
	if size <= 0 {
		return 0
	}
	return fee * 1000 / size
}

// FormatMoney is Core's FormatMoney: BTC with trailing zeros trimmed to
// two decimals ("50.00", "0.0001").
func FormatMoney(sat int64) string {
	neg := sat < 0
	u := uint64(sat)
	if neg {
		u = -u
	}
	s := fmt.Sprintf("%d.%08d", u/100_000_000, u%100_000_000)
	for len(s) > 0 && s[len(s)-1] == '0' && s[len(s)-3] != '.' {
		s = s[:len(s)-1]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// formatFeeRate is Core's CFeeRate::ToString: "0.00001000 BTC/kvB".
func formatFeeRate(rate int64) string {
	return fmt.Sprintf("%d.%08d BTC/kvB", rate/100_000_000, rate%100_000_000)
}

// dustThreshold is Core's GetDustThreshold.
func dustThreshold(out *wire.TxOut, dustRelayFee int64) int64 {
	if IsUnspendable(out.PkScript) {
		return 0
	}
	size := int64(out.SerializeSize())
	if _, _, ok := WitnessProgram(out.PkScript); ok {
		size += 32 + 4 + 1 + (107 / witnessScaleFactor) + 4
	} else {
		size += 32 + 4 + 1 + 107 + 4
	}
	return feeFor(dustRelayFee, size)
}

// isStandardOutput is Core's IsStandard for an output script.
func (p *policy) isStandardOutput(script []byte) (ScriptType, bool) {
	typ, sol := Solve(script)
	switch typ {
	case ScriptNonStandard:
		return typ, false
	case ScriptMultisig:
		m, n := int(sol[0][0]), int(sol[len(sol)-1][0])
		if n < 1 || n > 3 || m < 1 || m > n {
			return typ, false
		}
	case ScriptNullData:
		if p.maxDataCarrier < 0 || len(script) > p.maxDataCarrier {
			return typ, false
		}
	}
	return typ, true
}

// isStandardTx is Core's IsStandardTx (v28); the reason is Core's.
func (p *policy) isStandardTx(tx *wire.MsgTx) (reason string, ok bool) {
	if tx.Version > txMaxStandardVersion || tx.Version < 1 {
		return "version", false
	}
	if txWeight(tx) > maxStandardTxWeight {
		return "tx-size", false
	}
	for _, in := range tx.TxIn {
		if len(in.SignatureScript) > maxStandardScriptSigSize {
			return "scriptsig-size", false
		}
		if !IsPushOnly(in.SignatureScript, 0) {
			return "scriptsig-not-pushonly", false
		}
	}
	dataOut := 0
	for _, out := range tx.TxOut {
		typ, ok := p.isStandardOutput(out.PkScript)
		if !ok {
			return "scriptpubkey", false
		}
		switch {
		case typ == ScriptNullData:
			dataOut++
		case typ == ScriptMultisig && !p.permitBareMultisig:
			return "bare-multisig", false
		case out.Value < dustThreshold(out, p.dustRelayFee):
			return "dust", false
		}
	}
	if dataOut > 1 {
		return "multi-op-return", false
	}
	return "", true
}

// txWeight is the BIP141 weight.
func txWeight(tx *wire.MsgTx) int64 {
	return int64(tx.SerializeSizeStripped())*(witnessScaleFactor-1) + int64(tx.SerializeSize())
}

// txVSize is the BIP141 virtual size, adjusted for sigops as Core's
// GetVirtualTransactionSize (20 vbytes per sigop).
func txVSize(weight, sigOpCost int64) int64 {
	return (max(weight, sigOpCost*20) + witnessScaleFactor - 1) / witnessScaleFactor
}

// checkTransaction is Core's consensus CheckTransaction; the result is the
// reject reason ("" when the transaction is sane).
func checkTransaction(tx *wire.MsgTx) string {
	if len(tx.TxIn) == 0 {
		return "bad-txns-vin-empty"
	}
	if len(tx.TxOut) == 0 {
		return "bad-txns-vout-empty"
	}
	if tx.SerializeSizeStripped()*witnessScaleFactor > maxBlockWeight {
		return "bad-txns-oversize"
	}
	var total int64
	for _, out := range tx.TxOut {
		if out.Value < 0 {
			return "bad-txns-vout-negative"
		}
		if out.Value > amount.MaxMoney {
			return "bad-txns-vout-toolarge"
		}
		total += out.Value
		if total > amount.MaxMoney {
			return "bad-txns-txouttotal-toolarge"
		}
	}
	seen := make(map[wire.OutPoint]struct{}, len(tx.TxIn))
	for _, in := range tx.TxIn {
		if _, dup := seen[in.PreviousOutPoint]; dup {
			return "bad-txns-inputs-duplicate"
		}
		seen[in.PreviousOutPoint] = struct{}{}
	}
	if blockchain.IsCoinBaseTx(tx) {
		if n := len(tx.TxIn[0].SignatureScript); n < 2 || n > 100 {
			return "bad-cb-length"
		}
		return ""
	}
	for _, in := range tx.TxIn {
		if isNullOutPoint(in.PreviousOutPoint) {
			return "bad-txns-prevout-null"
		}
	}
	return ""
}

func isNullOutPoint(op wire.OutPoint) bool {
	return op.Index == math.MaxUint32 && op.Hash == [32]byte{}
}

// isFinalTx is Core's IsFinalTx.
func isFinalTx(tx *wire.MsgTx, height int32, blockTime int64) bool {
	if tx.LockTime == 0 {
		return true
	}
	limit := int64(height)
	if tx.LockTime >= locktimeThreshold {
		limit = blockTime
	}
	if int64(tx.LockTime) < limit {
		return true
	}
	for _, in := range tx.TxIn {
		if in.Sequence != sequenceFinal {
			return false
		}
	}
	return true
}

// sigOpCount is Core's CScript::GetSigOpCount(accurate).
func sigOpCount(script []byte, accurate bool) int {
	n := 0
	var last byte = opINVALIDOPCODE
	for pc := 0; pc < len(script); {
		op, _, next, ok := ScriptOp(script, pc)
		if !ok {
			break
		}
		switch op {
		case 0xac, 0xad: // OP_CHECKSIG, OP_CHECKSIGVERIFY
			n++
		case 0xae, 0xaf: // OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY
			if accurate && last >= op1 && last <= op16 {
				n += int(last-op1) + 1
			} else {
				n += 20
			}
		}
		last = op
		pc = next
	}
	return n
}
