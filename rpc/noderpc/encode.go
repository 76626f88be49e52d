package noderpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/btcsuite/btcd/blockchain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// object is a JSON object whose keys keep their order (Core's UniValue
// object, built with pushKV).
type object []field

type field struct {
	key   string
	value any
}

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// txOptions says what txJSON adds to Core's TxToUniv base fields.
type txOptions struct {
	// spent holds the outputs the inputs spent (Core's undo data), nil when
	// unknown (and always for a coinbase): then there is no fee.
	spent []node.SpentOutput
	// prevout adds each input's prevout (verbosity 3 / getrawtransaction 2).
	prevout bool
	// hex adds the serialized transaction.
	hex bool
}

// txJSON is Core's TxToUniv (core_write.cpp).
func txJSON(tx *wire.MsgTx, params *chaincfg.Params, opt txOptions) object {
	weight := int64(tx.SerializeSizeStripped())*3 + int64(tx.SerializeSize())
	o := object{
		{"txid", tx.TxHash().String()},
		{"hash", tx.WitnessHash().String()},
		{"version", uint32(tx.Version)},
		{"size", tx.SerializeSize()},
		{"vsize", (weight + 3) / 4},
		{"weight", weight},
		{"locktime", tx.LockTime},
	}
	coinbase := blockchain.IsCoinBaseTx(tx)
	haveUndo := opt.spent != nil && !coinbase
	var totalIn, totalOut int64
	vin := make([]object, len(tx.TxIn))
	for i, in := range tx.TxIn {
		var e object
		if coinbase {
			e = object{{"coinbase", hex.EncodeToString(in.SignatureScript)}}
		} else {
			e = object{
				{"txid", in.PreviousOutPoint.Hash.String()},
				{"vout", in.PreviousOutPoint.Index},
				{"scriptSig", object{
					{"asm", scriptToAsm(in.SignatureScript, true)},
					{"hex", hex.EncodeToString(in.SignatureScript)},
				}},
			}
		}
		if len(in.Witness) > 0 {
			wit := make([]string, len(in.Witness))
			for j, w := range in.Witness {
				wit[j] = hex.EncodeToString(w)
			}
			e = append(e, field{"txinwitness", wit})
		}
		if haveUndo {
			p := opt.spent[i]
			totalIn += p.Value
			if opt.prevout {
				e = append(e, field{"prevout", object{
					{"generated", p.Coinbase},
					{"height", p.Height},
					{"value", rpc.Amount(p.Value)},
					{"scriptPubKey", scriptPubKeyJSON(p.PkScript, params)},
				}})
			}
		}
		vin[i] = append(e, field{"sequence", in.Sequence})
	}
	o = append(o, field{"vin", vin})
	vout := make([]object, len(tx.TxOut))
	for i, out := range tx.TxOut {
		vout[i] = object{
			{"value", rpc.Amount(out.Value)},
			{"n", i},
			{"scriptPubKey", scriptPubKeyJSON(out.PkScript, params)},
		}
		totalOut += out.Value
	}
	o = append(o, field{"vout", vout})
	if haveUndo {
		o = append(o, field{"fee", rpc.Amount(totalIn - totalOut)})
	}
	if opt.hex {
		o = append(o, field{"hex", txHex(tx)})
	}
	return o
}

func txHex(tx *wire.MsgTx) string {
	var b bytes.Buffer
	tx.Serialize(&b)
	return hex.EncodeToString(b.Bytes())
}

func headerHex(h *wire.BlockHeader) string {
	var b bytes.Buffer
	h.Serialize(&b)
	return hex.EncodeToString(b.Bytes())
}

// coreFloat is a double as Core's UniValue writes it: 16 significant
// digits (std::setprecision(16)).
type coreFloat float64

// MarshalJSON writes f with 16 significant digits.
func (f coreFloat) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(f), 'g', 16, 64)), nil
}

// difficulty is Core's GetDifficulty.
func difficulty(bits uint32) coreFloat {
	shift := int(bits>>24) & 0xff
	d := float64(0x0000ffff) / float64(bits&0x00ffffff)
	for ; shift < 29; shift++ {
		d *= 256.0
	}
	for ; shift > 29; shift-- {
		d /= 256.0
	}
	return coreFloat(d)
}

// target is Core's GetTarget: the expanded nBits, 64 hex digits.
func target(bits uint32) string {
	return fmt.Sprintf("%064x", blockchain.CompactToBig(bits))
}

// blockHeaderJSON is Core's blockheaderToJSON.
func blockHeaderJSON(n *node.Node, bi *node.BlockIndex) object {
	h := &bi.Header
	_, tipHeight := n.Tip()
	confirmations := int32(-1)
	var next string
	if bi.InActiveChain {
		confirmations = tipHeight - bi.Height + 1
		if nh, ok := n.BlockHashAt(bi.Height + 1); ok {
			next = nh.String()
		}
	}
	ntx, _ := n.TxCount(bi.Hash)
	o := object{
		{"hash", bi.Hash.String()},
		{"confirmations", confirmations},
		{"height", bi.Height},
		{"version", h.Version},
		{"versionHex", fmt.Sprintf("%08x", uint32(h.Version))},
		{"merkleroot", h.MerkleRoot.String()},
		{"time", h.Timestamp.Unix()},
		{"mediantime", bi.MedianTime},
		{"nonce", h.Nonce},
		{"bits", fmt.Sprintf("%08x", h.Bits)},
		{"target", target(h.Bits)},
		{"difficulty", difficulty(h.Bits)},
		{"chainwork", fmt.Sprintf("%064x", bi.ChainWork)},
		{"nTx", ntx},
	}
	if bi.Height > 0 {
		o = append(o, field{"previousblockhash", h.PrevBlock.String()})
	}
	if next != "" {
		o = append(o, field{"nextblockhash", next})
	}
	return o
}

// blockJSON is Core's blockToJSON for verbosity 1 to 3.
func blockJSON(n *node.Node, bi *node.BlockIndex, b *wire.MsgBlock, verbosity int) (object, error) {
	o := blockHeaderJSON(n, bi)
	weight := b.SerializeSizeStripped()*3 + b.SerializeSize()
	o = append(o,
		field{"strippedsize", b.SerializeSizeStripped()},
		field{"size", b.SerializeSize()},
		field{"weight", weight},
	)
	if verbosity <= 1 {
		ids := make([]string, len(b.Transactions))
		for i, tx := range b.Transactions {
			ids[i] = tx.TxHash().String()
		}
		return append(o, field{"tx", ids}), nil
	}
	var spent [][]node.SpentOutput
	if bi.Height > 0 {
		s, ok, err := n.SpentOutputs(b)
		if err != nil {
			return nil, rpcerr.NewError(rpcerr.RPC_INTERNAL_ERROR, err.Error())
		}
		if ok {
			spent = s
		}
	}
	txs := make([]object, len(b.Transactions))
	for i, tx := range b.Transactions {
		opt := txOptions{hex: true, prevout: verbosity >= 3}
		if spent != nil {
			opt.spent = spent[i]
		}
		txs[i] = txJSON(tx, n.ConsensusParams(), opt)
	}
	return append(o, field{"tx", txs}), nil
}
