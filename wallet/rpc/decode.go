package walletrpc

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

func serialize(tx *wire.MsgTx) []byte {
	var b bytes.Buffer
	_ = tx.Serialize(&b)
	return b.Bytes()
}

// decodeTx is Core's TxToUniv without block hash or hex, for
// gettransaction's "decoded".
func decodeTx(tx *wire.MsgTx, net *chaincfg.Params) obj {
	size := tx.SerializeSize()
	weight := tx.SerializeSizeStripped()*3 + size
	vin := []obj{}
	for _, in := range tx.TxIn {
		var e obj
		if isCoinbase(tx) {
			e = obj{{"coinbase", hex.EncodeToString(in.SignatureScript)}}
		} else {
			e = obj{{"txid", in.PreviousOutPoint.Hash.String()}, {"vout", in.PreviousOutPoint.Index},
				{"scriptSig", obj{{"asm", scriptAsm(in.SignatureScript, true)}, {"hex", hex.EncodeToString(in.SignatureScript)}}}}
		}
		if len(in.Witness) > 0 {
			w := make([]string, len(in.Witness))
			for i, item := range in.Witness {
				w[i] = hex.EncodeToString(item)
			}
			e = append(e, kv{"txinwitness", w})
		}
		vin = append(vin, append(e, kv{"sequence", in.Sequence}))
	}
	vout := []obj{}
	for i, out := range tx.TxOut {
		vout = append(vout, obj{{"value", amount(out.Value)}, {"n", i}, {"scriptPubKey", scriptPubKeyObj(out.PkScript, net)}})
	}
	return obj{{"txid", tx.TxHash().String()}, {"hash", tx.WitnessHash().String()}, {"version", tx.Version},
		{"size", size}, {"vsize", (weight + 3) / 4}, {"weight", weight}, {"locktime", tx.LockTime},
		{"vin", vin}, {"vout", vout}}
}

func isCoinbase(tx *wire.MsgTx) bool {
	return len(tx.TxIn) == 1 && tx.TxIn[0].PreviousOutPoint.Index == wire.MaxPrevOutIndex &&
		tx.TxIn[0].PreviousOutPoint.Hash == [32]byte{}
}

// scriptPubKeyObj is Core's ScriptToUniv with address and descriptor.
func scriptPubKeyObj(script []byte, net *chaincfg.Params) obj {
	typ := scriptType(script)
	desc := "raw(" + hex.EncodeToString(script) + ")"
	addr, hasAddr := descriptor.EncodeAddress(script, net)
	if hasAddr {
		desc = "addr(" + addr + ")"
	}
	o := obj{{"asm", scriptAsm(script, false)}, {"desc", descriptor.AddChecksum(desc)}, {"hex", hex.EncodeToString(script)}}
	if hasAddr {
		o = append(o, kv{"address", addr})
	}
	return append(o, kv{"type", typ})
}

// scriptType is Core's GetTxnOutputType name.
func scriptType(s []byte) string {
	switch txscript.GetScriptClass(s) {
	case txscript.PubKeyTy:
		return "pubkey"
	case txscript.PubKeyHashTy:
		return "pubkeyhash"
	case txscript.ScriptHashTy:
		return "scripthash"
	case txscript.MultiSigTy:
		return "multisig"
	case txscript.NullDataTy:
		return "nulldata"
	case txscript.WitnessV0PubKeyHashTy:
		return "witness_v0_keyhash"
	case txscript.WitnessV0ScriptHashTy:
		return "witness_v0_scripthash"
	case txscript.WitnessV1TaprootTy:
		return "witness_v1_taproot"
	}
	if len(s) == 4 && s[0] == txscript.OP_1 && s[1] == 2 && s[2] == 0x4e && s[3] == 0x73 {
		return "anchor"
	}
	if len(s) >= 4 && len(s) <= 42 && int(s[1])+2 == len(s) && (s[0] == 0 || s[0] >= txscript.OP_1 && s[0] <= txscript.OP_16) {
		return "witness_unknown"
	}
	return "nonstandard"
}

// scriptAsm is Core's ScriptToAsmStr: small integers as numbers, pushes
// as hex (signatures with their sighash name in scriptSigs), opcodes by
// name.
func scriptAsm(s []byte, sig bool) string {
	var parts []string
	tok := txscript.MakeScriptTokenizer(0, s)
	for tok.Next() {
		op, data := tok.Opcode(), tok.Data()
		switch {
		case op == txscript.OP_0:
			parts = append(parts, "0")
		case op == txscript.OP_1NEGATE:
			parts = append(parts, "-1")
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			parts = append(parts, fmt.Sprint(int(op-txscript.OP_1+1)))
		case op <= txscript.OP_PUSHDATA4:
			if len(data) <= 4 {
				parts = append(parts, fmt.Sprint(scriptNum(data)))
			} else {
				parts = append(parts, hex.EncodeToString(data))
			}
		default:
			parts = append(parts, opName(op))
		}
	}
	if tok.Err() != nil {
		parts = append(parts, "[error]")
	}
	_ = sig
	return strings.Join(parts, " ")
}

var opNames = func() map[byte]string {
	m := map[byte]string{}
	for name, v := range txscript.OpcodeByName {
		switch {
		case name == "OP_FALSE" || name == "OP_TRUE" || name == "OP_NOP2" || name == "OP_NOP3" || strings.HasPrefix(name, "OP_DATA_"):
			continue
		}
		m[v] = name
	}
	return m
}()

func opName(op byte) string {
	if n, ok := opNames[op]; ok && !strings.HasPrefix(n, "OP_UNKNOWN") {
		return n
	}
	return "OP_UNKNOWN"
}

// scriptNum decodes a minimal little-endian sign-magnitude number.
func scriptNum(b []byte) int64 {
	if len(b) == 0 {
		return 0
	}
	var v int64
	for i, c := range b {
		v |= int64(c) << (8 * i)
	}
	if b[len(b)-1]&0x80 != 0 {
		v &^= int64(0x80) << (8 * (len(b) - 1))
		return -v
	}
	return v
}
