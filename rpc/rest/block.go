package rest

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/noderpc"
)

// Block verbosities of the JSON block replies (Core's TxVerbosity).
const (
	verbosityTxIDs   = 1 // SHOW_TXID: /block/notxdetails
	verbosityPrevout = 3 // SHOW_DETAILS_AND_PREVOUT: /block
)

func (s *server) blockExtended(req *request) reply { return s.block(req, verbosityPrevout, nil) }

func (s *server) blockNoTxDetails(req *request) reply { return s.block(req, verbosityTxIDs, nil) }

// blockPart is /blockpart/<hash>.<bin|hex>?offset=&size=: a byte range of
// the serialized block.
func (s *server) blockPart(req *request) reply {
	raw, _ := queryParam(req.uri, "offset")
	offset, ok := parseUint(raw, 64)
	if !ok {
		return restErr(http.StatusBadRequest, "Block part offset missing or invalid")
	}
	raw, _ = queryParam(req.uri, "size")
	size, ok := parseUint(raw, 64)
	if !ok {
		return restErr(http.StatusBadRequest, "Block part size missing or invalid")
	}
	return s.block(req, 0, &[2]uint64{offset, size})
}

// block is Core's rest_block: the block, or a part of it, as stored; JSON
// at the given verbosity (none for parts).
func (s *server) block(req *request, verbosity int, part *[2]uint64) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	hashStr, f := parseDataFormat(req.part)
	hash, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	bi, err := s.n.LookupBlock(hash)
	if err != nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	raw, err := s.n.RawBlock(hash)
	if err != nil {
		return restErr(http.StatusNotFound, hashStr+" not available (not fully downloaded)")
	}
	if part != nil {
		offset, size := part[0], part[1]
		if size == 0 || offset > uint64(len(raw)) || size > uint64(len(raw))-offset {
			return restErr(http.StatusBadRequest, fmt.Sprintf("Bad block part offset/size %d/%d for %s", offset, size, hashStr))
		}
		raw = raw[offset : offset+size]
	}
	switch f {
	case formatBin:
		return binReply(cacheImmutable, raw)
	case formatHex:
		return hexReply(cacheImmutable, raw)
	case formatJSON:
		if verbosity == 0 {
			return restErr(http.StatusBadRequest, "JSON output is not supported for this request type")
		}
		b, err := s.n.Block(hash)
		if err != nil {
			return restErr(http.StatusInternalServerError, "I/O error reading "+hashStr)
		}
		v, err := noderpc.BlockJSON(s.n, bi, b, verbosity)
		if err != nil {
			return restErr(http.StatusInternalServerError, err.Error())
		}
		return jsonReply(cacheNoStore, v)
	}
	return formatNotFound()
}

// hashAndCount reads the path of the headers endpoints: <hash> with the
// count in the query (default 5), or the deprecated <count>/<hash>.
func hashAndCount(uri string, path []string) (hash, count string, ok bool) {
	switch len(path) {
	case 2:
		return path[1], path[0], true
	case 1:
		if count, ok = queryParam(uri, "count"); !ok {
			count = "5"
		}
		return path[0], count, true
	}
	return "", "", false
}

// headerCount parses a count of headers as Core: 1 to 2000.
func headerCount(raw string) (int, reply, bool) {
	n, ok := parseUint(raw, 64)
	if !ok || n < 1 || n > maxHeadersResults {
		return 0, restErr(http.StatusBadRequest, fmt.Sprintf("Header count is invalid or out of acceptable range (1-%d): %s", maxHeadersResults, raw)), false
	}
	return int(n), reply{}, true
}

// activeFrom lists up to count blocks of the active chain from hash on;
// none when hash is unknown or not in the active chain (Core's loop over
// active_chain.Next).
func (s *server) activeFrom(hashStr string, count int) []*node.BlockIndex {
	hash, _ := parseHash(hashStr)
	var out []*node.BlockIndex
	bi, err := s.n.LookupBlock(hash)
	for err == nil && bi.InActiveChain && len(out) < count {
		out = append(out, bi)
		next, ok := s.n.BlockHashAt(bi.Height + 1)
		if !ok {
			break
		}
		bi, err = s.n.LookupBlock(next)
	}
	return out
}

// headers is /headers/<hash>?count=<n> (or the deprecated
// /headers/<count>/<hash>).
func (s *server) headers(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, f := parseDataFormat(req.part)
	hashStr, rawCount, ok := hashAndCount(req.uri, strings.Split(param, "/"))
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>")
	}
	count, r, ok := headerCount(rawCount)
	if !ok {
		return r
	}
	if _, ok := parseHash(hashStr); !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	list := s.activeFrom(hashStr, count)
	switch f {
	case formatBin, formatHex:
		var b bytes.Buffer
		for _, bi := range list {
			bi.Header.Serialize(&b)
		}
		if f == formatBin {
			return binReply(cacheNoStore, b.Bytes())
		}
		return hexReply(cacheNoStore, b.Bytes())
	case formatJSON:
		out := make([]any, len(list))
		for i, bi := range list {
			out[i] = noderpc.BlockHeaderJSON(s.n, bi)
		}
		return jsonReply(cacheNoStore, out)
	}
	return formatNotFound()
}

