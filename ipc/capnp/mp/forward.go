package mp

import (
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

var forwardMethod = &Method{Name: "forwarded"}

// forward handles a call pipelined on an answer that turned out to be the
// caller's own capability (Cap'n Proto's loopback case, e.g. a callback
// passed in and returned). The Call message is rewritten in place into a
// call back to the caller and sent at once, so that it keeps its place
// before any later Disembargo; its Return, rewritten into ours, goes back
// when it arrives. Capability references are translated between the two
// directions: what the peer hosts travels as receiverHosted, what we host as
// senderHosted.
func (c *Conn) forward(a *answer, importID uint32) {
	q, err := c.newQuestion()
	if err != nil {
		c.returnError(a, err)
		return
	}
	q.method = forwardMethod
	call, _ := a.in.root.Call()
	call.SetQuestionId(q.id)
	target, _ := call.Target()
	target.SetImportedCap(importID)
	params, _ := call.Params()
	var peerRefs []uint32 // references the peer gave us; its own objects need none
	if params.HasCapTable() {
		table, _ := params.CapTable()
		peerRefs, q.paramExports = c.mirrorCapTable(table)
	}
	err = c.send(&a.in.msg, flushNow)
	a.in.free()
	a.in = nil
	for _, id := range peerRefs {
		c.releaseImportRef(id)
	}
	if err != nil {
		c.returnError(a, err)
		return
	}
	a.onReader = false
	c.submit(a, func() { c.finishForward(a, q) })
}

// mirrorCapTable turns a capability table received from the peer into one
// to send back to it, in place. It returns the peer's references we
// received (to release) and our exports now referenced (one reference each).
func (c *Conn) mirrorCapTable(table rpccp.CapDescriptor_List) (peerRefs, exports []uint32) {
	for i := 0; i < table.Len(); i++ {
		d := table.At(i)
		switch d.Which() {
		case rpccp.CapDescriptor_Which_senderHosted:
			id := d.SenderHosted()
			d.SetReceiverHosted(id)
			peerRefs = append(peerRefs, id)
		case rpccp.CapDescriptor_Which_senderPromise:
			id := d.SenderPromise()
			d.SetReceiverHosted(id)
			peerRefs = append(peerRefs, id)
		case rpccp.CapDescriptor_Which_receiverHosted:
			id := d.ReceiverHosted()
			c.addExportRef(id)
			d.SetSenderHosted(id)
			exports = append(exports, id)
		case rpccp.CapDescriptor_Which_receiverAnswer:
			pa, _ := d.ReceiverAnswer()
			disp, err := c.resolvePromisedAnswer(pa)
			var id uint32
			if err == nil {
				id, err = c.addExport(disp)
			}
			if err != nil {
				d.SetNone()
				continue
			}
			d.SetSenderHosted(id)
			exports = append(exports, id)
		}
	}
	return peerRefs, exports
}

// finishForward waits for the forwarded call's Return and sends it as the
// Return of the original call.
func (c *Conn) finishForward(a *answer, q *question) {
	if err := c.await(&a.ctx, q); err != nil {
		c.returnError(a, err)
		return
	}
	if q.err != nil {
		err := q.err
		if q.in != nil {
			c.finishQuestion(q, q.in, false)
		} else {
			c.mu.Lock()
			c.freeQuestionLocked(q)
			c.mu.Unlock()
		}
		c.returnError(a, err)
		return
	}
	in := q.in
	ret, _ := in.root.Return()
	needFinish := !ret.NoFinishNeeded()
	ret.SetAnswerId(a.id)
	ret.SetReleaseParamCaps(false)
	var peerRefs, exports []uint32
	if results, err := ret.Results(); err == nil && results.HasCapTable() {
		table, _ := results.CapTable()
		peerRefs, exports = c.mirrorCapTable(table)
	}
	c.mu.Lock()
	a.state = aReturned
	finished := a.finished
	pipelined := c.unparkLocked(a)
	// Calls pipelined on a forwarded answer are not supported: drop its entry
	// now unless the peer still has to Finish it.
	if len(exports) == 0 && !finished {
		ret.SetNoFinishNeeded(true)
	}
	if finished || len(exports) == 0 {
		delete(c.answers, a.id)
	} else {
		for _, id := range exports {
			a.resultCaps = append(a.resultCaps, capDesc{id: id})
		}
	}
	c.mu.Unlock()
	c.send(&in.msg, flushNow)
	if finished {
		for _, id := range exports {
			c.releaseExport(id, 1)
		}
	}
	for _, id := range peerRefs {
		c.releaseImportRef(id)
	}
	// We took the results' references (and released them): Finish says so.
	in.free()
	if needFinish {
		c.sendFinish(q.id, false)
	}
	c.mu.Lock()
	c.freeQuestionLocked(q)
	c.mu.Unlock()
	for _, p := range pipelined {
		p.onReader = false // finishForward runs on a worker
		c.deliver(p)
	}
}

// addExportRef adds a reference to a live export.
func (c *Conn) addExportRef(id uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int(id) < len(c.exports) && c.exports[id].refs > 0 {
		c.exports[id].refs++
	}
}

// handleDisembargo answers the C++ implementation's loopback embargo: when
// a promise it pipelined calls on resolves to its own capability, it asks us
// (senderLoopback) to echo a Disembargo once those calls have gone back to
// it. Forwarded calls are sent as they arrive, so we can answer at once.
func (c *Conn) handleDisembargo(m *inMsg) {
	defer m.free()
	dis, err := m.root.Disembargo()
	if err != nil {
		c.protocolError("unreadable disembargo: %v", err)
		return
	}
	dctx := dis.Context()
	if dctx.Which() != rpccp.Disembargo_context_Which_senderLoopback {
		return // we never send senderLoopback, so no receiverLoopback is due
	}
	target, _ := dis.Target()
	if target.Which() != rpccp.MessageTarget_Which_promisedAnswer {
		c.protocolError("disembargo (senderLoopback) on a capability that does not point back to the sender")
		return
	}
	pa, _ := target.PromisedAnswer()
	c.mu.Lock()
	desc, err := c.promisedCapLocked(pa)
	c.mu.Unlock()
	if err != nil || !desc.receiverHosted {
		c.protocolError("disembargo (senderLoopback) on a promise that does not resolve to the sender: %v", err)
		return
	}
	out, err := newOutMsg()
	if err != nil {
		return
	}
	defer out.free()
	reply, _ := out.root.NewDisembargo()
	t, _ := reply.NewTarget()
	t.SetImportedCap(desc.id)
	reply.Context().SetReceiverLoopback(dctx.SenderLoopback())
	c.send(&out.msg, flushNow)
}
