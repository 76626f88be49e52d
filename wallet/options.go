package wallet

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Core's wallet defaults (src/wallet/wallet.h).
const (
	DefaultKeypool       = 1000
	defaultMinTxFee      = 1000       // sat/kvB, -mintxfee
	defaultMaxTxFee      = 10_000_000 // sat, -maxtxfee 0.10 BTC
	defaultDiscardFee    = 10_000     // sat/kvB, -discardfee
	defaultTxConfirm     = 6          // -txconfirmtarget
	defaultDustRelayFee  = 3000       // sat/kvB, -dustrelayfee
	walletVersionLatest  = 169900     // FEATURE_LATEST
	coinbaseMaturity     = 100        // COINBASE_MATURITY
	maxBIP125RBFSequence = 0xfffffffd
	maxSequenceNonFinal  = 0xfffffffe
)

// options are the wallet settings read from the node (Core's
// WalletInit/CWallet::Create argument handling).
type options struct {
	fallbackFee         int64 // sat/kvB; 0 disables the fallback
	payTxFee            int64 // sat/kvB
	minTxFee            int64 // sat/kvB
	maxTxFee            int64 // sat
	discardFee          int64 // sat/kvB
	confTarget          int32
	walletRBF           bool
	spendZeroConfChange bool
	addressType         string
	changeType          string
	keypool             int
	broadcast           bool
}

func defaultOptions() options {
	return options{minTxFee: defaultMinTxFee, maxTxFee: defaultMaxTxFee, discardFee: defaultDiscardFee,
		confTarget: defaultTxConfirm, walletRBF: true, spendZeroConfChange: true, addressType: "bech32",
		keypool: DefaultKeypool, broadcast: true}
}

// setting returns the value of a node option in effect (the last one
// GetSetting hands over) and whether it is set.
func setting(ctx context.Context, chain interfaces.Chain, name string) (string, bool, error) {
	vals, err := chain.GetSetting(ctx, name)
	if err != nil || len(vals) == 0 {
		return "", false, err
	}
	return vals[len(vals)-1], true, nil
}

func amountSetting(name, v string) (int64, error) {
	n, ok := amount.ParseBTC(strings.TrimSpace(v))
	if !ok {
		return 0, newErr(ErrWallet, fmt.Sprintf("Invalid amount for -%s=<amount>: '%s'", name, v))
	}
	return n, nil
}

// readOptions reads the wallet options from the chain's settings.
func readOptions(ctx context.Context, chain interfaces.Chain, keypool int) (options, error) {
	o := defaultOptions()
	if keypool > 0 {
		o.keypool = keypool
	}
	amounts := []struct {
		name string
		dst  *int64
	}{
		{"fallbackfee", &o.fallbackFee}, {"paytxfee", &o.payTxFee}, {"mintxfee", &o.minTxFee},
		{"maxtxfee", &o.maxTxFee}, {"discardfee", &o.discardFee},
	}
	for _, a := range amounts {
		v, ok, err := setting(ctx, chain, a.name)
		if err != nil {
			return o, err
		}
		if ok {
			if *a.dst, err = amountSetting(a.name, v); err != nil {
				return o, err
			}
		}
	}
	if v, ok, err := setting(ctx, chain, "txconfirmtarget"); err != nil {
		return o, err
	} else if ok {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 {
			return o, newErr(ErrWallet, fmt.Sprintf("Invalid -txconfirmtarget: '%s'", v))
		}
		o.confTarget = int32(n)
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"walletrbf", &o.walletRBF}, {"spendzeroconfchange", &o.spendZeroConfChange}, {"walletbroadcast", &o.broadcast}} {
		v, ok, err := setting(ctx, chain, b.name)
		if err != nil {
			return o, err
		}
		if ok {
			*b.dst = args.InterpretBool(v)
		}
	}
	if v, ok, err := setting(ctx, chain, "addresstype"); err != nil {
		return o, err
	} else if ok && v != "" {
		if !validOutputType(v) {
			return o, newErr(ErrWallet, fmt.Sprintf("Unknown address type '%s'", v))
		}
		o.addressType = v
	}
	if v, ok, err := setting(ctx, chain, "changetype"); err != nil {
		return o, err
	} else if ok && v != "" {
		if !validOutputType(v) {
			return o, newErr(ErrWallet, fmt.Sprintf("Unknown change type '%s'", v))
		}
		o.changeType = v
	}
	if keypool <= 0 {
		if v, ok, err := setting(ctx, chain, "keypool"); err != nil {
			return o, err
		} else if ok {
			n, perr := strconv.Atoi(v)
			if perr != nil || n < 0 {
				return o, newErr(ErrWallet, fmt.Sprintf("Invalid -keypool: '%s'", v))
			}
			o.keypool = max(n, 1)
		}
	}
	return o, nil
}

// validOutputType reports whether s is one of Core's output type names.
func validOutputType(s string) bool {
	switch s {
	case "legacy", "p2sh-segwit", "bech32", "bech32m":
		return true
	}
	return false
}
