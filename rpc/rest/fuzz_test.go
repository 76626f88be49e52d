package rest

import "testing"

// FuzzRequestParsing feeds request URIs and bodies to the parsers REST
// applies to outside input; none may panic.
func FuzzRequestParsing(f *testing.F) {
	f.Add("/rest/getutxos/checkmempool/aa-1.json?count=2&x", []byte{1, 2, 3})
	f.Add("abc.bin?x=%zz#y", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add(".", []byte("0a 0b"))
	f.Fuzz(func(t *testing.T, uri string, body []byte) {
		parseDataFormat(uri)
		queryParam(uri, "count")
		parseHash(uri)
		parseUint(uri, 32)
		parseInt32(uri)
		sanitizeURI(uri)
		parseUTXORequest(body)
		parseHex(body)
	})
}
