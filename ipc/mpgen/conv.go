package mpgen

// convPkg holds the hand-written conversions between Bitcoin objects and
// their Bitcoin serialization.
const convPkg = "github.com/bulkhead-btc/bulkhead/ipc/capnp/conv"

// convInfo maps a $Mp.conv name to a Go type and the functions that turn it
// into Data and back.
type convInfo struct {
	goType string   // Go type, qualified with the import's name
	imp    goImport // import the Go type needs
	encode string   // func(T) ([]byte, error)
	decode string   // func([]byte) (T, error)
}

type goImport struct{ name, path string }

var (
	wireImport      = goImport{"wire", "github.com/btcsuite/btcd/wire/v2"}
	chainhashImport = goImport{"chainhash", "github.com/btcsuite/btcd/chainhash/v2"}
)

// convs is the table of Bitcoin object conversions. Adding a kind means a row
// here and the two functions in ipc/capnp/conv.
var convs = map[string]convInfo{
	"tx":       {"*wire.MsgTx", wireImport, "conv.Tx", "conv.ParseTx"},
	"block":    {"*wire.MsgBlock", wireImport, "conv.Block", "conv.ParseBlock"},
	"header":   {"wire.BlockHeader", wireImport, "conv.Header", "conv.ParseHeader"},
	"outpoint": {"wire.OutPoint", wireImport, "conv.OutPoint", "conv.ParseOutPoint"},
	"hash":     {"chainhash.Hash", chainhashImport, "conv.Hash", "conv.ParseHash"},
	"script":   {"[]byte", goImport{}, "conv.Script", "conv.ParseScript"},
}
