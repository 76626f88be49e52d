package rest

import (
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"

	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// Limits, as Core's.
const (
	maxGetUTXOsOutpoints = 15   // MAX_GETUTXOS_OUTPOINTS
	maxHeadersResults    = 2000 // MAX_REST_HEADERS_RESULTS
)

// Cache-Control values, as Core's.
const (
	cacheImmutable = "public, immutable, max-age=86400"
	cacheNoStore   = "no-store"
)

// Config configures the REST handlers.
type Config struct {
	Node *node.Node
	// Warmup reports whether the node is still starting and its status
	// (rpc.Server.Warmup).
	Warmup func() (bool, string)
	// Logger receives the "http" category lines; nil discards them.
	Logger *slog.Logger
}

// server holds the handlers' dependencies.
type server struct {
	n      *node.Node
	warmup func() (bool, string)
	log    *slog.Logger
}

// handlerFunc handles the URI part after its prefix.
type handlerFunc func(s *server, req *request) reply

// prefixes are Core's uri_prefixes, in its order.
var prefixes = []struct {
	prefix string
	h      handlerFunc
}{
	{"/rest/tx/", (*server).tx},
	{"/rest/block/notxdetails/", (*server).blockNoTxDetails},
	{"/rest/block/", (*server).blockExtended},
	{"/rest/blockpart/", (*server).blockPart},
	{"/rest/blockfilter/", (*server).blockFilter},
	{"/rest/blockfilterheaders/", (*server).blockFilterHeaders},
	{"/rest/chaininfo", (*server).chainInfo},
	{"/rest/mempool/", (*server).mempool},
	{"/rest/headers/", (*server).headers},
	{"/rest/getutxos", (*server).getUTXOs},
	{"/rest/blockhashbyheight/", (*server).blockHashByHeight},
	{"/rest/spenttxouts/", (*server).spentTxOuts},
}

// Register adds the REST handlers to srv (Core's StartREST); the returned
// function removes them (StopREST).
func Register(srv *rpc.Server, cfg *Config) (unregister func()) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{n: cfg.Node, warmup: cfg.Warmup, log: log}
	var undo []func()
	for _, p := range prefixes {
		h := p.h
		undo = append(undo, srv.HandlePrefix(p.prefix, func(w http.ResponseWriter, r *http.Request, body []byte, path string) {
			s.serve(w, r, body, path, h)
		}))
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// request is one REST request.
type request struct {
	uri  string // the whole request URI
	part string // the URI after the handler's prefix
	body []byte
}

// reply is a handler's answer.
type reply struct {
	status      int
	cache       string
	contentType string
	body        []byte
}

// serve runs a handler; a panic becomes Core's answer to an exception: 500
// with its text and the connection closed.
func (s *server) serve(w http.ResponseWriter, r *http.Request, body []byte, path string, h handlerFunc) {
	rep, ok := func() (rep reply, ok bool) {
		defer func() {
			if p := recover(); p != nil {
				s.log.Warn(fmt.Sprintf("Unexpected error while processing request for '%s'. Error msg: '%v'", r.RequestURI, p))
				rep, ok = reply{status: http.StatusInternalServerError, cache: cacheNoStore, body: []byte(fmt.Sprint(p))}, false
			}
		}()
		return h(s, &request{uri: r.RequestURI, part: path, body: body}), true
	}()
	hdr := w.Header()
	if !ok {
		hdr.Set("Connection", "close")
	}
	hdr.Set("Cache-Control", rep.cache)
	if rep.contentType != "" {
		hdr.Set("Content-Type", rep.contentType)
	}
	hdr.Set("Content-Length", strconv.Itoa(len(rep.body)))
	w.WriteHeader(rep.status)
	if r.Method != http.MethodHead {
		w.Write(rep.body)
	}
}

// restErr is Core's RESTERR: the status and the message as plain text.
func restErr(status int, msg string) reply {
	return reply{status: status, cache: cacheNoStore, contentType: "text/plain", body: []byte(msg + "\r\n")}
}

func binReply(cache string, b []byte) reply {
	return reply{status: http.StatusOK, cache: cache, contentType: "application/octet-stream", body: b}
}

func hexReply(cache string, b []byte) reply {
	return reply{status: http.StatusOK, cache: cache, contentType: "text/plain", body: []byte(hex.EncodeToString(b) + "\n")}
}

// jsonReply writes v as Core's UniValue does, with a newline.
func jsonReply(cache string, v any) reply {
	text, err := rpc.MarshalCore(v)
	if err != nil {
		panic(err)
	}
	return reply{status: http.StatusOK, cache: cache, contentType: "application/json", body: []byte(text + "\n")}
}

// checkWarmup is Core's CheckWarmup: 503 while the node starts.
func (s *server) checkWarmup() (reply, bool) {
	if s.warmup != nil {
		if in, status := s.warmup(); in {
			return restErr(http.StatusServiceUnavailable, "Service temporarily unavailable: "+status), false
		}
	}
	return reply{}, true
}

// format is a requested response format.
type format int

const (
	formatUndef format = iota
	formatBin
	formatHex
	formatJSON
)

// availableFormats is Core's AvailableDataFormatsString.
const availableFormats = ".bin, .hex, .json"

func formatNotFound() reply {
	return restErr(http.StatusNotFound, "output format not found (available: "+availableFormats+")")
}

// parseDataFormat is Core's ParseDataFormat: the query string (from the
// last '?') is dropped, and a known extension after the last '.' ("bin",
// "hex", "json", or none after a trailing dot) is split off.
func parseDataFormat(part string) (string, format) {
	param := part
	if i := strings.LastIndexByte(param, '?'); i >= 0 {
		param = param[:i]
	}
	dot := strings.LastIndexByte(param, '.')
	if dot < 0 {
		return param, formatUndef
	}
	switch param[dot+1:] {
	case "":
		return param[:dot], formatUndef
	case "bin":
		return param[:dot], formatBin
	case "hex":
		return param[:dot], formatHex
	case "json":
		return param[:dot], formatJSON
	}
	return param, formatUndef
}

// queryParam is Core's GetQueryParameterFromUri: the first parameter named
// key in the URI's query (up to '#'), URL-decoded; "" when it has no '='.
func queryParam(uri, key string) (string, bool) {
	start := strings.IndexByte(uri, '?')
	if start < 0 {
		return "", false
	}
	query := uri[start+1:]
	if end := strings.IndexByte(query, '#'); end >= 0 {
		query = query[:end]
	}
	for _, p := range strings.Split(query, "&") {
		name, value, hasValue := strings.Cut(p, "=")
		if rpc.URLDecode(name) != key {
			continue
		}
		if !hasValue {
			return "", true
		}
		return rpc.URLDecode(value), true
	}
	return "", false
}

// parseHash is Core's uint256::FromHex: exactly 64 hex digits, in display
// order.
func parseHash(s string) (chainhash.Hash, bool) {
	if len(s) != 64 {
		return chainhash.Hash{}, false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return chainhash.Hash{}, false
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, false
	}
	return *h, true
}

// parseUint is Core's ToIntegral for an unsigned type of bits bits:
// decimal digits only, in range.
func parseUint(s string, bits int) (uint64, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, bits)
	return v, err == nil
}

// parseInt32 is Core's ToIntegral<int32_t>: an optional '-', then decimal
// digits, in range.
func parseInt32(s string) (int32, bool) {
	if s == "" || s[0] == '+' {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 32)
	return int32(v), err == nil
}

// safeURIChars is Core's SAFE_CHARS_URI.
const safeURIChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*'();:@&=+$,/?#[]-_.~%"

// sanitizeURI is Core's SanitizeString(s, SAFE_CHARS_URI).
func sanitizeURI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(safeURIChars, s[i]) >= 0 {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
