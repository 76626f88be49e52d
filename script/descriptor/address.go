package descriptor

import (
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/address/v2/bech32"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
)

// Script opcodes used to build and recognise output scripts.
const (
	op0           = 0x00
	op1           = 0x51
	op16          = 0x60
	opDup         = 0x76
	opEqual       = 0x87
	opEqualVerify = 0x88
	opHash160     = 0xa9
	opCheckSig    = 0xac
	opCheckMulti  = 0xae
	opReturn      = 0x6a
)

// DecodeAddress returns the output script an address pays to, as Core's
// DecodeDestination for the given network: base58 P2PKH and P2SH, and
// bech32 (witness v0) or bech32m (v1 to v16) segwit addresses with the
// network's prefix. Anything else is an error of kind ErrAddress.
func DecodeAddress(addr string, net *chaincfg.Params) ([]byte, error) {
	if script, ok := decodeSegwit(addr, net); ok {
		return script, nil
	}
	decoded, version, err := base58.CheckDecode(addr)
	if err == nil && len(decoded) == 20 {
		switch version {
		case net.PubKeyHashAddrID:
			return p2pkh(decoded), nil
		case net.ScriptHashAddrID:
			return p2sh(decoded), nil
		}
	}
	return nil, &Error{Kind: ErrAddress, Description: fmt.Sprintf("invalid address %q", addr)}
}

func decodeSegwit(addr string, net *chaincfg.Params) ([]byte, bool) {
	lower := strings.ToLower(addr)
	if lower != addr && strings.ToUpper(addr) != addr {
		return nil, false
	}
	if !strings.HasPrefix(lower, net.Bech32HRPSegwit+"1") {
		return nil, false
	}
	hrp, data, variant, err := bech32.DecodeGeneric(addr)
	if err != nil || hrp != net.Bech32HRPSegwit || len(data) < 1 {
		return nil, false
	}
	version := data[0]
	if version > 16 {
		return nil, false
	}
	prog, err := bech32.ConvertBits(data[1:], 5, 8, false)
	if err != nil || len(prog) < 2 || len(prog) > 40 {
		return nil, false
	}
	if version == 0 && variant != bech32.Version0 || version != 0 && variant != bech32.VersionM {
		return nil, false
	}
	if version == 0 && len(prog) != 20 && len(prog) != 32 {
		return nil, false
	}
	return witnessScript(version, prog), true
}

// EncodeAddress returns the address of an output script for the network,
// or false when the script has none (bare multisig, pay-to-pubkey,
// OP_RETURN, non-standard), as Core's ExtractDestination + EncodeDestination.
func EncodeAddress(script []byte, net *chaincfg.Params) (string, bool) {
	switch {
	case len(script) == 25 && script[0] == opDup && script[1] == opHash160 && script[2] == 20 &&
		script[23] == opEqualVerify && script[24] == opCheckSig:
		return base58.CheckEncode(script[3:23], net.PubKeyHashAddrID), true
	case len(script) == 23 && script[0] == opHash160 && script[1] == 20 && script[22] == opEqual:
		return base58.CheckEncode(script[2:22], net.ScriptHashAddrID), true
	}
	version, prog, ok := witnessProgram(script)
	if !ok {
		return "", false
	}
	if version == 0 && len(prog) != 20 && len(prog) != 32 {
		return "", false
	}
	data, err := bech32.ConvertBits(prog, 8, 5, true)
	if err != nil {
		return "", false
	}
	data = append([]byte{byte(version)}, data...)
	var s string
	if version == 0 {
		s, err = bech32.Encode(net.Bech32HRPSegwit, data)
	} else {
		s, err = bech32.EncodeM(net.Bech32HRPSegwit, data)
	}
	return s, err == nil
}

// witnessProgram recognises a segwit output script (BIP141): a version
// opcode and one push of 2 to 40 bytes.
func witnessProgram(script []byte) (version int, prog []byte, ok bool) {
	if len(script) < 4 || len(script) > 42 {
		return 0, nil, false
	}
	switch {
	case script[0] == op0:
		version = 0
	case script[0] >= op1 && script[0] <= op16:
		version = int(script[0]-op1) + 1
	default:
		return 0, nil, false
	}
	if int(script[1])+2 != len(script) {
		return 0, nil, false
	}
	return version, script[2:], true
}

func witnessScript(version byte, prog []byte) []byte {
	op := byte(op0)
	if version > 0 {
		op = op1 + version - 1
	}
	return append([]byte{op, byte(len(prog))}, prog...)
}

func p2pkh(hash []byte) []byte {
	s := append([]byte{opDup, opHash160, 20}, hash...)
	return append(s, opEqualVerify, opCheckSig)
}

func p2sh(hash []byte) []byte {
	s := append([]byte{opHash160, 20}, hash...)
	return append(s, opEqual)
}
