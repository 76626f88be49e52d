package rest

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"

	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/noderpc"
)

// mempoolHeight is Core's MEMPOOL_HEIGHT, the height of a mempool coin.
const mempoolHeight = 0x7fffffff

// maxCompactSize is Core's MAX_SIZE, the largest size a compact size may
// give.
const maxCompactSize = 0x02000000

// tx is /tx/<txid>: a mempool transaction (there is no transaction index).
func (s *server) tx(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	hashStr, f := parseDataFormat(req.part)
	txid, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	tx, ok := s.n.MempoolTx(txid)
	if !ok {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	switch f {
	case formatBin, formatHex:
		var b bytes.Buffer
		tx.Serialize(&b)
		if f == formatBin {
			return binReply(cacheNoStore, b.Bytes())
		}
		return hexReply(cacheNoStore, b.Bytes())
	case formatJSON:
		return jsonReply(cacheNoStore, noderpc.TxJSON(s.n, tx))
	}
	return formatNotFound()
}

// getUTXOs is /getutxos[/checkmempool]/<txid>-<n>/…, or a POSTed BIP64
// request (.bin, or .hex as hex): which outputs are unspent, with the tip
// the answer refers to.
func (s *server) getUTXOs(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, f := parseDataFormat(req.part)
	var uriParts []string
	if len(param) > 1 {
		uriParts = strings.Split(param[1:], "/")
	}
	body := req.body
	if len(body) == 0 && len(uriParts) == 0 {
		return restErr(http.StatusBadRequest, "Error: empty request")
	}
	inputParsed, checkMempool := false, false
	var ops []wire.OutPoint
	if len(uriParts) > 0 {
		if uriParts[0] == "checkmempool" {
			checkMempool = true
			uriParts = uriParts[1:]
		}
		for _, p := range uriParts {
			txidStr, nStr, ok := strings.Cut(p, "-")
			if !ok || strings.Contains(nStr, "-") {
				return restErr(http.StatusBadRequest, "Parse error")
			}
			txid, ok1 := parseHash(txidStr)
			n, ok2 := parseUint(nStr, 32)
			if !ok1 || !ok2 {
				return restErr(http.StatusBadRequest, "Parse error")
			}
			ops = append(ops, wire.OutPoint{Hash: txid, Index: uint32(n)})
		}
		if len(ops) == 0 {
			return restErr(http.StatusBadRequest, "Error: empty request")
		}
		inputParsed = true
	}
	switch f {
	case formatHex, formatBin:
		if f == formatHex {
			body = parseHex(body)
		}
		if len(body) > 0 {
			if inputParsed {
				return restErr(http.StatusBadRequest, "Combination of URI scheme inputs and raw post data is not allowed")
			}
			var ok bool
			if checkMempool, ops, ok = parseUTXORequest(body); !ok {
				return restErr(http.StatusBadRequest, "Parse error")
			}
		}
	case formatJSON:
		if !inputParsed {
			return restErr(http.StatusBadRequest, "Error: empty request")
		}
	default:
		return formatNotFound()
	}
	if len(ops) > maxGetUTXOsOutpoints {
		return restErr(http.StatusBadRequest, fmt.Sprintf("Error: max outpoints exceeded (max: %d, tried: %d)", maxGetUTXOsOutpoints, len(ops)))
	}
	coins, tipHash, tipHeight := s.n.UnspentOutputs(ops, checkMempool)
	bitmap := make([]byte, (len(ops)+7)/8)
	var bits strings.Builder
	var found []*node.Coin
	for i, c := range coins {
		if c == nil {
			bits.WriteByte('0')
			continue
		}
		bits.WriteByte('1')
		bitmap[i/8] |= 1 << (i % 8)
		found = append(found, c)
	}
	height := func(c *node.Coin) uint32 {
		if c.Height < 0 {
			return mempoolHeight
		}
		return uint32(c.Height)
	}
	switch f {
	case formatBin, formatHex:
		b := binary.LittleEndian.AppendUint32(nil, uint32(tipHeight))
		b = append(b, tipHash[:]...)
		b = appendCompactSize(b, uint64(len(bitmap)))
		b = append(b, bitmap...)
		b = appendCompactSize(b, uint64(len(found)))
		for _, c := range found {
			b = binary.LittleEndian.AppendUint32(b, 0) // Core's nTxVerDummy
			b = binary.LittleEndian.AppendUint32(b, height(c))
			b = appendTxOut(b, c.Value, c.PkScript)
		}
		if f == formatBin {
			return binReply(cacheNoStore, b)
		}
		return hexReply(cacheNoStore, b)
	}
	res := utxosJSON{ChainHeight: tipHeight, ChaintipHash: tipHash.String(), Bitmap: bits.String(), UTXOs: []utxoJSON{}}
	for _, c := range found {
		res.UTXOs = append(res.UTXOs, utxoJSON{Height: height(c), Value: rpc.Amount(c.Value), ScriptPubKey: noderpc.ScriptPubKeyJSON(s.n, c.PkScript)})
	}
	return jsonReply(cacheNoStore, res)
}

// utxosJSON is getutxos' JSON answer (BIP64's fields), in Core's order.
type utxosJSON struct {
	ChainHeight  int32      `json:"chainHeight"`
	ChaintipHash string     `json:"chaintipHash"`
	Bitmap       string     `json:"bitmap"`
	UTXOs        []utxoJSON `json:"utxos"`
}

type utxoJSON struct {
	Height       uint32     `json:"height"`
	Value        rpc.Amount `json:"value"`
	ScriptPubKey any        `json:"scriptPubKey"`
}

// prevoutJSON is a spent output in /spenttxouts JSON.
type prevoutJSON struct {
	Value        rpc.Amount `json:"value"`
	ScriptPubKey any        `json:"scriptPubKey"`
}

// parseUTXORequest reads a POSTed getutxos request the way Core's
// rest_getutxos does: Core streams the body as a serialized string, so its
// length prefix comes first; then it reads the checkmempool flag (which so
// takes that length byte) and the outpoint vector. A body of the BIP64
// layout (flag, count, outpoints) is therefore read shifted by one byte,
// in Core and here alike.
func parseUTXORequest(body []byte) (checkMempool bool, ops []wire.OutPoint, ok bool) {
	stream := appendCompactSize(nil, uint64(len(body)))
	stream = append(stream, body...)
	r := bytes.NewReader(stream)
	flag, err := r.ReadByte()
	if err != nil {
		return false, nil, false
	}
	count, ok := readCompactSize(r)
	if !ok {
		return false, nil, false
	}
	for range count {
		var op [36]byte
		if _, err := io.ReadFull(r, op[:]); err != nil {
			return false, nil, false
		}
		var o wire.OutPoint
		copy(o.Hash[:], op[:32])
		o.Index = binary.LittleEndian.Uint32(op[32:])
		ops = append(ops, o)
	}
	return flag != 0, ops, true
}

// readCompactSize is Core's ReadCompactSize: canonical encodings only, at
// most MAX_SIZE.
func readCompactSize(r *bytes.Reader) (uint64, bool) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, false
	}
	var v uint64
	var min uint64
	switch {
	case b < 0xfd:
		return uint64(b), true
	case b == 0xfd:
		var x [2]byte
		if _, err := io.ReadFull(r, x[:]); err != nil {
			return 0, false
		}
		v, min = uint64(binary.LittleEndian.Uint16(x[:])), 0xfd
	case b == 0xfe:
		var x [4]byte
		if _, err := io.ReadFull(r, x[:]); err != nil {
			return 0, false
		}
		v, min = uint64(binary.LittleEndian.Uint32(x[:])), 0x10000
	default:
		var x [8]byte
		if _, err := io.ReadFull(r, x[:]); err != nil {
			return 0, false
		}
		v, min = binary.LittleEndian.Uint64(x[:]), 0x100000000
	}
	if v < min || v > maxCompactSize {
		return 0, false
	}
	return v, true
}