// blockHashByHeight is /blockhashbyheight/<height>.
func (s *server) blockHashByHeight(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	heightStr, f := parseDataFormat(req.part)
	height, ok := parseInt32(heightStr)
	if !ok || height < 0 {
		return restErr(http.StatusBadRequest, "Invalid height: "+sanitizeURI(heightStr))
	}
	hash, ok := s.n.BlockHashAt(height)
	if !ok {
		return restErr(http.StatusNotFound, "Block height out of range")
	}
	switch f {
	case formatBin:
		return binReply(cacheNoStore, hash[:])
	case formatHex:
		return reply{status: http.StatusOK, cache: cacheNoStore, contentType: "text/plain", body: []byte(hash.String() + "\n")}
	case formatJSON:
		return jsonReply(cacheNoStore, map[string]string{"blockhash": hash.String()})
	}
	return formatNotFound()
}

// spentTxOuts is /spenttxouts/<hash>: the outputs each transaction of the
// block spent (Core's undo data), the coinbase's list empty.
func (s *server) spentTxOuts(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, f := parseDataFormat(req.part)
	path := strings.Split(param, "/")
	if len(path) != 1 {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/spenttxouts/<hash>.<ext>")
	}
	hashStr := path[0]
	hash, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	bi, err := s.n.LookupBlock(hash)
	if err != nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	var spent [][]node.SpentOutput // per non-coinbase transaction
	if bi.Height > 0 {
		b, err := s.n.Block(hash)
		if err != nil {
			return restErr(http.StatusNotFound, hashStr+" undo not available")
		}
		all, ok, err := s.n.SpentOutputs(b)
		if err != nil || !ok {
			return restErr(http.StatusNotFound, hashStr+" undo not available")
		}
		spent = all[1:]
	}
	switch f {
	case formatBin, formatHex:
		var b []byte
		b = appendCompactSize(b, uint64(len(spent)+1))
		b = appendCompactSize(b, 0)
		for _, outs := range spent {
			b = appendCompactSize(b, uint64(len(outs)))
			for _, o := range outs {
				b = appendTxOut(b, o.Value, o.PkScript)
			}
		}
		if f == formatBin {
			return binReply(cacheImmutable, b)
		}
		return hexReply(cacheImmutable, b)
	case formatJSON:
		out := []any{[]any{}}
		for _, outs := range spent {
			list := make([]any, len(outs))
			for i, o := range outs {
				list[i] = prevoutJSON{Value: rpc.Amount(o.Value), ScriptPubKey: noderpc.ScriptPubKeyJSON(s.n, o.PkScript)}
			}
			out = append(out, list)
		}
		return jsonReply(cacheImmutable, out)
	}
	return formatNotFound()
}

// blockFilterTypes are the filter types Core knows (BlockFilterTypeByName).
var blockFilterTypes = map[string]bool{"basic": true}

// blockFilter is /blockfilter/<type>/<hash>. There is no block filter
// index, so a valid request gets Core's answer without one.
func (s *server) blockFilter(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, _ := parseDataFormat(req.part)
	parts := strings.Split(param, "/")
	if len(parts) != 2 {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/blockfilter/<filtertype>/<blockhash>")
	}
	if _, ok := parseHash(parts[1]); !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+parts[1])
	}
	if !blockFilterTypes[parts[0]] {
		return restErr(http.StatusBadRequest, "Unknown filtertype "+parts[0])
	}
	return restErr(http.StatusBadRequest, "Index is not enabled for filtertype "+parts[0])
}

// blockFilterHeaders is /blockfilterheaders/<type>/<hash>?count=<n> (or
// the deprecated /<type>/<count>/<hash>); without a filter index, Core's
// answer without one.
func (s *server) blockFilterHeaders(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, _ := parseDataFormat(req.part)
	parts := strings.Split(param, "/")
	rawHash, rawCount, ok := hashAndCount(req.uri, parts[1:])
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/blockfilterheaders/<filtertype>/<blockhash>.<ext>?count=<count>")
	}
	if _, r, ok := headerCount(rawCount); !ok {
		return r
	}
	if _, ok := parseHash(rawHash); !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+rawHash)
	}
	if !blockFilterTypes[parts[0]] {
		return restErr(http.StatusBadRequest, "Unknown filtertype "+parts[0])
	}
	return restErr(http.StatusBadRequest, "Index is not enabled for filtertype "+parts[0])
}
