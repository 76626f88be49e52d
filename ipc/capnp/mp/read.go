package mp

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"

	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

func (c *Conn) readFailed(err error) {
	if c.closed.Load() {
		return
	}
	switch {
	case errors.Is(err, io.EOF):
		c.shutdown(newDisconnected("peer closed the connection", nil), false)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed), errors.Is(err, os.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		c.shutdown(newDisconnected("connection lost", err), false)
	default:
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, syscall.EBADF) {
			c.shutdown(newDisconnected("connection lost", err), false)
			return
		}
		c.protocolError("%v", err)
	}
}

// handle dispatches one received message; it owns m.
func (c *Conn) handle(m *inMsg) {
	switch m.root.Which() {
	case rpccp.Message_Which_call:
		c.handleCall(m)
	case rpccp.Message_Which_return:
		c.handleReturn(m)
	case rpccp.Message_Which_finish:
		fin, _ := m.root.Finish()
		id, rel := fin.QuestionId(), fin.ReleaseResultCaps()
		m.free()
		c.handleFinish(id, rel)
	case rpccp.Message_Which_release:
		rel, _ := m.root.Release()
		id, n := rel.Id(), rel.ReferenceCount()
		m.free()
		if err := c.releaseExport(id, n); err != nil {
			c.protocolError("%v", err)
		}
	case rpccp.Message_Which_bootstrap:
		c.handleBootstrap(m)
	case rpccp.Message_Which_abort:
		exc, _ := m.root.Abort()
		err := decodeException(exc)
		m.free()
		c.log.Debug("IPC peer aborted the connection", "peer", c.cfg.Peer, "reason", err)
		c.shutdown(newDisconnected("peer aborted the connection", err), false)
	case rpccp.Message_Which_resolve:
		c.handleResolve(m)
	case rpccp.Message_Which_unimplemented:
		c.handleUnimplemented(m)
	case rpccp.Message_Which_disembargo:
		c.handleDisembargo(m)
	default:
		c.sendUnimplemented(m)
	}
}

// handleReturn delivers a Return to the waiting caller; it owns m.
func (c *Conn) handleReturn(m *inMsg) {
	ret, err := m.root.Return()
	if err != nil {
		m.free()
		c.protocolError("unreadable return: %v", err)
		return
	}
	id := ret.AnswerId()
	c.mu.Lock()
	if int(id) >= len(c.questions) {
		c.mu.Unlock()
		m.free()
		c.protocolError("return for unknown question %d", id)
		return
	}
	q := c.questions[id]
	var exports []uint32
	if ret.ReleaseParamCaps() {
		exports = q.paramExports
	}
	for _, e := range exports {
		c.releaseExportLocked(e, 1)
	}
	switch q.state {
	case qWaiting:
		q.in = m
		q.state = qReturned
		if ret.Which() != rpccp.Return_Which_results {
			q.err = returnError(ret)
		}
		c.wakeLocked(q)
		c.wokeCaller = true // its caller is active: let it read next time
		c.mu.Unlock()
	case qCanceled:
		// The caller has gone and sent Finish(releaseResultCaps) already.
		c.freeQuestionLocked(q)
		c.mu.Unlock()
		m.free()
	case qStream:
		cl, size := q.stream, q.size
		var serr error
		if ret.Which() != rpccp.Return_Which_results {
			serr = returnError(ret)
		}
		if !q.start.IsZero() {
			defer c.logResult(q.method, q.id, q.start, serr)
		}
		c.mu.Unlock()
		// Finish before the slot can be reused.
		needFinish := !ret.NoFinishNeeded()
		m.free()
		if needFinish {
			c.sendFinish(id, true)
		}
		c.mu.Lock()
		c.freeQuestionLocked(q)
		c.mu.Unlock()
		cl.streamDone(size, serr)
	default:
		c.mu.Unlock()
		m.free()
		c.protocolError("return for question %d that is not waiting", id)
	}
}

// returnError is the error a non-results Return stands for.
func returnError(ret rpccp.Return) error {
	switch ret.Which() {
	case rpccp.Return_Which_exception:
		exc, _ := ret.Exception()
		return decodeException(exc)
	case rpccp.Return_Which_canceled:
		return errors.New("call canceled")
	default:
		return unimplemented("return kind " + ret.Which().String())
	}
}

// handleResolve: a promise the peer exported has resolved. Calls keep going
// to the promise (its sender forwards them), so a capability it resolved to is
// released at once.
func (c *Conn) handleResolve(m *inMsg) {
	res, _ := m.root.Resolve()
	if res.Which() == rpccp.Resolve_Which_cap {
		d, _ := res.Cap()
		switch d.Which() {
		case rpccp.CapDescriptor_Which_senderHosted:
			c.releaseImportRef(d.SenderHosted())
		case rpccp.CapDescriptor_Which_senderPromise:
			c.releaseImportRef(d.SenderPromise())
		}
	}
	m.free()
}

// handleUnimplemented: the peer did not understand a message we sent.
func (c *Conn) handleUnimplemented(m *inMsg) {
	inner, _ := m.root.Unimplemented()
	if inner.Which() == rpccp.Message_Which_call {
		call, _ := inner.Call()
		id := call.QuestionId()
		c.mu.Lock()
		if int(id) < len(c.questions) && c.questions[id].state == qWaiting {
			q := c.questions[id]
			q.err = unimplemented("calls")
			q.state = qReturned
			c.wakeLocked(q)
			c.mu.Unlock()
			m.free()
			return
		}
		c.mu.Unlock()
	}
	m.free()
}

// sendUnimplemented echoes a message this side does not handle.
func (c *Conn) sendUnimplemented(m *inMsg) {
	defer m.free()
	out, err := newOutMsg()
	if err != nil {
		return
	}
	defer out.free()
	if err := out.root.SetUnimplemented(m.root); err != nil {
		return
	}
	c.send(&out.msg, flushNow)
}