// parseHex is Core's ParseHex: hex digit pairs, whitespace between them
// skipped; anything else gives nothing.
func parseHex(b []byte) []byte {
	var digits []byte
	for i := 0; i < len(b); {
		if unicode.IsSpace(rune(b[i])) {
			i++
			continue
		}
		if i+1 >= len(b) {
			return nil
		}
		digits = append(digits, b[i], b[i+1])
		i += 2
	}
	out, err := hex.DecodeString(string(digits))
	if err != nil {
		return nil
	}
	return out
}

// appendCompactSize appends Core's CompactSize encoding of n.
func appendCompactSize(b []byte, n uint64) []byte {
	switch {
	case n < 0xfd:
		return append(b, byte(n))
	case n <= 0xffff:
		return binary.LittleEndian.AppendUint16(append(b, 0xfd), uint16(n))
	case n <= 0xffffffff:
		return binary.LittleEndian.AppendUint32(append(b, 0xfe), uint32(n))
	}
	return binary.LittleEndian.AppendUint64(append(b, 0xff), n)
}

// appendTxOut serializes a CTxOut: the value and the length-prefixed
// script.
func appendTxOut(b []byte, value int64, script []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(value))
	b = appendCompactSize(b, uint64(len(script)))
	return append(b, script...)
}
