package univalue

import "errors"

// maxDepth is UniValue's MAX_JSON_DEPTH: deeper nesting does not parse.
const maxDepth = 512

// ErrSyntax is returned by Parse for any input UniValue::read rejects.
var ErrSyntax = errors.New("univalue: invalid JSON")

// Parse reads one JSON value, surrounded by optional whitespace, with
// UniValue::read's rules: any value at the top level, numbers kept as text,
// strings validated as UTF-8 with UTF-16 surrogate pairs collated, objects in
// order with duplicate keys kept, at most 512 levels of nesting.
func Parse(data []byte) (Value, error) {
	p := parser{data: data}
	p.skipSpace()
	v, ok := p.value(0)
	if !ok {
		return Value{}, ErrSyntax
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return Value{}, ErrSyntax
	}
	return v, nil
}

// Valid reports whether data parses.
func Valid(data []byte) bool {
	_, err := Parse(data)
	return err == nil
}

type parser struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) skipSpace() {
	for p.pos < len(p.data) && isSpace(p.data[p.pos]) {
		p.pos++
	}
}

func (p *parser) value(depth int) (Value, bool) {
	if p.pos >= len(p.data) {
		return Value{}, false
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		if depth+1 > maxDepth {
			return Value{}, false
		}
		return p.object(depth + 1)
	case c == '[':
		if depth+1 > maxDepth {
			return Value{}, false
		}
		return p.array(depth + 1)
	case c == '"':
		s, ok := p.str()
		return Value{Kind: String, Str: s}, ok
	case c == '-' || isDigit(c):
		n, ok := p.number()
		return Value{Kind: Number, Str: n}, ok
	case p.keyword("null"):
		return Value{}, true
	case p.keyword("true"):
		return Value{Kind: Bool, Bool: true}, true
	case p.keyword("false"):
		return Value{Kind: Bool}, true
	}
	return Value{}, false
}

func (p *parser) keyword(kw string) bool {
	if len(p.data)-p.pos < len(kw) || string(p.data[p.pos:p.pos+len(kw)]) != kw {
		return false
	}
	p.pos += len(kw)
	return true
}

func (p *parser) object(depth int) (Value, bool) {
	p.pos++ // {
	v := Value{Kind: Object, Keys: []string{}, Values: []Value{}}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, true
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return Value{}, false
		}
		key, ok := p.str()
		if !ok {
			return Value{}, false
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return Value{}, false
		}
		p.pos++
		p.skipSpace()
		val, ok := p.value(depth)
		if !ok {
			return Value{}, false
		}
		v.Keys = append(v.Keys, key)
		v.Values = append(v.Values, val)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, true
		default:
			return Value{}, false
		}
	}
}

func (p *parser) array(depth int) (Value, bool) {
	p.pos++ // [
	v := Value{Kind: Array, Values: []Value{}}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, true
	}
	for {
		p.skipSpace()
		val, ok := p.value(depth)
		if !ok {
			return Value{}, false
		}
		v.Values = append(v.Values, val)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, false
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, true
		default:
			return Value{}, false
		}
	}
}

