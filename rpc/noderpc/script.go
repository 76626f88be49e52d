package noderpc

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// opNames are Core's GetOpName for the non-push opcodes.
var opNames = func() map[byte]string {
	m := map[byte]string{
		0x00: "0", 0x4c: "OP_PUSHDATA1", 0x4d: "OP_PUSHDATA2", 0x4e: "OP_PUSHDATA4",
		0x4f: "-1", 0x50: "OP_RESERVED",
		0x61: "OP_NOP", 0x62: "OP_VER", 0x63: "OP_IF", 0x64: "OP_NOTIF", 0x65: "OP_VERIF",
		0x66: "OP_VERNOTIF", 0x67: "OP_ELSE", 0x68: "OP_ENDIF", 0x69: "OP_VERIFY", 0x6a: "OP_RETURN",
		0x6b: "OP_TOALTSTACK", 0x6c: "OP_FROMALTSTACK", 0x6d: "OP_2DROP", 0x6e: "OP_2DUP",
		0x6f: "OP_3DUP", 0x70: "OP_2OVER", 0x71: "OP_2ROT", 0x72: "OP_2SWAP", 0x73: "OP_IFDUP",
		0x74: "OP_DEPTH", 0x75: "OP_DROP", 0x76: "OP_DUP", 0x77: "OP_NIP", 0x78: "OP_OVER",
		0x79: "OP_PICK", 0x7a: "OP_ROLL", 0x7b: "OP_ROT", 0x7c: "OP_SWAP", 0x7d: "OP_TUCK",
		0x7e: "OP_CAT", 0x7f: "OP_SUBSTR", 0x80: "OP_LEFT", 0x81: "OP_RIGHT", 0x82: "OP_SIZE",
		0x83: "OP_INVERT", 0x84: "OP_AND", 0x85: "OP_OR", 0x86: "OP_XOR", 0x87: "OP_EQUAL",
		0x88: "OP_EQUALVERIFY", 0x89: "OP_RESERVED1", 0x8a: "OP_RESERVED2",
		0x8b: "OP_1ADD", 0x8c: "OP_1SUB", 0x8d: "OP_2MUL", 0x8e: "OP_2DIV", 0x8f: "OP_NEGATE",
		0x90: "OP_ABS", 0x91: "OP_NOT", 0x92: "OP_0NOTEQUAL", 0x93: "OP_ADD", 0x94: "OP_SUB",
		0x95: "OP_MUL", 0x96: "OP_DIV", 0x97: "OP_MOD", 0x98: "OP_LSHIFT", 0x99: "OP_RSHIFT",
		0x9a: "OP_BOOLAND", 0x9b: "OP_BOOLOR", 0x9c: "OP_NUMEQUAL", 0x9d: "OP_NUMEQUALVERIFY",
		0x9e: "OP_NUMNOTEQUAL", 0x9f: "OP_LESSTHAN", 0xa0: "OP_GREATERTHAN",
		0xa1: "OP_LESSTHANOREQUAL", 0xa2: "OP_GREATERTHANOREQUAL", 0xa3: "OP_MIN", 0xa4: "OP_MAX",
		0xa5: "OP_WITHIN", 0xa6: "OP_RIPEMD160", 0xa7: "OP_SHA1", 0xa8: "OP_SHA256",
		0xa9: "OP_HASH160", 0xaa: "OP_HASH256", 0xab: "OP_CODESEPARATOR", 0xac: "OP_CHECKSIG",
		0xad: "OP_CHECKSIGVERIFY", 0xae: "OP_CHECKMULTISIG", 0xaf: "OP_CHECKMULTISIGVERIFY",
		0xb0: "OP_NOP1", 0xb1: "OP_CHECKLOCKTIMEVERIFY", 0xb2: "OP_CHECKSEQUENCEVERIFY",
		0xb3: "OP_NOP4", 0xb4: "OP_NOP5", 0xb5: "OP_NOP6", 0xb6: "OP_NOP7", 0xb7: "OP_NOP8",
		0xb8: "OP_NOP9", 0xb9: "OP_NOP10", 0xba: "OP_CHECKSIGADD", 0xff: "OP_INVALIDOPCODE",
	}
	for i := byte(1); i <= 16; i++ {
		m[0x50+i] = strconv.Itoa(int(i))
	}
	return m
}()

func opName(op byte) string {
	if s, ok := opNames[op]; ok {
		return s
	}
	return "OP_UNKNOWN"
}

// sigHashNames are Core's mapSigHashTypes.
var sigHashNames = map[byte]string{
	0x01: "ALL", 0x81: "ALL|ANYONECANPAY",
	0x02: "NONE", 0x82: "NONE|ANYONECANPAY",
	0x03: "SINGLE", 0x83: "SINGLE|ANYONECANPAY",
}

