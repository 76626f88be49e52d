package node

import "encoding/binary"

// ScriptType is the kind of an output script, as Core's TxoutType.
type ScriptType int

// Output script kinds.
const (
	ScriptNonStandard ScriptType = iota
	ScriptAnchor
	ScriptPubKey
	ScriptPubKeyHash
	ScriptScriptHash
	ScriptMultisig
	ScriptNullData
	ScriptWitnessV0KeyHash
	ScriptWitnessV0ScriptHash
	ScriptWitnessV1Taproot
	ScriptWitnessUnknown
)

// String is Core's GetTxnOutputType name ("witness_v0_keyhash" …).
func (t ScriptType) String() string {
	switch t {
	case ScriptAnchor:
		return "anchor"
	case ScriptPubKey:
		return "pubkey"
	case ScriptPubKeyHash:
		return "pubkeyhash"
	case ScriptScriptHash:
		return "scripthash"
	case ScriptMultisig:
		return "multisig"
	case ScriptNullData:
		return "nulldata"
	case ScriptWitnessV0KeyHash:
		return "witness_v0_keyhash"
	case ScriptWitnessV0ScriptHash:
		return "witness_v0_scripthash"
	case ScriptWitnessV1Taproot:
		return "witness_v1_taproot"
	case ScriptWitnessUnknown:
		return "witness_unknown"
	}
	return "nonstandard"
}

// Opcodes the script helpers need.
const (
	op0             = 0x00
	opPUSHDATA1     = 0x4c
	opPUSHDATA2     = 0x4d
	opPUSHDATA4     = 0x4e
	op1NEGATE       = 0x4f
	op1             = 0x51
	op16            = 0x60
	opRETURN        = 0x6a
	opDUP           = 0x76
	opEQUAL         = 0x87
	opEQUALVERIFY   = 0x88
	opHASH160       = 0xa9
	opCHECKSIG      = 0xac
	opCHECKMULTISIG = 0xae
	opINVALIDOPCODE = 0xff
)

// MaxScriptSize is Core's MAX_SCRIPT_SIZE.
const MaxScriptSize = 10000

// ScriptOp reads the operation at script[pc:] as Core's GetScriptOp: the
// opcode, the pushed data for push operations, the position after it, and
// false when the script ends inside the operation.
func ScriptOp(script []byte, pc int) (op byte, data []byte, next int, ok bool) {
	if pc >= len(script) {
		return opINVALIDOPCODE, nil, pc, false
	}
	op = script[pc]
	pc++
	if op > opPUSHDATA4 {
		return op, nil, pc, true
	}
	var n int
	switch {
	case op < opPUSHDATA1:
		n = int(op)
	case op == opPUSHDATA1:
		if len(script)-pc < 1 {
			return opINVALIDOPCODE, nil, pc, false
		}
		n = int(script[pc])
		pc++
	case op == opPUSHDATA2:
		if len(script)-pc < 2 {
			return opINVALIDOPCODE, nil, pc, false
		}
		n = int(binary.LittleEndian.Uint16(script[pc:]))
		pc += 2
	default:
		if len(script)-pc < 4 {
			return opINVALIDOPCODE, nil, pc, false
		}
		n = int(binary.LittleEndian.Uint32(script[pc:]))
		pc += 4
	}
	if n < 0 || len(script)-pc < n {
		return opINVALIDOPCODE, nil, pc, false
	}
	return op, script[pc : pc+n], pc + n, true
}

// IsPushOnly is Core's CScript::IsPushOnly from position pc: every
// operation parses and is at most op16.
func IsPushOnly(script []byte, pc int) bool {
	for pc < len(script) {
		op, _, next, ok := ScriptOp(script, pc)
		if !ok || op > op16 {
			return false
		}
		pc = next
	}
	return true
}

// IsUnspendable is Core's CScript::IsUnspendable: opRETURN first, or too
// large to be valid.
func IsUnspendable(script []byte) bool {
	return (len(script) > 0 && script[0] == opRETURN) || len(script) > MaxScriptSize
}

// HasValidOps is Core's CScript::HasValidOps: every operation parses, is a
// known opcode and pushes at most 520 bytes.
func HasValidOps(script []byte) bool {
	for pc := 0; pc < len(script); {
		op, data, next, ok := ScriptOp(script, pc)
		if !ok || op > 0xb9 || len(data) > 520 {
			return false
		}
		pc = next
	}
	return true
}

// WitnessProgram is Core's CScript::IsWitnessProgram.
func WitnessProgram(script []byte) (version int, program []byte, ok bool) {
	if len(script) < 4 || len(script) > 42 {
		return 0, nil, false
	}
	if script[0] != op0 && (script[0] < op1 || script[0] > op16) {
		return 0, nil, false
	}
	if int(script[1])+2 != len(script) {
		return 0, nil, false
	}
	if script[0] != op0 {
		version = int(script[0]-op1) + 1
	}
	return version, script[2:], true
}

// isPayToAnchor is Core's IsPayToAnchor: op1 <0x4e73>.
func isPayToAnchor(script []byte) bool {
	return len(script) == 4 && script[0] == op1 && script[1] == 2 && script[2] == 0x4e && script[3] == 0x73
}

