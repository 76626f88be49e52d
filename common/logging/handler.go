package logging

import (
	"context"
	"log/slog"
	"slices"
)

// ThreadKey is the attribute key whose value -logthreadnames prints as the
// "[thread] " prefix (Core prints the thread name there; Go has no thread
// names, so a package names its goroutine, e.g.
// logger.With(logging.ThreadKey, "msghand")). The attribute itself is not
// printed as key=value.
const ThreadKey = "thread"

// handler is the slog.Handler behind every Logger. All handlers of one
// Logging share its writer.
type handler struct {
	l        *Logging
	category string
	index    int
	// attrs is the preformatted " key=value" text of With attributes.
	attrs  []byte
	group  string // "a.b." prefix for keys from WithGroup
	thread string
}

func (l *Logging) handler(category string) *handler {
	i, ok := categoryIndex(category)
	if !ok {
		i = -1 // unknown categories log info and above only
	}
	return &handler{l: l, category: category, index: i, thread: l.cfg.ThreadName}
}

// Enabled implements slog.Handler.
func (h *handler) Enabled(_ context.Context, level slog.Level) bool {
	if level >= slog.LevelInfo {
		return true
	}
	return h.index >= 0 && h.l.enabledIndex(h.index, level)
}

// Handle implements slog.Handler: it formats the record as one Core-style
// line and writes it.
func (h *handler) Handle(_ context.Context, r slog.Record) error {
	if !h.Enabled(context.Background(), r.Level) {
		return nil
	}
	thread := h.thread
	kv := slices.Clone(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		if h.group == "" && a.Key == ThreadKey {
			thread = a.Value.Resolve().String()
			return true
		}
		kv = appendAttr(kv, h.group, a)
		return true
	})
	line := h.l.format(lineParts{
		time:     h.l.now(r.Time),
		thread:   thread,
		pc:       r.PC,
		category: h.category,
		level:    r.Level,
		msg:      r.Message,
		kv:       kv,
	})
	h.l.write(line)
	return nil
}

// WithAttrs implements slog.Handler.
func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = slices.Clone(h.attrs)
	for _, a := range attrs {
		if h.group == "" && a.Key == ThreadKey {
			c.thread = a.Value.Resolve().String()
			continue
		}
		c.attrs = appendAttr(c.attrs, h.group, a)
	}
	return &c
}

// WithGroup implements slog.Handler.
func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.group = h.group + name + "."
	return &c
}
