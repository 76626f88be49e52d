package univalue

import "strings"

// Write renders v as UniValue::write(indent) does: compact when indent is 0,
// otherwise one member per line indented by indent spaces per level (empty
// containers print as "[\n]" and "{\n}", as Core's do).
func (v Value) Write(indent int) string {
	var b strings.Builder
	v.write(&b, indent, 0)
	return b.String()
}

func (v Value) write(b *strings.Builder, pretty, level int) {
	mod := level
	if mod == 0 {
		mod = 1
	}
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		if v.Bool {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Number:
		b.WriteString(v.Str)
	case String:
		b.WriteByte('"')
		writeEscaped(b, v.Str)
		b.WriteByte('"')
	case Array:
		b.WriteByte('[')
		if pretty > 0 {
			b.WriteByte('\n')
		}
		for i, e := range v.Values {
			if pretty > 0 {
				b.WriteString(strings.Repeat(" ", pretty*mod))
			}
			e.write(b, pretty, mod+1)
			if i != len(v.Values)-1 {
				b.WriteByte(',')
			}
			if pretty > 0 {
				b.WriteByte('\n')
			}
		}
		if pretty > 0 {
			b.WriteString(strings.Repeat(" ", pretty*(mod-1)))
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		if pretty > 0 {
			b.WriteByte('\n')
		}
		for i, k := range v.Keys {
			if pretty > 0 {
				b.WriteString(strings.Repeat(" ", pretty*mod))
			}
			b.WriteByte('"')
			writeEscaped(b, k)
			b.WriteString(`":`)
			if pretty > 0 {
				b.WriteByte(' ')
			}
			v.Values[i].write(b, pretty, mod+1)
			if i != len(v.Values)-1 {
				b.WriteByte(',')
			}
			if pretty > 0 {
				b.WriteByte('\n')
			}
		}
		if pretty > 0 {
			b.WriteString(strings.Repeat(" ", pretty*(mod-1)))
		}
		b.WriteByte('}')
	}
}

const hexDigits = "0123456789abcdef"

// writeEscaped escapes s as UniValue's json_escape: quote, backslash,
// control characters and DEL; every other byte passes through unchanged.
func writeEscaped(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
}

// Quote returns s as a JSON string literal with UniValue's escaping.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	writeEscaped(&b, s)
	b.WriteByte('"')
	return b.String()
}
