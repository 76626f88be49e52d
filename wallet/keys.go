package wallet

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// descriptorTemplates are the descriptors a new wallet gets, in Core's
// order (by output type, external then internal): BIP84 wpkh and BIP86
// tr at m/purpose'/coin'/0'/{0,1}/*.
var descriptorTemplates = []struct {
	fn      string
	purpose uint32
	typ     descriptor.OutputType
}{
	{"wpkh", 84, descriptor.OutputBech32},
	{"tr", 86, descriptor.OutputBech32m},
}

// newDescriptors generates a BIP32 seed with crypto/rand and returns the
// wallet's active descriptors (private) for net, as Core's
// SetupDescriptorScriptPubKeyMans.
func newDescriptors(net *chaincfg.Params, createdAt int64) ([]*walletDesc, error) {
	seed, err := randomBytes(32)
	if err != nil {
		return nil, err
	}
	defer wipe(seed)
	master, err := hdkeychain.NewMaster(seed, net)
	if err != nil {
		return nil, err
	}
	defer master.Zero()
	mpub, err := master.ECPubKey()
	if err != nil {
		return nil, err
	}
	fp := hex.EncodeToString(address.Hash160(mpub.SerializeCompressed())[:4])
	coin := net.HDCoinType
	var out []*walletDesc
	for _, t := range descriptorTemplates {
		acct := master
		for _, p := range []uint32{t.purpose, coin, 0} {
			if acct, err = acct.Derive(p + hdkeychain.HardenedKeyStart); err != nil {
				return nil, err
			}
		}
		for _, internal := range []bool{false, true} {
			branch := 0
			if internal {
				branch = 1
			}
			text := fmt.Sprintf("%s([%s/%dh/%dh/0h]%s/%d/*)", t.fn, fp, t.purpose, coin, acct.String(), branch)
			d, err := descriptor.Parse(text, net)
			if err != nil {
				return nil, err
			}
			secret, err := d.PrivateString()
			if err != nil {
				return nil, err
			}
			pub, err := descriptor.Parse(d.String(), net)
			if err != nil {
				return nil, err
			}
			out = append(out, &walletDesc{pub: pub, priv: d, secret: []byte(secret), outputType: t.typ,
				internal: internal, active: true, createdAt: createdAt})
		}
		acct.Zero()
	}
	return out, nil
}

// topUp derives scripts so that keypool unused ones follow nextIndex, as
// Core's TopUp; new scripts are watched at once and added to b.
func (w *Wallet) topUp(d *walletDesc, b *batch) error {
	target := d.nextIndex + uint32(w.opts.keypool)
	if !d.pub.IsRange() {
		target = 1
	}
	if target <= d.rangeEnd {
		return nil
	}
	for i := d.rangeEnd; i < target; i++ {
		script, err := d.pub.Script(i)
		if err != nil {
			return wrapErr(ErrWallet, fmt.Sprintf("deriving script %d: %v", i, err), err)
		}
		addr, _ := descriptor.EncodeAddress(script, w.net)
		w.scripts[string(script)] = scriptInfo{desc: d, index: i}
		b.scripts = append(b.scripts, scriptRow{script: script, desc: d, index: i, addr: addr})
	}
	d.rangeEnd = target
	b.addDesc(d)
	return nil
}

// markUsed moves a descriptor's next index past a script seen on chain and
// tops the keypool up, as Core's MarkUnusedAddresses.
func (w *Wallet) markUsed(si scriptInfo, b *batch) error {
	d := si.desc
	if si.index < d.nextIndex {
		return nil
	}
	d.nextIndex = si.index + 1
	b.addDesc(d)
	return w.topUp(d, b)
}

// activeDesc returns the active descriptor for an output type.
func (w *Wallet) activeDesc(t string, internal bool) *walletDesc {
	for _, d := range w.descs {
		if d.active && d.internal == internal && string(d.outputType) == t {
			return d
		}
	}
	return nil
}

// canGetAddresses is Core's CanGetAddresses.
func (w *Wallet) canGetAddresses(internal bool) bool {
	for _, d := range w.descs {
		if d.active && d.internal == internal {
			return true
		}
	}
	return false
}

// newDestination hands out the next address of a descriptor.
func (w *Wallet) newDestination(ctx context.Context, typ string, internal bool, label *string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return "", newErr(ErrNotFound, "Requested wallet does not exist or is not loaded")
	}
	if !w.canGetAddresses(internal) {
		return "", newErr(ErrWallet, "Error: This wallet has no available keys")
	}
	if typ == "" {
		typ = w.opts.addressType
		if internal && w.opts.changeType != "" {
			typ = w.opts.changeType
		}
	}
	d := w.activeDesc(typ, internal)
	if d == nil {
		return "", newErr(ErrKeypoolRanOut, fmt.Sprintf("Error: No %s addresses available.", typ))
	}
	index := d.nextIndex
	script, err := d.pub.Script(index)
	if err != nil {
		return "", wrapErr(ErrKeypoolRanOut, err.Error(), err)
	}
	addr, ok := descriptor.EncodeAddress(script, w.net)
	if !ok {
		return "", newErr(ErrWallet, "Error: Cannot encode address")
	}
	b := newBatch()
	d.nextIndex++
	b.addDesc(d)
	if err := w.topUp(d, b); err != nil {
		return "", err
	}
	if label != nil {
		w.addrBook[addr] = addrEntry{label: *label, purpose: "receive"}
		b.addrs[addr] = w.addrBook[addr]
	}
	if err := w.commit(ctx, b); err != nil {
		return "", err
	}
	return addr, nil
}

// NewAddress returns a new receiving address of the given type ("" for
// -addresstype) and records its label, as getnewaddress.
func (w *Wallet) NewAddress(ctx context.Context, label, addressType string) (string, error) {
	if addressType != "" && !validOutputType(addressType) {
		return "", newErr(ErrInvalidAddress, fmt.Sprintf("Unknown address type '%s'", addressType))
	}
	return w.newDestination(ctx, addressType, false, &label)
}

// ChangeAddress returns a new change address, as getrawchangeaddress.
func (w *Wallet) ChangeAddress(ctx context.Context, addressType string) (string, error) {
	if addressType != "" && !validOutputType(addressType) {
		return "", newErr(ErrInvalidAddress, fmt.Sprintf("Unknown address type '%s'", addressType))
	}
	return w.newDestination(ctx, addressType, true, nil)
}
