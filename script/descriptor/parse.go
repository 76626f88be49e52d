package descriptor

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
)

// context is where an expression sits, as Core's ParseScriptContext.
type context int

const (
	ctxTop context = iota
	ctxP2SH
	ctxP2WPKH
	ctxP2WSH
	ctxP2TR
)

// Limits from Core's script and policy code.
const (
	maxScriptElementSize   = 520
	maxStandardP2WSHScript = 3600
	maxPubkeysPerMultisig  = 16
	maxBareMultisigPubkeys = 3
)

// checkChecksum is Core's CheckChecksum: it splits off and verifies the
// "#checksum" and returns the payload.
func checkChecksum(s string, require bool) (string, error) {
	parts := strings.Split(s, "#")
	if len(parts) > 2 {
		return "", &Error{Kind: ErrChecksum, Description: "Multiple '#' symbols"}
	}
	if len(parts) == 1 && require {
		return "", &Error{Kind: ErrChecksum, Description: "Missing checksum"}
	}
	if len(parts) == 2 && len(parts[1]) != 8 {
		return "", &Error{Kind: ErrChecksum, Description: fmt.Sprintf("Expected 8 character checksum, not %d characters", len(parts[1]))}
	}
	sum := Checksum(parts[0])
	if sum == "" {
		return "", &Error{Kind: ErrChecksum, Description: "Invalid characters in payload"}
	}
	if len(parts) == 2 && parts[1] != sum {
		return "", &Error{Kind: ErrChecksum, Description: fmt.Sprintf("Provided checksum '%s' does not match computed checksum '%s'", parts[1], sum)}
	}
	return parts[0], nil
}

// Parse parses a descriptor for a network (which decides the WIF, extended
// key and address encodings), verifying its "#checksum" when present, as
// Core's Parse with require_checksum false. Errors carry Core's messages.
func Parse(desc string, net *chaincfg.Params) (*Descriptor, error) {
	return parse(desc, net, false)
}

// ParseWithChecksum is Parse requiring the checksum ("Missing checksum"),
// as importdescriptors does.
func ParseWithChecksum(desc string, net *chaincfg.Params) (*Descriptor, error) {
	return parse(desc, net, true)
}

func parse(desc string, net *chaincfg.Params, require bool) (*Descriptor, error) {
	payload, err := checkChecksum(desc, require)
	if err != nil {
		return nil, err
	}
	root, err := parseScript(payload, ctxTop, net)
	if err != nil {
		return nil, err
	}
	return &Descriptor{root: root, net: net}, nil
}

// splitFunc splits "name(args)" into name and args.
func splitFunc(s string) (name, args string, ok bool) {
	i := strings.IndexByte(s, '(')
	if i <= 0 || !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	return s[:i], s[i+1 : len(s)-1], true
}

