package cli

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
)

// FuzzConvert runs command-line arguments through both conversions: they
// must never panic and always give a request that parses.
func FuzzConvert(f *testing.F) {
	f.Add("createwallet", "my=wallet\ndescriptors=true")
	f.Add("getblockstats", "000000\n[\"minfee\"]")
	f.Add("echojson", "[1,2]\n{\"a\":1}\n=\nargs=[1]")
	f.Fuzz(func(t *testing.T, method, joined string) {
		args := strings.Split(joined, "\n")
		for _, named := range []bool{false, true} {
			req, err := defaultHandler{named: named, id: "1"}.prepare(method, args)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "Error parsing JSON: ") {
					t.Fatalf("unexpected error %v", err)
				}
				continue
			}
			// Arguments are passed byte for byte, as Core does, so only
			// valid UTF-8 input must give a request that parses.
			if utf8.ValidString(method) && utf8.ValidString(joined) && !univalue.Valid([]byte(req.Write(0))) {
				t.Fatalf("invalid request %s", req.Write(0))
			}
		}
	})
}
