package rest

import (
	"net/http"

	"github.com/bulkhead-btc/bulkhead/rpc/noderpc"
)

// jsonOnly is the answer for a format other than .json where only JSON is
// served.
func jsonOnly() reply {
	return restErr(http.StatusNotFound, "output format not found (available: json)")
}

// chainInfo is /chaininfo.json: getblockchaininfo's result.
func (s *server) chainInfo(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	if _, f := parseDataFormat(req.part); f != formatJSON {
		return jsonOnly()
	}
	return jsonReply(cacheNoStore, noderpc.BlockchainInfoJSON(s.n))
}

// mempool is /mempool/info.json (getmempoolinfo) and
// /mempool/contents.json?verbose=&mempool_sequence= (getrawmempool).
func (s *server) mempool(req *request) reply {
	if r, ok := s.checkWarmup(); !ok {
		return r
	}
	param, f := parseDataFormat(req.part)
	if param != "contents" && param != "info" {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/mempool/<info|contents>.json")
	}
	if f != formatJSON {
		return jsonOnly()
	}
	if param == "info" {
		return jsonReply(cacheNoStore, noderpc.MempoolInfoJSON(s.n))
	}
	verbose, ok := queryParam(req.uri, "verbose")
	if !ok {
		verbose = "true"
	}
	if verbose != "true" && verbose != "false" {
		return restErr(http.StatusBadRequest, `The "verbose" query parameter must be either "true" or "false".`)
	}
	withSeq, ok := queryParam(req.uri, "mempool_sequence")
	if !ok {
		withSeq = "false"
	}
	if withSeq != "true" && withSeq != "false" {
		return restErr(http.StatusBadRequest, `The "mempool_sequence" query parameter must be either "true" or "false".`)
	}
	if verbose == "true" && withSeq == "true" {
		return restErr(http.StatusBadRequest, `Verbose results cannot contain mempool sequence values. (hint: set "verbose=false")`)
	}
	return jsonReply(cacheNoStore, noderpc.MempoolJSON(s.n, verbose == "true", withSeq == "true"))
}
