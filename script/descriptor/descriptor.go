package descriptor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
)

// OutputType is Core's OutputType name of the addresses a descriptor makes.
type OutputType string

// Output types.
const (
	OutputLegacy     OutputType = "legacy"
	OutputP2SHSegwit OutputType = "p2sh-segwit"
	OutputBech32     OutputType = "bech32"
	OutputBech32m    OutputType = "bech32m"
	OutputNone       OutputType = ""
)

// node is one function of a descriptor.
type node struct {
	kind      string // pk, pkh, wpkh, combo, sh, wsh, multi, sortedmulti, tr, addr, raw
	keys      []*keyExpr
	sub       *node
	threshold int
	script    []byte // addr, raw
	addr      string // addr: the address re-encoded
}

// Descriptor is a parsed output script descriptor. It is safe for
// concurrent use.
type Descriptor struct {
	root *node
	net  *chaincfg.Params
}

// Output is one script a descriptor expands to at an index, with the keys
// it uses (in script order).
type Output struct {
	Script []byte
	Keys   []DerivedKey
	// RedeemScript is the P2SH redeem script, WitnessScript the P2WSH
	// script, when the output has them.
	RedeemScript  []byte
	WitnessScript []byte
}

// Net returns the network the descriptor was parsed for.
func (d *Descriptor) Net() *chaincfg.Params { return d.net }

func (n *node) allKeys() []*keyExpr {
	if n.sub != nil {
		return n.sub.allKeys()
	}
	return n.keys
}

// IsRange reports whether the descriptor has a ranged key (/*).
func (d *Descriptor) IsRange() bool {
	for _, k := range d.root.allKeys() {
		if k.isRange() {
			return true
		}
	}
	return false
}

// IsSolvable reports whether the descriptor describes how to spend (all
// but addr() and raw()).
func (d *Descriptor) IsSolvable() bool { return d.root.kind != "addr" && d.root.kind != "raw" }

// HasPrivateKeys reports whether every key of the descriptor is private.
func (d *Descriptor) HasPrivateKeys() bool {
	keys := d.root.allKeys()
	for _, k := range keys {
		if !k.hasPrivate() {
			return false
		}
	}
	return len(keys) > 0
}

// OutputType returns Core's GetOutputType of the descriptor.
func (d *Descriptor) OutputType() OutputType {
	switch n := d.root; n.kind {
	case "pkh":
		return OutputLegacy
	case "wpkh", "wsh":
		return OutputBech32
	case "tr":
		return OutputBech32m
	case "sh":
		if n.sub.kind == "wpkh" || n.sub.kind == "wsh" {
			return OutputP2SHSegwit
		}
		return OutputLegacy
	case "addr", "raw":
		return scriptOutputType(n.script)
	}
	return OutputNone
}

func scriptOutputType(script []byte) OutputType {
	switch txscript.GetScriptClass(script) {
	case txscript.PubKeyHashTy, txscript.ScriptHashTy:
		return OutputLegacy
	case txscript.WitnessV0PubKeyHashTy, txscript.WitnessV0ScriptHashTy:
		return OutputBech32
	}
	if v, _, ok := witnessProgram(script); ok && v > 0 {
		return OutputBech32m
	}
	return OutputNone
}

// String returns the public form with its checksum, as getdescriptorinfo's
// "descriptor".
func (d *Descriptor) String() string {
	s, _ := d.root.str(false)
	return AddChecksum(s)
}

// PrivateString returns the form with private keys and its checksum; an
// error of kind ErrNoPrivateKeys when a key has none.
func (d *Descriptor) PrivateString() (string, error) {
	s, err := d.root.str(true)
	if err != nil {
		return "", err
	}
	return AddChecksum(s), nil
}

func (n *node) str(private bool) (string, error) {
	switch n.kind {
	case "addr":
		return "addr(" + n.addr + ")", nil
	case "raw":
		return "raw(" + hex.EncodeToString(n.script) + ")", nil
	case "sh", "wsh":
		inner, err := n.sub.str(private)
		return n.kind + "(" + inner + ")", err
	case "multi", "sortedmulti":
		parts := []string{strconv.Itoa(n.threshold)}
		for _, k := range n.keys {
			ks, err := k.String(private)
			if err != nil {
				return "", err
			}
			parts = append(parts, ks)
		}
		return n.kind + "(" + strings.Join(parts, ",") + ")", nil
	}
	ks, err := n.keys[0].String(private)
	return n.kind + "(" + ks + ")", err
}

// Expand returns the scripts of the descriptor at index (ignored when it is
// not ranged), with the keys they use; private keys are filled in when
// wantPrivate and the descriptor has them. Most descriptors give one
// output; combo() gives two or four.
func (d *Descriptor) Expand(index uint32, wantPrivate bool) ([]Output, error) {
	return d.root.expand(index, wantPrivate, d.net)
}

// Script returns the single output script at index.
func (d *Descriptor) Script(index uint32) ([]byte, error) {
	outs, err := d.Expand(index, false)
	if err != nil {
		return nil, err
	}
	if len(outs) != 1 {
		return nil, &Error{Kind: ErrDerive, Description: "descriptor expands to more than one script"}
	}
	return outs[0].Script, nil
}

