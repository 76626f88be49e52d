package e2e

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
)

// restReply is one REST answer.
type restReply struct {
	status int
	header http.Header
	body   []byte
}

func restGet(t *testing.T, n *node, method, path string, body []byte) restReply {
	t.Helper()
	req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", n.Port, path), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return restReply{resp.StatusCode, resp.Header, b}
}

// want checks a REST answer: status, body, content type and caching.
func (r restReply) want(t *testing.T, what string, status int, body, contentType, cache string) {
	t.Helper()
	if r.status != status || string(r.body) != body {
		t.Fatalf("%s: %d %q, want %d %q", what, r.status, r.body, status, body)
	}
	if ct := r.header.Get("Content-Type"); contentType != "" && ct != contentType {
		t.Errorf("%s: Content-Type %q, want %q", what, ct, contentType)
	}
	if cc := r.header.Get("Cache-Control"); cc != cache {
		t.Errorf("%s: Cache-Control %q, want %q", what, cc, cache)
	}
	if cl := r.header.Get("Content-Length"); cl != fmt.Sprint(len(r.body)) {
		t.Errorf("%s: Content-Length %q for %d bytes", what, cl, len(r.body))
	}
}

// rawGet sends a request target as it is and returns the whole answer.
func rawGet(t *testing.T, n *node, target string) string {
	t.Helper()
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", n.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	b, _ := io.ReadAll(c)
	return string(b)
}

const (
	immutable = "public, immutable, max-age=86400"
	noStore   = "no-store"
)

// restCase is a request and Core's answer to it.
type restCase struct {
	path   string
	status int
	body   string
	ctype  string
	cache  string
}

func (c restCase) check(t *testing.T, n *node) {
	t.Helper()
	restGet(t, n, "GET", c.path, nil).want(t, c.path, c.status, c.body, c.ctype, c.cache)
}

// restErr is Core's RESTERR answer.
func restErr(path string, status int, text string) restCase {
	return restCase{path, status, text + "\r\n", "text/plain", noStore}
}

func rpcJSON(t *testing.T, n *node, method string, params ...any) string {
	t.Helper()
	return string(n.MustCall("", method, params...)) + "\n"
}

