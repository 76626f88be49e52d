package noderpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"

	"github.com/btcsuite/btcd/blockchain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// parseHash is Core's ParseHashV: 64 hex digits, in Core's (reversed) byte
// order; errors name the parameter.
func parseHash(raw json.RawMessage, name string) (chainhash.Hash, error) {
	s, err := rpc.GetString(raw)
	if err != nil {
		return chainhash.Hash{}, err
	}
	if len(s) != 64 {
		return chainhash.Hash{}, rpcerr.Errorf(rpcerr.RPC_INVALID_PARAMETER, "%s must be of length %d (not %d, for '%s')", name, 64, len(s), s)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return chainhash.Hash{}, rpcerr.Errorf(rpcerr.RPC_INVALID_PARAMETER, "%s must be hexadecimal string (not '%s')", name, s)
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, rpcerr.Errorf(rpcerr.RPC_INVALID_PARAMETER, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return *h, nil
}

// isHash64 is Core's uint256::FromHex succeeding: exactly 64 hex digits.
func isHash64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// parseVerbosity is Core's ParseVerbosity with allow_bool.
func parseVerbosity(raw json.RawMessage, def int) (int, error) {
	if rpc.IsNull(raw) {
		return def, nil
	}
	if b, err := rpc.GetBool(raw); err == nil {
		if b {
			return 1, nil
		}
		return 0, nil
	}
	return rpc.GetInt(raw)
}

// decodeHexTx is Core's DecodeHexTx: hex, then the extended (witness) and
// legacy serializations that consume all the input, preferring one whose
// scripts are sane (Core's heuristic).
func decodeHexTx(s string, tryNoWitness, tryWitness bool) (*wire.MsgTx, bool) {
	data, err := hex.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var ext, legacy *wire.MsgTx
	if tryWitness {
		var tx wire.MsgTx
		r := bytes.NewReader(data)
		if tx.BtcDecode(r, wire.ProtocolVersion, wire.WitnessEncoding) == nil && r.Len() == 0 {
			ext = &tx
		}
	}
	if ext != nil && scriptsSane(ext) {
		return ext, true
	}
	if tryNoWitness {
		var tx wire.MsgTx
		r := bytes.NewReader(data)
		if tx.BtcDecode(r, wire.ProtocolVersion, wire.BaseEncoding) == nil && r.Len() == 0 {
			legacy = &tx
		}
	}
	if legacy != nil && scriptsSane(legacy) {
		return legacy, true
	}
	if ext != nil {
		return ext, true
	}
	return legacy, legacy != nil
}

// scriptsSane is Core's CheckTxScriptsSanity.
func scriptsSane(tx *wire.MsgTx) bool {
	if !blockchain.IsCoinBaseTx(tx) {
		for _, in := range tx.TxIn {
			if !node.HasValidOps(in.SignatureScript) || len(in.SignatureScript) > node.MaxScriptSize {
				return false
			}
		}
	}
	for _, out := range tx.TxOut {
		if !node.HasValidOps(out.PkScript) || len(out.PkScript) > node.MaxScriptSize {
			return false
		}
	}
	return true
}

// scriptFromDescriptor is Core's getScriptFromDescriptor (rpc/mining.cpp):
// the one script of an unranged descriptor; combo() gives its P2WPKH (4
// scripts) or P2PKH (2) script. ok is false, with Core's parse error, when
// the text is not a descriptor.
func scriptFromDescriptor(desc string, params *chaincfg.Params) (script []byte, perr string, err error) {
	d, err := descriptor.Parse(desc, params)
	if err != nil {
		return nil, err.Error(), nil
	}
	if d.IsRange() {
		return nil, "", rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?")
	}
	outs, err := d.Expand(0, false)
	if err != nil || len(outs) == 0 {
		return nil, "", rpcerr.NewError(rpcerr.RPC_INVALID_ADDRESS_OR_KEY, "Cannot derive script without private keys")
	}
	switch len(outs) {
	case 1:
		return outs[0].Script, "", nil
	case 4:
		return outs[2].Script, "", nil
	default:
		return outs[1].Script, "", nil
	}
}

// addressScript is Core's DecodeDestination + GetScriptForDestination.
func addressScript(addr string, params *chaincfg.Params) ([]byte, bool) {
	s, err := descriptor.DecodeAddress(addr, params)
	return s, err == nil
}

// getUint32 is UniValue::getInt<uint32_t>.
func getUint32(raw json.RawMessage) (uint32, error) {
	v, err := rpc.GetInt64(raw)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > 0xffffffff {
		return 0, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "JSON integer out of range")
	}
	return uint32(v), nil
}