// Address returns the address of the single output script at index.
func (d *Descriptor) Address(index uint32) (string, error) {
	script, err := d.Script(index)
	if err != nil {
		return "", err
	}
	a, ok := EncodeAddress(script, d.net)
	if !ok {
		return "", &Error{Kind: ErrAddress, Description: "descriptor does not have a corresponding address"}
	}
	return a, nil
}

func hash160(b []byte) []byte { return address.Hash160(b) }

func (n *node) expand(index uint32, wantPriv bool, net *chaincfg.Params) ([]Output, error) {
	var keys []DerivedKey
	for _, k := range n.keys {
		dk, err := k.deriveKey(index, wantPriv)
		if err != nil {
			return nil, err
		}
		keys = append(keys, dk)
	}
	switch n.kind {
	case "pk":
		return []Output{{Script: pkScript(keys[0].Serialize()), Keys: keys}}, nil
	case "pkh":
		return []Output{{Script: p2pkh(hash160(keys[0].Serialize())), Keys: keys}}, nil
	case "wpkh":
		return []Output{{Script: witnessScript(0, hash160(keys[0].Serialize())), Keys: keys}}, nil
	case "combo":
		ser := keys[0].Serialize()
		outs := []Output{{Script: pkScript(ser), Keys: keys}, {Script: p2pkh(hash160(ser)), Keys: keys}}
		if !keys[0].Uncompressed {
			w := witnessScript(0, hash160(ser))
			outs = append(outs, Output{Script: w, Keys: keys}, Output{Script: p2sh(hash160(w)), Keys: keys, RedeemScript: w})
		}
		return outs, nil
	case "tr":
		out := txscript.ComputeTaprootKeyNoScript(keys[0].PubKey)
		return []Output{{Script: witnessScript(1, schnorr.SerializePubKey(out)), Keys: keys}}, nil
	case "multi", "sortedmulti":
		pubs := make([][]byte, len(keys))
		for i := range keys {
			pubs[i] = keys[i].Serialize()
		}
		if n.kind == "sortedmulti" {
			sort.Slice(pubs, func(i, j int) bool { return bytes.Compare(pubs[i], pubs[j]) < 0 })
		}
		return []Output{{Script: multiScript(n.threshold, pubs), Keys: keys}}, nil
	case "sh":
		subs, err := n.sub.expand(index, wantPriv, net)
		if err != nil {
			return nil, err
		}
		o := subs[0]
		return []Output{{Script: p2sh(hash160(o.Script)), Keys: o.Keys, RedeemScript: o.Script, WitnessScript: o.WitnessScript}}, nil
	case "wsh":
		subs, err := n.sub.expand(index, wantPriv, net)
		if err != nil {
			return nil, err
		}
		o := subs[0]
		h := sha256.Sum256(o.Script)
		return []Output{{Script: witnessScript(0, h[:]), Keys: o.Keys, WitnessScript: o.Script}}, nil
	case "addr", "raw":
		return []Output{{Script: append([]byte(nil), n.script...)}}, nil
	}
	return nil, fmt.Errorf("descriptor: unknown node %q", n.kind)
}

func pkScript(pub []byte) []byte {
	s := append([]byte{byte(len(pub))}, pub...)
	return append(s, opCheckSig)
}

func multiScript(k int, pubs [][]byte) []byte {
	s := []byte{smallInt(k)}
	for _, p := range pubs {
		s = append(s, byte(len(p)))
		s = append(s, p...)
	}
	return append(s, smallInt(len(pubs)), opCheckMulti)
}

func smallInt(n int) byte {
	if n == 0 {
		return op0
	}
	return byte(op1 + n - 1)
}

// ExpandedString returns the descriptor at index with each key replaced
// by the derived public key and its full origin, as Core's InferDescriptor
// prints a wallet script ("wpkh([d34db33f/84h/1h/0h/0/5]02…)#checksum").
func (d *Descriptor) ExpandedString(index uint32) (string, error) {
	s, err := d.root.expandedStr(index)
	if err != nil {
		return "", err
	}
	return AddChecksum(s), nil
}

func (n *node) expandedStr(index uint32) (string, error) {
	switch n.kind {
	case "addr", "raw":
		return n.str(false)
	case "sh", "wsh":
		inner, err := n.sub.expandedStr(index)
		return n.kind + "(" + inner + ")", err
	}
	var parts []string
	if n.kind == "multi" || n.kind == "sortedmulti" {
		parts = append(parts, strconv.Itoa(n.threshold))
	}
	for _, k := range n.keys {
		dk, err := k.deriveKey(index, false)
		if err != nil {
			return "", err
		}
		s := hex.EncodeToString(dk.Serialize())
		if k.origin != nil || k.ext != nil {
			s = "[" + hex.EncodeToString(dk.Origin.Fingerprint[:]) + formatPath(dk.Origin.Path, k.apostrophe) + "]" + s
		}
		parts = append(parts, s)
	}
	return n.kind + "(" + strings.Join(parts, ",") + ")", nil
}