// splitArgs splits on commas outside parentheses and braces.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// balanced reports whether parentheses close in order.
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// parseScript is Core's ParseScript for one expression in a context.
func parseScript(s string, ctx context, net *chaincfg.Params) (*node, error) {
	name, args, ok := splitFunc(s)
	if !ok || !balanced(args) {
		return nil, notAFunction(s, ctx)
	}
	keyArg := func(nodeKind string, kctx context) (*node, error) {
		k, err := parseKey(args, kctx, net)
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeKind, keys: []*keyExpr{k}}, nil
	}
	switch name {
	case "pk", "pkh":
		if ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH {
			return keyArg(name, ctx)
		}
	case "combo":
		if ctx != ctxTop {
			return nil, parseErr("Can only have combo() at top level")
		}
		return keyArg(name, ctx)
	case "wpkh":
		if ctx != ctxTop && ctx != ctxP2SH {
			return nil, parseErr("Can only have wpkh() at top level or inside sh()")
		}
		return keyArg(name, ctxP2WPKH)
	case "sh":
		if ctx != ctxTop {
			return nil, parseErr("Can only have sh() at top level")
		}
		sub, err := parseScript(args, ctxP2SH, net)
		if err != nil {
			return nil, err
		}
		return &node{kind: "sh", sub: sub}, nil
	case "wsh":
		if ctx != ctxTop && ctx != ctxP2SH {
			return nil, parseErr("Can only have wsh() at top level or inside sh()")
		}
		sub, err := parseScript(args, ctxP2WSH, net)
		if err != nil {
			return nil, err
		}
		return &node{kind: "wsh", sub: sub}, nil
	case "multi", "sortedmulti":
		if ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH {
			return parseMulti(name, args, ctx, net)
		}
	case "tr":
		if ctx != ctxTop {
			return nil, parseErr("Can only have tr at top level")
		}
		parts := splitArgs(args)
		if len(parts) > 1 {
			return nil, parseErr("tr(): script trees are not supported, only key-path tr(KEY)")
		}
		return keyArg("tr", ctxP2TR)
	case "addr":
		if ctx != ctxTop {
			return nil, parseErr("Can only have addr() at top level")
		}
		script, err := DecodeAddress(args, net)
		if err != nil {
			return nil, parseErr("Address is not valid")
		}
		a, _ := EncodeAddress(script, net)
		if a == "" {
			a = args
		}
		return &node{kind: "addr", script: script, addr: a}, nil
	case "raw":
		if ctx != ctxTop {
			return nil, parseErr("Can only have raw() at top level")
		}
		script, err := hex.DecodeString(args)
		if err != nil {
			return nil, parseErr("Raw script is not hex")
		}
		return &node{kind: "raw", script: script}, nil
	}
	return nil, notAFunction(s, ctx)
}

func notAFunction(s string, ctx context) error {
	switch ctx {
	case ctxP2SH:
		return parseErr("A function is needed within P2SH")
	case ctxP2WSH:
		return parseErr("A function is needed within P2WSH")
	}
	return parseErr(fmt.Sprintf("'%s' is not a valid descriptor function", s))
}

func parseMulti(name, args string, ctx context, net *chaincfg.Params) (*node, error) {
	parts := splitArgs(args)
	thres, err := strconv.ParseUint(parts[0], 10, 32)
	if err != nil || parts[0][0] == '+' {
		return nil, parseErr(fmt.Sprintf("Multi threshold '%s' is not valid", parts[0]))
	}
	n := &node{kind: name, threshold: int(thres)}
	scriptSize := 0
	for _, p := range parts[1:] {
		k, err := parseKey(p, ctx, net)
		if err != nil {
			return nil, err
		}
		size := 33
		if k.uncompressed {
			size = 65
		}
		scriptSize += size + 1
		n.keys = append(n.keys, k)
	}
	switch {
	case len(n.keys) == 0 || len(n.keys) > maxPubkeysPerMultisig:
		return nil, parseErr(fmt.Sprintf("Cannot have %d keys in multisig; must have between 1 and %d keys, inclusive", len(n.keys), maxPubkeysPerMultisig))
	case thres < 1:
		return nil, parseErr(fmt.Sprintf("Multisig threshold cannot be %d, must be at least 1", thres))
	case int(thres) > len(n.keys):
		return nil, parseErr(fmt.Sprintf("Multisig threshold cannot be larger than the number of keys; threshold is %d but only %d keys specified", thres, len(n.keys)))
	case ctx == ctxTop && len(n.keys) > maxBareMultisigPubkeys:
		return nil, parseErr(fmt.Sprintf("Cannot have %d pubkeys in bare multisig; only at most %d pubkeys", len(n.keys), maxBareMultisigPubkeys))
	case ctx == ctxP2SH && scriptSize+3 > maxScriptElementSize:
		return nil, parseErr(fmt.Sprintf("P2SH script is too large, %d bytes is larger than %d bytes", scriptSize+3, maxScriptElementSize))
	case ctx == ctxP2WSH && scriptSize+3 > maxStandardP2WSHScript:
		return nil, parseErr(fmt.Sprintf("P2WSH script is too large, %d bytes is larger than %d bytes", scriptSize+3, maxStandardP2WSHScript))
	}
	return n, nil
}