// number scans a number token as UniValue's tokenizer does, including its
// acceptance of a lone "-" at the very end of the input.
func (p *parser) number() (string, bool) {
	d := p.data
	start := p.pos
	first := start
	if d[first] == '-' {
		first++
	}
	if first < len(d) && d[first] == '0' && first+1 < len(d) && isDigit(d[first+1]) {
		return "", false
	}
	p.pos++
	if d[start] == '-' && p.pos < len(d) && !isDigit(d[p.pos]) {
		return "", false
	}
	for p.pos < len(d) && isDigit(d[p.pos]) {
		p.pos++
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.pos >= len(d) || !isDigit(d[p.pos]) {
			return "", false
		}
		for p.pos < len(d) && isDigit(d[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '-' || d[p.pos] == '+') {
			p.pos++
		}
		if p.pos >= len(d) || !isDigit(d[p.pos]) {
			return "", false
		}
		for p.pos < len(d) && isDigit(d[p.pos]) {
			p.pos++
		}
	}
	return string(d[start:p.pos]), true
}

func hexVal(c byte) (uint32, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint32(c - '0'), true
	case c >= 'a' && c <= 'f':
		return uint32(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return uint32(c-'A') + 10, true
	}
	return 0, false
}

// str scans a string token; p.pos is at the opening quote.
func (p *parser) str() (string, bool) {
	d := p.data
	p.pos++
	f := utf8Filter{}
	for {
		if p.pos >= len(d) || d[p.pos] < 0x20 {
			return "", false
		}
		c := d[p.pos]
		switch c {
		case '"':
			p.pos++
			if !f.finalize() {
				return "", false
			}
			return string(f.out), true
		case '\\':
			p.pos++
			if p.pos >= len(d) {
				return "", false
			}
			switch d[p.pos] {
			case '"':
				f.pushByte('"')
			case '\\':
				f.pushByte('\\')
			case '/':
				f.pushByte('/')
			case 'b':
				f.pushByte('\b')
			case 'f':
				f.pushByte('\f')
			case 'n':
				f.pushByte('\n')
			case 'r':
				f.pushByte('\r')
			case 't':
				f.pushByte('\t')
			case 'u':
				if p.pos+1+4 >= len(d) {
					return "", false
				}
				var cp uint32
				for _, h := range d[p.pos+1 : p.pos+5] {
					v, ok := hexVal(h)
					if !ok {
						return "", false
					}
					cp = cp<<4 | v
				}
				f.pushCodepoint(cp)
				p.pos += 4
			default:
				return "", false
			}
			p.pos++
		default:
			f.pushByte(c)
			p.pos++
		}
	}
}

// utf8Filter validates UTF-8 and collates surrogate pairs exactly as
// UniValue's JSONUTF8StringFilter, quirks included.
type utf8Filter struct {
	out       []byte
	invalid   bool
	codepoint uint32
	state     uint
	surpair   uint32
}

func (f *utf8Filter) pushByte(ch byte) {
	if f.state == 0 {
		switch {
		case ch < 0x80:
			f.out = append(f.out, ch)
		case ch < 0xc0:
			f.invalid = true
		case ch < 0xe0:
			f.codepoint = uint32(ch&0x1f) << 6
			f.state = 6
		case ch < 0xf0:
			f.codepoint = uint32(ch&0x0f) << 12
			f.state = 12
		case ch < 0xf8:
			f.codepoint = uint32(ch&0x07) << 18
			f.state = 18
		default:
			f.invalid = true
		}
		return
	}
	if ch&0xc0 != 0x80 {
		f.invalid = true
	}
	f.state -= 6
	f.codepoint |= uint32(ch&0x3f) << f.state
	if f.state == 0 {
		f.pushCodepoint(f.codepoint)
	}
}

func (f *utf8Filter) pushCodepoint(cp uint32) {
	if f.state != 0 {
		f.invalid = true
	}
	switch {
	case cp >= 0xD800 && cp < 0xDC00:
		if f.surpair != 0 {
			f.invalid = true
		} else {
			f.surpair = cp
		}
	case cp >= 0xDC00 && cp < 0xE000:
		if f.surpair != 0 {
			f.appendCodepoint(0x10000 | ((f.surpair - 0xD800) << 10) | (cp - 0xDC00))
			f.surpair = 0
		} else {
			f.invalid = true
		}
	default:
		if f.surpair != 0 {
			f.invalid = true
		} else {
			f.appendCodepoint(cp)
		}
	}
}

func (f *utf8Filter) appendCodepoint(cp uint32) {
	switch {
	case cp <= 0x7f:
		f.out = append(f.out, byte(cp))
	case cp <= 0x7ff:
		f.out = append(f.out, byte(0xC0|cp>>6), byte(0x80|cp&0x3F))
	case cp <= 0xffff:
		f.out = append(f.out, byte(0xE0|cp>>12), byte(0x80|(cp>>6)&0x3F), byte(0x80|cp&0x3F))
	case cp <= 0x1fffff:
		f.out = append(f.out, byte(0xF0|cp>>18), byte(0x80|(cp>>12)&0x3F), byte(0x80|(cp>>6)&0x3F), byte(0x80|cp&0x3F))
	}
}

func (f *utf8Filter) finalize() bool {
	if f.state != 0 || f.surpair != 0 {
		f.invalid = true
	}
	return !f.invalid
}
