package noderpc

import (
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc"
)

// resType is the type of one element of a result description, as Core's
// RPCResult::Type.
type resType int

const (
	rStr resType = iota
	rStrHex
	rStrAmount
	rNum
	rNumTime
	rBool
	rNone
	rObj
	rObjDyn
	rArr
	rArrFixed
	rElision
)

// res describes (part of) a method's result for help, as Core's RPCResult.
type res struct {
	typ   resType
	key   string
	desc  string
	opt   bool
	inner []res
}

// cond is one "Result (condition):" block of a help text.
type cond struct {
	when string
	r    res
}

// results renders result blocks as Core's RPCResults::ToDescription.
func results(blocks ...cond) string {
	var b strings.Builder
	for _, c := range blocks {
		if c.when == "" {
			b.WriteString("\nResult:\n")
		} else {
			b.WriteString("\nResult (" + c.when + "):\n")
		}
		var secs sections
		c.r.sections(&secs, outerNone, 0)
		b.WriteString(secs.String())
	}
	return b.String()
}

// sections are Core's Sections: left/right pairs aligned to the longest
// left part pushed, a width taken before Core drops the comma of a last
// element (so that comma still counts).
type sections struct {
	list []rpc.Section
	pad  int
}

func (s *sections) push(left, right string) {
	s.list = append(s.list, rpc.Section{Left: left, Right: right})
	s.pad = max(s.pad, len(left))
}

