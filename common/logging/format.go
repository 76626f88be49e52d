package logging

import (
	"fmt"
	"log/slog"
	"path"
	"runtime"
	"strings"
	"time"
)

// lineParts is what one log line is made of.
type lineParts struct {
	time     time.Time
	thread   string
	pc       uintptr
	category string
	level    slog.Level
	msg      string
	kv       []byte // " key=value" pairs, already escaped
}

// format builds a line as Core's Logger::Format: timestamp, [thread],
// [file:line] [function], [category:level] prefix, message, key=value
// pairs, newline. Control characters other than newline are escaped.
func (l *Logging) format(p lineParts) []byte {
	var b []byte
	if l.cfg.Timestamps {
		t := p.time.UTC()
		if l.cfg.TimeMicros {
			b = t.AppendFormat(b, "2006-01-02T15:04:05.000000Z")
		} else {
			b = t.AppendFormat(b, "2006-01-02T15:04:05Z")
		}
		b = append(b, ' ')
	}
	if l.cfg.ThreadNames {
		name := p.thread
		if name == "" {
			name = "unknown"
		}
		b = append(b, '[')
		b = append(b, name...)
		b = append(b, "] "...)
	}
	if l.cfg.SourceLocations {
		b = appendSource(b, p.pc)
	}
	b = append(b, prefix(p.category, p.level, l.cfg.AlwaysPrintCategoryLevel)...)

	msg := p.msg
	if len(p.kv) > 0 && strings.HasSuffix(msg, "\n") {
		msg += string(p.kv[1:]) // no space after a newline
	} else {
		msg += string(p.kv)
	}
	b = appendEscaped(b, msg)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b
}

// prefix returns Core's category/level prefix: nothing for uncategorised
// info lines, "[warning] " / "[error] " / "[debug] " for other
// uncategorised lines, "[net] " for a category's debug lines (debug is
// implied), "[net:trace] ", "[net:info] ", "[net:warning] " otherwise.
// always prints "[category:level] " on every line ("all" when
// uncategorised).
func prefix(category string, level slog.Level, always bool) string {
	hasCategory := always || category != ""
	name := LevelString(level)
	if !hasCategory && name == "info" {
		return ""
	}
	var s strings.Builder
	s.WriteByte('[')
	if hasCategory {
		if category == "" {
			s.WriteString("all")
		} else {
			s.WriteString(category)
		}
	}
	if always || !hasCategory || name != "debug" {
		if hasCategory {
			s.WriteByte(':')
		}
		s.WriteString(name)
	}
	s.WriteString("] ")
	return s.String()
}

// appendSource appends "[dir/file.go:line] [function] " for pc.
func appendSource(b []byte, pc uintptr) []byte {
	if pc == 0 {
		return b
	}
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	file := path.Join(path.Base(path.Dir(f.File)), path.Base(f.File))
	fn := f.Function
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		fn = fn[i+1:]
	}
	return fmt.Appendf(b, "[%s:%d] [%s] ", file, f.Line, fn)
}

// appendEscaped appends s with control characters other than newline (and
// DEL) written as \xHH, as Core's LogEscapeMessage.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 32 || c == '\n') && c != 0x7f {
			b = append(b, c)
			continue
		}
		b = fmt.Appendf(b, "\\x%02x", c)
	}
	return b
}

// appendAttr appends " key=value" for an attribute, flattening groups
// into dotted keys.
func appendAttr(b []byte, group string, a slog.Attr) []byte {
	v := a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return b
	}
	if v.Kind() == slog.KindGroup {
		g := group
		if a.Key != "" {
			g += a.Key + "."
		}
		for _, ga := range v.Group() {
			b = appendAttr(b, g, ga)
		}
		return b
	}
	b = append(b, ' ')
	b = append(b, group...)
	b = append(b, a.Key...)
	b = append(b, '=')
	return appendValue(b, valueString(v))
}

// valueString renders an attribute value.
func valueString(v slog.Value) string {
	switch v.Kind() {
	case slog.KindString:
		return v.String()
	case slog.KindTime:
		return v.Time().UTC().Format(time.RFC3339Nano)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok && err != nil {
			return err.Error()
		}
		return fmt.Sprint(v.Any())
	}
	return v.String()
}

// appendValue appends a value, quoted with C-style escapes when it holds a
// space, '=', '"', '\\' or a control character (Core's key=value format).
func appendValue(b []byte, v string) []byte {
	if !strings.ContainsFunc(v, func(r rune) bool {
		return r == ' ' || r == '=' || r == '"' || r == '\\' || r < 32 || r == 0x7f
	}) {
		return append(b, v...)
	}
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			if c < 32 || c == 0x7f {
				b = fmt.Appendf(b, "\\x%02x", c)
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, '"')
}