func pubKeyLen(header byte) int {
	switch header {
	case 2, 3:
		return 33
	case 4, 6, 7:
		return 65
	}
	return 0
}

// validPubKeySize is Core's CPubKey::ValidSize.
func validPubKeySize(b []byte) bool { return len(b) > 0 && pubKeyLen(b[0]) == len(b) }

// Solve is Core's Solver: the script's kind and its solutions (the key,
// hash or program; for multisig the required count, the keys and the key
// count; for unknown witness programs the version and the program).
func Solve(script []byte) (ScriptType, [][]byte) {
	if len(script) == 23 && script[0] == opHASH160 && script[1] == 20 && script[22] == opEQUAL {
		return ScriptScriptHash, [][]byte{script[2:22]}
	}
	if version, program, ok := WitnessProgram(script); ok {
		switch {
		case version == 0 && len(program) == 20:
			return ScriptWitnessV0KeyHash, [][]byte{program}
		case version == 0 && len(program) == 32:
			return ScriptWitnessV0ScriptHash, [][]byte{program}
		case version == 1 && len(program) == 32:
			return ScriptWitnessV1Taproot, [][]byte{program}
		case isPayToAnchor(script):
			return ScriptAnchor, nil
		case version != 0:
			return ScriptWitnessUnknown, [][]byte{{byte(version)}, program}
		}
		return ScriptNonStandard, nil
	}
	if len(script) >= 1 && script[0] == opRETURN && IsPushOnly(script, 1) {
		return ScriptNullData, nil
	}
	if (len(script) == 67 && script[0] == 65 || len(script) == 35 && script[0] == 33) && script[len(script)-1] == opCHECKSIG {
		if key := script[1 : len(script)-1]; validPubKeySize(key) {
			return ScriptPubKey, [][]byte{key}
		}
	}
	if len(script) == 25 && script[0] == opDUP && script[1] == opHASH160 && script[2] == 20 &&
		script[23] == opEQUALVERIFY && script[24] == opCHECKSIG {
		return ScriptPubKeyHash, [][]byte{script[3:23]}
	}
	if required, keys, ok := matchMultisig(script); ok {
		sol := [][]byte{{byte(required)}}
		sol = append(sol, keys...)
		sol = append(sol, []byte{byte(len(keys))})
		return ScriptMultisig, sol
	}
	return ScriptNonStandard, nil
}

// matchMultisig is Core's MatchMultisig: m <keys…> n opCHECKMULTISIG.
func matchMultisig(script []byte) (int, [][]byte, bool) {
	if len(script) < 1 || script[len(script)-1] != opCHECKMULTISIG {
		return 0, nil, false
	}
	op, data, pc, ok := ScriptOp(script, 0)
	if !ok {
		return 0, nil, false
	}
	required, ok := scriptNumber(op, data, 1, 20)
	if !ok {
		return 0, nil, false
	}
	var keys [][]byte
	for {
		op, data, pc, ok = ScriptOp(script, pc)
		if !ok || !validPubKeySize(data) {
			break
		}
		keys = append(keys, data)
	}
	count, ok2 := scriptNumber(op, data, required, 20)
	if !ok || !ok2 || len(keys) != count {
		return 0, nil, false
	}
	return required, keys, pc+1 == len(script)
}

// scriptNumber is Core's GetScriptNumber for multisig counts.
func scriptNumber(op byte, data []byte, lo, hi int) (int, bool) {
	var n int
	switch {
	case op >= op1 && op <= op16:
		n = int(op-op1) + 1
	case op <= opPUSHDATA4:
		if !minimalPush(op, data) || len(data) > 4 {
			return 0, false
		}
		v, ok := decodeScriptNum(data, true)
		if !ok {
			return 0, false
		}
		n = int(v)
	default:
		return 0, false
	}
	return n, n >= lo && n <= hi
}

// minimalPush is Core's CheckMinimalPush.
func minimalPush(op byte, data []byte) bool {
	switch {
	case len(data) == 0:
		return op == op0
	case len(data) == 1 && data[0] >= 1 && data[0] <= 16:
		return false
	case len(data) == 1 && data[0] == 0x81:
		return false
	case len(data) <= 75:
		return int(op) == len(data)
	case len(data) <= 255:
		return op == opPUSHDATA1
	case len(data) <= 65535:
		return op == opPUSHDATA2
	}
	return true
}

// decodeScriptNum reads a little-endian sign-magnitude number of at most
// four bytes (Core's CScriptNum), optionally requiring minimal encoding.
func decodeScriptNum(b []byte, requireMinimal bool) (int64, bool) {
	if len(b) > 4 {
		return 0, false
	}
	if requireMinimal && len(b) > 0 && b[len(b)-1]&0x7f == 0 {
		if len(b) <= 1 || b[len(b)-2]&0x80 == 0 {
			return 0, false
		}
	}
	return ScriptNum(b), true
}

// ScriptNum decodes a script number of any length up to eight bytes
// without minimality checks (Core's CScriptNum::set_vch).
func ScriptNum(b []byte) int64 {
	if len(b) == 0 {
		return 0
	}
	var v int64
	for i, c := range b {
		v |= int64(c) << (8 * i)
	}
	if b[len(b)-1]&0x80 != 0 {
		return -(v & ^(int64(0x80) << (8 * (len(b) - 1))))
	}
	return v
}
