package node

import (
	"fmt"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

// neverStart is a deployment start time no median time past reaches (Core's
// NEVER_ACTIVE).
var neverStart = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// Params returns btcd's consensus parameters for a chain: a fresh copy each
// call, since btcd's blockchain binds each deployment's clock to one chain
// instance. Regtest is adjusted to Bitcoin Core's (see adjustRegtest).
func Params(name chainparams.ChainName) (*chaincfg.Params, error) {
	var base *chaincfg.Params
	switch name {
	case chainparams.Main:
		base = &chaincfg.MainNetParams
	case chainparams.Testnet:
		base = &chaincfg.TestNet3Params
	case chainparams.Testnet4:
		base = &chaincfg.TestNet4Params
	case chainparams.Signet:
		base = &chaincfg.SigNetParams
	case chainparams.Regtest:
		base = &chaincfg.RegressionNetParams
	default:
		return nil, newError(ErrConfig, fmt.Sprintf("Unknown chain %s.", name), nil)
	}
	p := *base
	for i := range p.Deployments {
		d := &p.Deployments[i]
		if s, ok := d.DeploymentStarter.(*chaincfg.MedianTimeDeploymentStarter); ok {
			d.DeploymentStarter = chaincfg.NewMedianTimeDeploymentStarter(s.StartTime())
		}
		if e, ok := d.DeploymentEnder.(*chaincfg.MedianTimeDeploymentEnder); ok {
			d.DeploymentEnder = chaincfg.NewMedianTimeDeploymentEnder(e.EndTime())
		}
	}
	if name == chainparams.Regtest {
		adjustRegtest(&p)
	}
	return &p, nil
}

// adjustRegtest makes btcd v0.26.2's regtest parameters Bitcoin Core's
// (src/kernel/chainparams.cpp, CRegTestParams). btcd already matches Core
// on the genesis block, the message start (fa bf b5 da), the proof-of-work
// limit (0x207fffff, no retargeting), BIP34/65/66 at height 1, CSV, segwit
// and taproot forced active from height 1 (Core buries segwit at 0, which
// only concerns the genesis block), coinbase maturity 100, halving every
// 150 blocks, the 108/144 versionbits threshold, address prefixes and the
// "bcrt" HRP. It differs in:
//   - two extra test deployments (bit 22 activating at 600, bit 30 always
//     active) that Core lacks; the bit 22 one would make our blocks signal
//     0x20400000 where Core's carry 0x30000000. They never start here.
//   - RelayNonStdTxs: btcd relays non-standard transactions on regtest,
//     Core requires standardness by default (-acceptnonstdtxn=0).
func adjustRegtest(p *chaincfg.Params) {
	for _, id := range []int{chaincfg.DeploymentTestDummyMinActivation, chaincfg.DeploymentTestDummyAlwaysActive} {
		d := &p.Deployments[id]
		d.DeploymentStarter = chaincfg.NewMedianTimeDeploymentStarter(neverStart)
		d.DeploymentEnder = chaincfg.NewMedianTimeDeploymentEnder(time.Time{})
		d.AlwaysActiveHeight = 0
		d.MinActivationHeight = 0
	}
	p.RelayNonStdTxs = false
}