// scriptToAsm is Core's ScriptToAsmStr: pushes of up to four bytes as
// numbers, longer ones as hex (with "[ALL]"-style sighash decoding of
// signatures when decodeSigHash, for scriptSigs), other opcodes by name,
// "[error]" where the script stops parsing.
func scriptToAsm(script []byte, decodeSigHash bool) string {
	var b strings.Builder
	unspendable := node.IsUnspendable(script)
	for pc := 0; pc < len(script); {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		op, data, next, ok := node.ScriptOp(script, pc)
		if !ok {
			b.WriteString("[error]")
			break
		}
		pc = next
		if op > 0x4e {
			b.WriteString(opName(op))
			continue
		}
		if len(data) <= 4 {
			b.WriteString(strconv.FormatInt(node.ScriptNum(data), 10))
			continue
		}
		if decodeSigHash && !unspendable && isStrictSignature(data) {
			if name, ok := sigHashNames[data[len(data)-1]]; ok {
				b.WriteString(hex.EncodeToString(data[:len(data)-1]) + "[" + name + "]")
				continue
			}
		}
		b.WriteString(hex.EncodeToString(data))
	}
	return b.String()
}

// isStrictSignature is Core's CheckSignatureEncoding with STRICTENC: a
// valid DER signature with a defined sighash type.
func isStrictSignature(sig []byte) bool {
	if len(sig) == 0 {
		return true
	}
	if !isValidSignatureEncoding(sig) {
		return false
	}
	t := sig[len(sig)-1] &^ 0x80
	return t >= 1 && t <= 3
}

// isValidSignatureEncoding is BIP66's strict DER check (Core's
// IsValidSignatureEncoding).
func isValidSignatureEncoding(sig []byte) bool {
	n := len(sig)
	if n < 9 || n > 73 || sig[0] != 0x30 || int(sig[1]) != n-3 {
		return false
	}
	lenR := int(sig[3])
	if 5+lenR >= n {
		return false
	}
	lenS := int(sig[5+lenR])
	if lenR+lenS+7 != n || sig[2] != 0x02 || lenR == 0 || sig[4]&0x80 != 0 {
		return false
	}
	if lenR > 1 && sig[4] == 0 && sig[5]&0x80 == 0 {
		return false
	}
	if sig[lenR+4] != 0x02 || lenS == 0 || sig[lenR+6]&0x80 != 0 {
		return false
	}
	if lenS > 1 && sig[lenR+6] == 0 && sig[lenR+7]&0x80 == 0 {
		return false
	}
	return true
}

// inferDescriptor is Core's InferDescriptor(script, no provider) with its
// checksum: pk() for valid pay-to-pubkey, multi() for bare multisig,
// rawtr() for taproot outputs with a valid key, addr() for other scripts
// with an address, raw() for the rest.
func inferDescriptor(script []byte, params *chaincfg.Params) string {
	return descriptor.AddChecksum(inferScript(script, params))
}

func inferScript(script []byte, params *chaincfg.Params) string {
	typ, sol := node.Solve(script)
	switch typ {
	case node.ScriptPubKey:
		if nonHybrid(sol[0]) {
			return "pk(" + hex.EncodeToString(sol[0]) + ")"
		}
	case node.ScriptMultisig:
		keys := sol[1 : len(sol)-1]
		parts := []string{strconv.Itoa(int(sol[0][0]))}
		ok := true
		for _, k := range keys {
			if !nonHybrid(k) {
				ok = false
				break
			}
			parts = append(parts, hex.EncodeToString(k))
		}
		if ok {
			return "multi(" + strings.Join(parts, ",") + ")"
		}
	case node.ScriptWitnessV1Taproot:
		if _, err := schnorr.ParsePubKey(sol[0]); err == nil {
			return "rawtr(" + hex.EncodeToString(sol[0]) + ")"
		}
	}
	if typ != node.ScriptPubKey {
		if addr, ok := descriptor.EncodeAddress(script, params); ok {
			return "addr(" + addr + ")"
		}
	}
	return "raw(" + hex.EncodeToString(script) + ")"
}

// nonHybrid is Core's CPubKey::IsValidNonHybrid.
func nonHybrid(k []byte) bool {
	return len(k) > 0 && (k[0] == 2 || k[0] == 3 || k[0] == 4)
}

// scriptPubKeyJSON is Core's ScriptToUniv with hex and address.
func scriptPubKeyJSON(script []byte, params *chaincfg.Params) object {
	typ, _ := node.Solve(script)
	o := object{
		{"asm", scriptToAsm(script, false)},
		{"desc", inferDescriptor(script, params)},
		{"hex", hex.EncodeToString(script)},
	}
	if typ != node.ScriptPubKey {
		if addr, ok := descriptor.EncodeAddress(script, params); ok {
			o = append(o, field{"address", addr})
		}
	}
	return append(o, field{"type", typ.String()})
}
