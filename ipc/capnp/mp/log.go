package mp

import (
	"context"
	"log/slog"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// debug reports whether -debug=ipc call logging is on.
func (c *Conn) debug() bool { return c.log.Enabled(context.Background(), slog.LevelDebug) }

// logCall logs an outgoing call or an incoming one.
func (c *Conn) logCall(what string, m *Method, id uint32, format func(capnp.Struct) string, p rpccp.Payload) {
	attrs := []any{"peer", c.cfg.Peer, "q", id}
	if c.trace && format != nil {
		if ptr, err := p.Content(); err == nil {
			attrs = append(attrs, "args", format(ptr.Struct()))
		}
	}
	c.log.Debug("{"+c.cfg.Name+"} IPC "+what+" "+m.Name+"$Params", attrs...)
}

// logResult logs the end of an outgoing call.
func (c *Conn) logResult(m *Method, id uint32, start time.Time, err error) {
	attrs := []any{"peer", c.cfg.Peer, "q", id, "dur", time.Since(start)}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	c.log.Debug("{"+c.cfg.Name+"} IPC client recv "+m.Name+"$Results", attrs...)
}

// logResultPayload logs a successful Return with its contents at trace level.
func (c *Conn) logResultPayload(q *question, p rpccp.Payload) {
	if q.start.IsZero() {
		return
	}
	attrs := []any{"peer", c.cfg.Peer, "q", q.id, "dur", time.Since(q.start)}
	if c.trace && q.method.FormatResults != nil {
		if ptr, err := p.Content(); err == nil {
			attrs = append(attrs, "results", q.method.FormatResults(ptr.Struct()))
		}
	}
	c.log.Debug("{"+c.cfg.Name+"} IPC client recv "+q.method.Name+"$Results", attrs...)
}

func (c *Conn) logServerRecv(a *answer, p rpccp.Payload) {
	c.logCall("server recv", a.m, a.id, a.m.FormatParams, p)
}

func (c *Conn) logServerSend(a *answer, ret rpccp.Return, err error) {
	name := "bootstrap"
	if a.m != nil {
		name = a.m.Name
	}
	attrs := []any{"peer", c.cfg.Peer, "q", a.id}
	if !a.start.IsZero() {
		attrs = append(attrs, "dur", time.Since(a.start))
	}
	if err != nil {
		attrs = append(attrs, "err", err)
	} else if c.trace && a.m != nil && a.m.FormatResults != nil {
		if p, perr := ret.Results(); perr == nil {
			if ptr, perr := p.Content(); perr == nil {
				attrs = append(attrs, "results", a.m.FormatResults(ptr.Struct()))
			}
		}
	}
	c.log.Debug("{"+c.cfg.Name+"} IPC server send "+name+"$Results", attrs...)
}