// String is Core's Sections::ToString.
func (s *sections) String() string {
	pad := s.pad + 4
	var b strings.Builder
	for _, sec := range s.list {
		if sec.Right == "" {
			b.WriteString(sec.Left + "\n")
			continue
		}
		b.WriteString(sec.Left + strings.Repeat(" ", pad-len(sec.Left)))
		for i, l := range strings.Split(sec.Right, "\n") {
			if i > 0 {
				b.WriteString("\n" + strings.Repeat(" ", pad))
				l = strings.TrimLeft(l, " ")
			}
			b.WriteString(l)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// result renders a single unconditional result.
func result(r res) string { return results(cond{r: r}) }

type outer int

const (
	outerNone outer = iota
	outerArr
	outerObj
)

// sections is Core's RPCResult::ToSections.
func (r res) sections(secs *sections, o outer, indent int) {
	ind := strings.Repeat(" ", indent)
	next := strings.Repeat(" ", indent+2)
	sep := ""
	if o != outerNone {
		sep = ","
	}
	key := ""
	if o == outerObj {
		key = `"` + r.key + `" : `
	}
	describe := func(t string) string {
		s := "(" + t
		if r.opt {
			s += ", optional"
		}
		s += ")"
		if r.desc != "" {
			s += " " + r.desc
		}
		return s
	}
	push := secs.push
	dropComma := func() {
		last := &secs.list[len(secs.list)-1]
		last.Left = strings.TrimSuffix(last.Left, ",")
	}
	switch r.typ {
	case rElision:
		push(ind+"..."+sep, r.desc)
	case rNone:
		push(ind+"null"+sep, describe("json null"))
	case rStr:
		push(ind+key+`"str"`+sep, describe("string"))
	case rStrAmount, rNum:
		push(ind+key+"n"+sep, describe("numeric"))
	case rStrHex:
		push(ind+key+`"hex"`+sep, describe("string"))
	case rNumTime:
		push(ind+key+"xxx"+sep, describe("numeric"))
	case rBool:
		push(ind+key+"true|false"+sep, describe("boolean"))
	case rArr, rArrFixed:
		push(ind+key+"[", describe("json array"))
		for _, in := range r.inner {
			in.sections(secs, outerArr, indent+2)
		}
		if r.typ == rArr && r.inner[len(r.inner)-1].typ != rElision {
			push(next+"...", "")
		} else {
			dropComma()
		}
		push(ind+"]"+sep, "")
	case rObj, rObjDyn:
		if len(r.inner) == 0 {
			push(ind+key+"{}", describe("empty JSON object"))
			return
		}
		push(ind+key+"{", describe("json object"))
		for _, in := range r.inner {
			in.sections(secs, outerObj, indent+2)
		}
		if r.typ == rObjDyn && r.inner[len(r.inner)-1].typ != rElision {
			push(next+"...", "")
		} else {
			dropComma()
		}
		push(ind+"}"+sep, "")
	}
}

// Documentation shared by several methods (Core's rpc/util and
// rawtransaction docs).
const (
	unixEpochTime = "UNIX epoch time"
	currencyUnit  = "BTC"
	// allOutputTypes is Core's GetAllOutputTypes().
	allOutputTypes = "nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown"
)

func scriptPubKeyDoc() []res {
	return []res{
		{typ: rStr, key: "asm", desc: "Disassembly of the output script"},
		{typ: rStr, key: "desc", desc: "Inferred descriptor for the output"},
		{typ: rStrHex, key: "hex", desc: "The raw output script bytes, hex-encoded"},
		{typ: rStr, key: "address", opt: true, desc: "The Bitcoin address (only if a well-defined address exists)"},
		{typ: rStr, key: "type", desc: "The type (one of: " + allOutputTypes + ")"},
	}
}

// decodeTxDoc is Core's DecodeTxDoc.
func decodeTxDoc(txidDoc string) []res {
	return []res{
		{typ: rStrHex, key: "txid", desc: txidDoc},
		{typ: rStrHex, key: "hash", desc: "The transaction hash (differs from txid for witness transactions)"},
		{typ: rNum, key: "size", desc: "The serialized transaction size"},
		{typ: rNum, key: "vsize", desc: "The virtual transaction size (differs from size for witness transactions)"},
		{typ: rNum, key: "weight", desc: "The transaction's weight (between vsize*4-3 and vsize*4)"},
		{typ: rNum, key: "version", desc: "The version"},
		{typ: rNumTime, key: "locktime", desc: "The lock time"},
		{typ: rArr, key: "vin", inner: []res{{typ: rObj, inner: []res{
			{typ: rStrHex, key: "coinbase", opt: true, desc: "The coinbase value (only if coinbase transaction)"},
			{typ: rStrHex, key: "txid", opt: true, desc: "The transaction id (if not coinbase transaction)"},
			{typ: rNum, key: "vout", opt: true, desc: "The output number (if not coinbase transaction)"},
			{typ: rObj, key: "scriptSig", opt: true, desc: "The script (if not coinbase transaction)", inner: []res{
				{typ: rStr, key: "asm", desc: "Disassembly of the signature script"},
				{typ: rStrHex, key: "hex", desc: "The raw signature script bytes, hex-encoded"},
			}},
			{typ: rArr, key: "txinwitness", opt: true, inner: []res{
				{typ: rStrHex, key: "hex", desc: "hex-encoded witness data (if any)"},
			}},
			{typ: rNum, key: "sequence", desc: "The script sequence number"},
		}}}},
		{typ: rArr, key: "vout", inner: []res{{typ: rObj, inner: []res{
			{typ: rStrAmount, key: "value", desc: "The value in " + currencyUnit},
			{typ: rNum, key: "n", desc: "index"},
			{typ: rObj, key: "scriptPubKey", inner: scriptPubKeyDoc()},
		}}}},
	}
}

// prevoutDoc is the "prevout" object of verbosity 2/3 outputs.
func prevoutDoc(desc string, opt bool) res {
	return res{typ: rObj, key: "prevout", opt: opt, desc: desc, inner: []res{
		{typ: rBool, key: "generated", desc: "Coinbase or not"},
		{typ: rNum, key: "height", desc: "The height of the prevout"},
		{typ: rStrAmount, key: "value", desc: "The value in " + currencyUnit},
		{typ: rObj, key: "scriptPubKey", inner: scriptPubKeyDoc()},
	}}
}

// warningsDoc is the "warnings" array of getblockchaininfo and
// getnetworkinfo (without -deprecatedrpc=warnings).
var warningsDoc = res{typ: rArr, key: "warnings",
	desc:  "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the latest warning as a single string)",
	inner: []res{{typ: rStr, desc: "warning"}}}

// examples joins Core's HelpExampleCli and HelpExampleRpc lines for
// method with the given argument texts.
func examples(method, cli, rpcArgs string) string {
	return rpc.HelpExampleCli(method, cli) + rpc.HelpExampleRpc(method, rpcArgs)
}