// TestRESTInterface runs every REST path in every format against a node
// with -rest, comparing with the RPC methods Core's REST shares its JSON
// with, and the bad requests with Core's statuses and texts.
func TestRESTInterface(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-disablewallet")
	// Without -rest there is no REST: 404 as any unknown path.
	restCase{"/rest/chaininfo.json", 404, "", "", ""}.check(t, n)
	n.Stop()
	n.Start("-disablewallet", "-rest")

	k := newTxKey(t)
	hashes := mineTo(t, n, 101, k.addr)
	in := coinbaseCoin(t, n, 1)
	tx, txHex := k.spend(t, in, 10_000)
	txid := send(t, n, txHex)
	tip := hashes[len(hashes)-1]
	unknown := strings.Repeat("0", 63) + "1"

	t.Run("tx", func(t *testing.T) {
		restCase{"/rest/tx/" + txid + ".json", 200, rpcJSON(t, n, "getrawtransaction", txid, 1), "application/json", noStore}.check(t, n)
		restCase{"/rest/tx/" + txid + ".hex", 200, txHex + "\n", "text/plain", noStore}.check(t, n)
		raw, _ := hex.DecodeString(txHex)
		restCase{"/rest/tx/" + txid + ".bin", 200, string(raw), "application/octet-stream", noStore}.check(t, n)
		restErr("/rest/tx/"+txid, 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
		restErr("/rest/tx/"+txid+".xml", 400, "Invalid hash: "+txid+".xml").check(t, n)
		restErr("/rest/tx/abc.json", 400, "Invalid hash: abc").check(t, n)
		restErr("/rest/tx/"+unknown+".json", 404, unknown+" not found").check(t, n)
		// No transaction index: a mined transaction is not found, as Core
		// without -txindex.
		var cb struct{ Tx []string }
		json.Unmarshal(n.MustCall("", "getblock", tip), &cb)
		restErr("/rest/tx/"+cb.Tx[0]+".json", 404, cb.Tx[0]+" not found").check(t, n)
	})

	t.Run("block", func(t *testing.T) {
		var rawHex string
		json.Unmarshal(n.MustCall("", "getblock", tip, 0), &rawHex)
		raw, _ := hex.DecodeString(rawHex)
		restCase{"/rest/block/" + tip + ".bin", 200, string(raw), "application/octet-stream", immutable}.check(t, n)
		restCase{"/rest/block/" + tip + ".hex", 200, rawHex + "\n", "text/plain", immutable}.check(t, n)
		restCase{"/rest/block/" + tip + ".json", 200, rpcJSON(t, n, "getblock", tip, 3), "application/json", noStore}.check(t, n)
		restCase{"/rest/block/notxdetails/" + tip + ".json", 200, rpcJSON(t, n, "getblock", tip, 1), "application/json", noStore}.check(t, n)
		restCase{"/rest/block/notxdetails/" + tip + ".hex", 200, rawHex + "\n", "text/plain", immutable}.check(t, n)
		restErr("/rest/block/"+tip, 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
		restErr("/rest/block/"+unknown+".bin", 404, unknown+" not found").check(t, n)
		restErr("/rest/block/xyz.json", 400, "Invalid hash: xyz").check(t, n)
		restCase{"/rest/blockpart/" + tip + ".bin?offset=0&size=80", 200, string(raw[:80]), "application/octet-stream", immutable}.check(t, n)
		restCase{"/rest/blockpart/" + tip + ".hex?offset=80&size=1", 200, hex.EncodeToString(raw[80:81]) + "\n", "text/plain", immutable}.check(t, n)
		restErr(fmt.Sprintf("/rest/blockpart/%s.bin?offset=%d&size=1", tip, len(raw)), 400, fmt.Sprintf("Bad block part offset/size %d/1 for %s", len(raw), tip)).check(t, n)
		restErr("/rest/blockpart/"+tip+".bin?offset=0&size=0", 400, "Bad block part offset/size 0/0 for "+tip).check(t, n)
		restErr("/rest/blockpart/"+tip+".bin?size=1", 400, "Block part offset missing or invalid").check(t, n)
		restErr("/rest/blockpart/"+tip+".bin?offset=1", 400, "Block part size missing or invalid").check(t, n)
		restErr("/rest/blockpart/"+tip+".json?offset=0&size=1", 400, "JSON output is not supported for this request type").check(t, n)
	})

	t.Run("headers", func(t *testing.T) {
		h1, h2 := hashes[len(hashes)-2], hashes[len(hashes)-1]
		want := "[" + strings.TrimSpace(rpcJSON(t, n, "getblockheader", h1)) + "," + strings.TrimSpace(rpcJSON(t, n, "getblockheader", h2)) + "]\n"
		restCase{"/rest/headers/" + h1 + ".json?count=5", 200, want, "application/json", noStore}.check(t, n)
		restCase{"/rest/headers/2/" + h1 + ".json", 200, want, "application/json", noStore}.check(t, n)
		var hdr1, hdr2 string
		json.Unmarshal(n.MustCall("", "getblockheader", h1, false), &hdr1)
		json.Unmarshal(n.MustCall("", "getblockheader", h2, false), &hdr2)
		restCase{"/rest/headers/" + h1 + ".hex?count=2", 200, hdr1 + hdr2 + "\n", "text/plain", noStore}.check(t, n)
		raw, _ := hex.DecodeString(hdr1)
		restCase{"/rest/headers/" + h1 + ".bin?count=1", 200, string(raw), "application/octet-stream", noStore}.check(t, n)
		restCase{"/rest/headers/" + unknown + ".json", 200, "[]\n", "application/json", noStore}.check(t, n)
		restErr("/rest/headers/"+h1+".json?count=0", 400, "Header count is invalid or out of acceptable range (1-2000): 0").check(t, n)
		restErr("/rest/headers/"+h1+".json?count=2001", 400, "Header count is invalid or out of acceptable range (1-2000): 2001").check(t, n)
		restErr("/rest/headers/"+h1+".json?count=-1", 400, "Header count is invalid or out of acceptable range (1-2000): -1").check(t, n)
		restErr("/rest/headers/1/2/"+h1+".json", 400, "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>").check(t, n)
		restErr("/rest/headers/nothex.json", 400, "Invalid hash: nothex").check(t, n)
		restErr("/rest/headers/"+h1+"?count=1", 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
	})

	t.Run("blockhashbyheight", func(t *testing.T) {
		h := hashes[0]
		restCase{"/rest/blockhashbyheight/1.json", 200, `{"blockhash":"` + h + `"}` + "\n", "application/json", noStore}.check(t, n)
		restCase{"/rest/blockhashbyheight/1.hex", 200, h + "\n", "text/plain", noStore}.check(t, n)
		hh, _ := chainhash.NewHashFromStr(h)
		restCase{"/rest/blockhashbyheight/1.bin", 200, string(hh[:]), "application/octet-stream", noStore}.check(t, n)
		restErr("/rest/blockhashbyheight/1000.json", 404, "Block height out of range").check(t, n)
		restErr("/rest/blockhashbyheight/-1.json", 400, "Invalid height: -1").check(t, n)
		// Characters outside Core's SAFE_CHARS_URI are left out of the
		// message (sent raw: Go's client would escape them).
		if got := rawGet(t, n, "/rest/blockhashbyheight/a<b>%20.json"); !strings.HasPrefix(got, "HTTP/1.1 400 ") || !strings.HasSuffix(got, "\r\n\r\nInvalid height: ab%20\r\n") {
			t.Fatalf("raw request: %q", got)
		}
		restErr("/rest/blockhashbyheight/1", 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
	})

	t.Run("chaininfo and mempool", func(t *testing.T) {
		r := restGet(t, n, "GET", "/rest/chaininfo.json", nil)
		var got, want map[string]any
		json.Unmarshal(r.body, &got)
		json.Unmarshal(n.MustCall("", "getblockchaininfo"), &want)
		delete(got, "size_on_disk")
		delete(want, "size_on_disk")
		if r.status != 200 || fmt.Sprint(got) != fmt.Sprint(want) || r.header.Get("Cache-Control") != noStore {
			t.Fatalf("chaininfo: %d %s, want %v", r.status, r.body, want)
		}
		restErr("/rest/chaininfo.bin", 404, "output format not found (available: json)").check(t, n)
		restCase{"/rest/mempool/info.json", 200, rpcJSON(t, n, "getmempoolinfo"), "application/json", noStore}.check(t, n)
		restCase{"/rest/mempool/contents.json", 200, rpcJSON(t, n, "getrawmempool", true), "application/json", noStore}.check(t, n)
		restCase{"/rest/mempool/contents.json?verbose=false", 200, rpcJSON(t, n, "getrawmempool", false), "application/json", noStore}.check(t, n)
		restCase{"/rest/mempool/contents.json?verbose=false&mempool_sequence=true", 200, rpcJSON(t, n, "getrawmempool", false, true), "application/json", noStore}.check(t, n)
		restErr("/rest/mempool/contents.json?mempool_sequence=true", 400, `Verbose results cannot contain mempool sequence values. (hint: set "verbose=false")`).check(t, n)
		restErr("/rest/mempool/contents.json?verbose=yes", 400, `The "verbose" query parameter must be either "true" or "false".`).check(t, n)
		restErr("/rest/mempool/contents.json?verbose=false&mempool_sequence=1", 400, `The "mempool_sequence" query parameter must be either "true" or "false".`).check(t, n)
		restErr("/rest/mempool/contents.hex", 404, "output format not found (available: json)").check(t, n)
		restErr("/rest/mempool/other.json", 400, "Invalid URI format. Expected /rest/mempool/<info|contents>.json").check(t, n)
	})

	t.Run("getutxos", func(t *testing.T) {
		spent := fmt.Sprintf("%s-%d", in.op.Hash, in.op.Index) // spent by the mempool tx
		created := txid + "-0"                                 // made by it
		type utxos struct {
			ChainHeight  int
			ChaintipHash string
			Bitmap       string
			UTXOs        []struct {
				Height int64
				Value  json.Number
			}
		}
		get := func(path string) utxos {
			r := restGet(t, n, "GET", path, nil)
			if r.status != 200 || r.header.Get("Cache-Control") != noStore {
				t.Fatalf("%s: %d %s", path, r.status, r.body)
			}
			var u utxos
			json.Unmarshal(r.body, &u)
			if u.ChainHeight != 101 || u.ChaintipHash != tip {
				t.Fatalf("%s: tip %d %s", path, u.ChainHeight, u.ChaintipHash)
			}
			return u
		}
		if u := get("/rest/getutxos/" + spent + "/" + created + ".json"); u.Bitmap != "10" || len(u.UTXOs) != 1 || u.UTXOs[0].Height != 1 || u.UTXOs[0].Value != "50.00000000" {
			t.Fatalf("without the mempool: %+v", u)
		}
		if u := get("/rest/getutxos/checkmempool/" + spent + "/" + created + ".json"); u.Bitmap != "01" || len(u.UTXOs) != 1 || u.UTXOs[0].Height != 0x7fffffff {
			t.Fatalf("with the mempool: %+v", u)
		}
		// Binary: height, tip, bitmap, then the coins (dummy version,
		// height, value, script).
		r := restGet(t, n, "GET", "/rest/getutxos/checkmempool/"+created+".bin", nil)
		b := r.body
		tipHash, _ := chainhash.NewHashFromStr(tip)
		wantHead := binary.LittleEndian.AppendUint32(nil, 101)
		wantHead = append(append(wantHead, tipHash[:]...), 1, 1, 1)
		wantHead = binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(wantHead, 0), 0x7fffffff)
		wantHead = binary.LittleEndian.AppendUint64(wantHead, uint64(tx.TxOut[0].Value))
		wantHead = append(append(wantHead, byte(len(k.script))), k.script...)
		if r.status != 200 || !bytes.Equal(b, wantHead) {
			t.Fatalf("getutxos .bin: %d %x, want %x", r.status, b, wantHead)
		}
		restCase{"/rest/getutxos/checkmempool/" + created + ".hex", 200, hex.EncodeToString(wantHead) + "\n", "text/plain", noStore}.check(t, n)
		// A POSTed body (Core reads it after a length prefix, see
		// rpc/rest): the answer still names the tip.
		post := restGet(t, n, "POST", "/rest/getutxos.bin", append([]byte{1, 1}, append(in.op.Hash[:], 0, 0, 0, 0)...))
		if post.status != 200 || binary.LittleEndian.Uint32(post.body) != 101 || !bytes.Equal(post.body[4:36], tipHash[:]) {
			t.Fatalf("POST getutxos: %d %x", post.status, post.body)
		}
		r = restGet(t, n, "POST", "/rest/getutxos/"+created+".bin", []byte{1})
		r.want(t, "URI and body", 400, "Combination of URI scheme inputs and raw post data is not allowed\r\n", "text/plain", noStore)
		restGet(t, n, "POST", "/rest/getutxos.bin", []byte{0xff}).want(t, "bad body", 400, "Parse error\r\n", "text/plain", noStore)
		restErr("/rest/getutxos.json", 400, "Error: empty request").check(t, n)
		restErr("/rest/getutxos/checkmempool.json", 400, "Error: empty request").check(t, n)
		for _, bad := range []string{txid + "_+1", txid + "-+1", txid + "--1", txid + "aa-1234", "aa-1234", txid + "-4294967296"} {
			restErr("/rest/getutxos/"+bad+".json", 400, "Parse error").check(t, n)
		}
		many := strings.TrimSuffix(strings.Repeat(created+"/", 16), "/")
		restErr("/rest/getutxos/checkmempool/"+many+".json", 400, "Error: max outpoints exceeded (max: 15, tried: 16)").check(t, n)
		fifteen := strings.TrimSuffix(strings.Repeat(created+"/", 15), "/")
		if r := restGet(t, n, "POST", "/rest/getutxos/checkmempool/"+fifteen+".json", nil); r.status != 200 {
			t.Fatalf("15 outpoints: %d %s", r.status, r.body)
		}
		restErr("/rest/getutxos/"+created, 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
	})

	t.Run("spenttxouts", func(t *testing.T) {
		blk := mineTo(t, n, 1, k.addr)[0]
		var genesis string
		json.Unmarshal(n.MustCall("", "getblockhash", 0), &genesis)
		restCase{"/rest/spenttxouts/" + genesis + ".json", 200, "[[]]\n", "application/json", immutable}.check(t, n)
		restCase{"/rest/spenttxouts/" + genesis + ".hex", 200, "0100\n", "text/plain", immutable}.check(t, n)
		var cb struct {
			Vout []struct {
				ScriptPubKey json.RawMessage
			}
		}
		json.Unmarshal(n.MustCall("", "getrawtransaction", in.op.Hash.String(), 1, hashes[0]), &cb)
		want := `[[],[{"value":50.00000000,"scriptPubKey":` + string(cb.Vout[0].ScriptPubKey) + `}]]` + "\n"
		restCase{"/rest/spenttxouts/" + blk + ".json", 200, want, "application/json", immutable}.check(t, n)
		bin := []byte{2, 0, 1}
		bin = binary.LittleEndian.AppendUint64(bin, uint64(in.value))
		bin = append(append(bin, byte(len(k.script))), k.script...)
		restCase{"/rest/spenttxouts/" + blk + ".bin", 200, string(bin), "application/octet-stream", immutable}.check(t, n)
		restErr("/rest/spenttxouts/"+unknown+".json", 404, unknown+" not found").check(t, n)
		restErr("/rest/spenttxouts/"+blk+"/x.json", 400, "Invalid URI format. Expected /rest/spenttxouts/<hash>.<ext>").check(t, n)
		restErr("/rest/spenttxouts/zz.json", 400, "Invalid hash: zz").check(t, n)
		restErr("/rest/spenttxouts/"+blk, 404, "output format not found (available: .bin, .hex, .json)").check(t, n)
		// A block no longer in the active chain: btcd keeps no undo data
		// for it.
		n.MustCall("", "invalidateblock", blk)
		restErr("/rest/spenttxouts/"+blk+".json", 404, blk+" undo not available").check(t, n)
		n.MustCall("", "reconsiderblock", blk)
	})

	t.Run("blockfilter", func(t *testing.T) {
		// No block filter index: Core's answers without one.
		restErr("/rest/blockfilter/basic/"+tip+".json", 400, "Index is not enabled for filtertype basic").check(t, n)
		restErr("/rest/blockfilter/extended/"+tip+".json", 400, "Unknown filtertype extended").check(t, n)
		restErr("/rest/blockfilter/basic/xx.json", 400, "Invalid hash: xx").check(t, n)
		restErr("/rest/blockfilter/basic.json", 400, "Invalid URI format. Expected /rest/blockfilter/<filtertype>/<blockhash>").check(t, n)
		restErr("/rest/blockfilterheaders/basic/"+tip+".json", 400, "Index is not enabled for filtertype basic").check(t, n)
		restErr("/rest/blockfilterheaders/basic/3/"+tip+".hex", 400, "Index is not enabled for filtertype basic").check(t, n)
		restErr("/rest/blockfilterheaders/basic/"+tip+".json?count=0", 400, "Header count is invalid or out of acceptable range (1-2000): 0").check(t, n)
		restErr("/rest/blockfilterheaders/basic.json", 400, "Invalid URI format. Expected /rest/blockfilterheaders/<filtertype>/<blockhash>.<ext>?count=<count>").check(t, n)
	})

	// Unknown paths are 404 with no body; REST needs no credentials but
	// -rpcallowip still applies (only loopback here).
	restCase{"/rest/nosuch/x.json", 404, "", "", ""}.check(t, n)
	restCase{"/rest/deploymentinfo.json", 404, "", "", ""}.check(t, n)
	n.Stop()
}
