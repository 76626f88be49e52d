package rest

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"testing"

	wire "github.com/btcsuite/btcd/wire/v2"
)

func TestParseDataFormat(t *testing.T) {
	for _, c := range []struct {
		in, param string
		f         format
	}{
		{"abc.json", "abc", formatJSON},
		{"abc.bin?x=1.hex", "abc", formatBin},
		{"abc.hex", "abc", formatHex},
		{"abc.", "abc", formatUndef},
		{"abc.xml", "abc.xml", formatUndef},
		{"abc", "abc", formatUndef},
		{"a.b.json?q", "a.b", formatJSON},
		{"?a.json", "", formatUndef},
	} {
		if p, f := parseDataFormat(c.in); p != c.param || f != c.f {
			t.Errorf("parseDataFormat(%q) = %q %d, want %q %d", c.in, p, f, c.param, c.f)
		}
	}
}

func TestQueryParam(t *testing.T) {
	uri := "/rest/x.json?count=3&count=4&flag&v=a%20b+c#count=9"
	for _, c := range []struct {
		key, want string
		ok        bool
	}{{"count", "3", true}, {"flag", "", true}, {"v", "a b+c", true}, {"none", "", false}} {
		if got, ok := queryParam(uri, c.key); got != c.want || ok != c.ok {
			t.Errorf("queryParam(%q) = %q %v", c.key, got, ok)
		}
	}
	if _, ok := queryParam("/rest/x.json", "count"); ok {
		t.Error("a parameter without a query")
	}
}

// TestWarmup: every endpoint answers 503 with the warmup status while the
// node starts (no node is needed to say so).
func TestWarmup(t *testing.T) {
	s := &server{warmup: func() (bool, string) { return true, "Loading block index…" }}
	for _, p := range prefixes {
		if p.prefix == "/rest/blockpart/" {
			continue // checks its query first, as Core's
		}
		r := p.h(s, &request{uri: p.prefix + "x.json", part: "x.json"})
		if r.status != http.StatusServiceUnavailable || string(r.body) != "Service temporarily unavailable: Loading block index…\r\n" || r.cache != cacheNoStore {
			t.Errorf("%s: %d %q", p.prefix, r.status, r.body)
		}
	}
}

// TestUTXORequestBody: a POSTed body is read as Core reads it, after the
// length prefix Core's stream adds: the BIP64 flag byte becomes the
// outpoint count.
func TestUTXORequestBody(t *testing.T) {
	op := wire.OutPoint{Index: 7}
	op.Hash[0] = 0xaa
	body := []byte{0} // read as the count: no outpoints
	check, ops, ok := parseUTXORequest(body)
	if !ok || !check || len(ops) != 0 {
		t.Fatalf("one zero byte: %v %v %v", check, ops, ok)
	}
	body = append([]byte{1}, op.Hash[:]...) // count 1, then 36 bytes
	body = binary.LittleEndian.AppendUint32(body, op.Index)
	check, ops, ok = parseUTXORequest(body)
	if !ok || !check || len(ops) != 1 || ops[0] != op {
		t.Fatalf("count and outpoint: %v %v %v", check, ops, ok)
	}
	if _, _, ok := parseUTXORequest([]byte{2, 1}); ok {
		t.Fatal("a short body parsed")
	}
	if _, _, ok := parseUTXORequest([]byte{0xfd, 0x01, 0x00}); ok {
		t.Fatal("a non-canonical count parsed")
	}
	if got := parseHex([]byte(" 0a 1B\n")); !bytes.Equal(got, []byte{0x0a, 0x1b}) {
		t.Fatalf("parseHex = %x", got)
	}
	if got := parseHex([]byte("0a1")); got != nil {
		t.Fatalf("odd hex parsed: %x", got)
	}
}

func TestCompactSize(t *testing.T) {
	for _, n := range []uint64{0, 0xfc, 0xfd, 0xffff, 0x10000, 0x2000000} {
		b := appendCompactSize(nil, n)
		got, ok := readCompactSize(bytes.NewReader(b))
		if !ok || got != n {
			t.Errorf("%d: %x read back as %d %v", n, b, got, ok)
		}
	}
	if _, ok := readCompactSize(bytes.NewReader(appendCompactSize(nil, 0x2000001))); ok {
		t.Error("a size above MAX_SIZE read")
	}
}
