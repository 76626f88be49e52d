package mp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// astate is where an incoming call stands.
type astate uint8

const (
	aQueued   astate = iota // waiting for the answer it is pipelined on, or its turn in a stream
	aRunning                // handler running
	aReturned               // Return sent; kept for pipelined calls until Finish
)

// answer is the state of one incoming call (or Bootstrap), by the peer's
// question id.
type answer struct {
	conn     *Conn
	id       uint32
	state    astate
	finished bool // Finish received
	ctx      callCtx
	in       *inMsg
	d        Dispatcher
	m        *Method
	exportID uint32 // target export, for stream ordering
	start    time.Time

	// After the Return: the results, kept while they hold capabilities so
	// pipelined calls can reach them.
	results    *outMsg
	resultErr  error
	pipelined  []*answer // calls that arrived before the Return, parked
	stream     bool
	resultCaps []capDesc
	sc         ServerCall
	holdFlush  bool // run on the reader with more input buffered
	onReader   bool // handled by the goroutine holding the reader role
}

// ServerCall is an incoming call as its handler sees it.
type ServerCall struct {
	a   *answer
	in  payloadIn
	out *outMsg
	ret rpccp.Return
}

// Content is the params struct.
func (s *ServerCall) Content() capnp.Struct { return s.in.content.Struct() }

// ReadCap returns the capability an interface pointer of the params refers
// to.
func (s *ServerCall) ReadCap(p capnp.Ptr) (*Client, error) { return s.in.cap(p) }

// Segment is where the results struct must be allocated.
func (s *ServerCall) Segment() (*capnp.Segment, error) {
	if err := s.prepare(); err != nil {
		return nil, err
	}
	return s.out.seg, nil
}

// SetResults sets the results struct.
func (s *ServerCall) SetResults(st capnp.Struct) error {
	if err := s.prepare(); err != nil {
		return err
	}
	return s.out.payload.SetContent(st.ToPtr())
}

// WriteCap returns an interface pointer for v to store in the results (see
// Call.WriteCap).
func (s *ServerCall) WriteCap(v any, serve func() Dispatcher) (capnp.Ptr, error) {
	if err := s.prepare(); err != nil {
		return capnp.Ptr{}, err
	}
	return s.a.conn.capFor(s.out, v, serve)
}

// prepare starts the Return message.
func (s *ServerCall) prepare() error {
	if s.out != nil {
		return nil
	}
	out, err := newOutMsg()
	if err != nil {
		return err
	}
	ret, err := out.root.NewReturn()
	if err == nil {
		out.payload, err = ret.NewResults()
	}
	if err != nil {
		out.free()
		return err
	}
	s.out, s.ret = out, ret
	return nil
}

// handleCall takes ownership of a received Call message.
func (c *Conn) handleCall(m *inMsg) {
	call, err := m.root.Call()
	if err != nil {
		m.free()
		c.protocolError("unreadable call: %v", err)
		return
	}
	c.stats.callsIn.Add(1)
	a := &answer{conn: c, id: call.QuestionId(), in: m, state: aQueued, onReader: true}
	a.ctx.parent = c.ctx
	if c.debug() {
		a.start = time.Now()
	}
	if !c.addAnswer(a) {
		m.free()
		return
	}
	c.deliver(a)
}

// addAnswer enters a new call or Bootstrap in the answer table. A peer that
// reuses a question id or keeps more than MaxAnswers unfinished is
// disconnected; addAnswer then reports false.
func (c *Conn) addAnswer(a *answer) bool {
	c.mu.Lock()
	if _, dup := c.answers[a.id]; dup {
		c.mu.Unlock()
		c.protocolError("question id %d is already in use", a.id)
		return false
	}
	if max := c.cfg.MaxAnswers; len(c.answers) >= max {
		c.mu.Unlock()
		c.protocolError("more than %d unfinished calls", max)
		return false
	}
	c.answers[a.id] = a
	c.mu.Unlock()
	return true
}

// deliver finds the capability a call targets and dispatches the call, or
// parks it on the answer it is pipelined on until that answer returns.
func (c *Conn) deliver(a *answer) {
	call, _ := a.in.root.Call()
	target, err := call.Target()
	if err != nil {
		c.returnError(a, fmt.Errorf("call without target: %w", err))
		return
	}
	var d Dispatcher
	var exportID uint32
	c.mu.Lock()
	switch {
	case c.err != nil:
		err = c.err
	case a.finished:
		err = context.Canceled
	case target.Which() == rpccp.MessageTarget_Which_importedCap:
		exportID = target.ImportedCap()
		d, err = c.exportLocked(exportID)
	case target.Which() == rpccp.MessageTarget_Which_promisedAnswer:
		pa, _ := target.PromisedAnswer()
		if on := c.answers[pa.QuestionId()]; on != nil && on.state != aReturned && on != a {
			if !c.parkLocked(on, a) {
				c.mu.Unlock()
				c.refuse(a)
				return
			}
			c.mu.Unlock()
			return
		}
		var desc capDesc
		if desc, err = c.promisedCapLocked(pa); err == nil {
			if desc.receiverHosted {
				// The answer is the caller's own capability: send the call
				// back to it.
				c.mu.Unlock()
				c.forward(a, desc.id)
				return
			}
			exportID = desc.id
			d, err = c.exportLocked(exportID)
		}
	default:
		err = fmt.Errorf("call target %v is not supported", target.Which())
	}
	c.mu.Unlock()
	if err != nil {
		c.returnError(a, err)
		return
	}
	c.dispatch(a, d, exportID)
}

// dispatch runs the call's handler: inline, on a worker, or after the
// streaming calls before it on the same capability.
func (c *Conn) dispatch(a *answer, d Dispatcher, exportID uint32) {
	call, _ := a.in.root.Call()
	iface := d.Interface()
	mid := call.MethodId()
	if call.InterfaceId() != iface.ID || int(mid) >= len(iface.Methods) || iface.Methods[mid].Handle == nil {
		c.returnError(a, unimplemented(fmt.Sprintf("method %d of interface %#x on %s", mid, call.InterfaceId(), iface.Name)))
		return
	}
	a.d, a.m, a.exportID = d, &iface.Methods[mid], exportID
	if a.m.Stream {
		c.mu.Lock()
		if int(exportID) < len(c.exports) {
			e := &c.exports[exportID]
			if e.streamBusy {
				if len(e.streamQ) >= maxStreamQueue {
					c.mu.Unlock()
					a.in.free()
					a.in = nil
					c.protocolError("more than %d streaming calls wait on one capability: the peer ignores flow control", maxStreamQueue)
					return
				}
				e.streamQ = append(e.streamQ, a)
				c.mu.Unlock()
				return
			}
			e.streamBusy = true
			a.stream = true
		}
		c.mu.Unlock()
	}
	c.start(a, a.onReader)
}

// start runs a's handler: inline if it may and we are on the reader,
// otherwise on a worker.
func (c *Conn) start(a *answer, onReader bool) {
	if a.m.Inline || !onReader {
		a.run(onReader)
		return
	}
	c.submit(a, func() { a.run(false) })
}

// submit hands a's work to the worker pool. The reader never waits for a
// worker: a call that finds them all busy queues, and one that would take
// the queue beyond its bound in bytes is refused as overloaded. (Work
// without a message, finishing a forwarded call, is never refused.)
func (c *Conn) submit(a *answer, fn func()) {
	size := 0
	if a.in != nil {
		size = len(a.in.buf)
	}
	switch c.pool.submit(fn, size) {
	case poolFull:
		c.refuse(a)
	case poolClosed:
		c.returnError(a, c.Err())
	}
}

// refuse answers a call that would take the calls waiting on this
// connection beyond MaxQueuedBytes.
func (c *Conn) refuse(a *answer) {
	c.stats.refused.Add(1)
	what := "a call"
	if a.m != nil {
		what += " of " + a.m.Name
	}
	c.returnError(a, &ipc.Error{Kind: ipc.ErrOverloaded, Description: fmt.Sprintf(
		"%s refused %s: the calls of this connection waiting for its handlers hold %d bytes already",
		c.cfg.Name, what, c.cfg.MaxQueuedBytes)})
}

// parkLocked parks a on the answer on it is pipelined on, unless the parked
// calls' bytes would exceed MaxQueuedBytes (one may always wait). The
// caller holds c.mu.
func (c *Conn) parkLocked(on, a *answer) bool {
	size := len(a.in.buf)
	if c.parkedBytes > 0 && c.parkedBytes+size > c.cfg.MaxQueuedBytes {
		return false
	}
	c.parkedBytes += size
	on.pipelined = append(on.pipelined, a)
	return true
}

// unparkLocked takes the calls parked on a, to be delivered now. The caller
// holds c.mu.
func (c *Conn) unparkLocked(a *answer) []*answer {
	parked := a.pipelined
	a.pipelined = nil
	for _, p := range parked {
		c.parkedBytes -= len(p.in.buf)
	}
	return parked
}

// run calls the handler and sends the Return. For a streaming call it then
// runs the next queued one on the same capability.
func (a *answer) run(onReader bool) {
	c := a.conn
	c.mu.Lock()
	a.state = aRunning
	c.mu.Unlock()
	call, _ := a.in.root.Call()
	params, _ := call.Params()
	sc := &a.sc
	*sc = ServerCall{a: a, in: payloadIn{conn: c}}
	sc.in.content, _ = params.Content()
	if params.HasCapTable() {
		sc.in.table, _ = params.CapTable()
	}
	if c.debug() {
		c.logServerRecv(a, params)
	}
	var ctx context.Context = &a.ctx
	if onReader {
		ctx = c.ctx
	}
	err := a.handle(ctx, sc)
	sc.in.releaseUnclaimed()
	// On the reader, with more calls already read, let the Return wait in the
	// buffer: the reader flushes once it has drained its input.
	a.onReader = onReader
	a.holdFlush = onReader && !c.fr.idle()
	if next := c.sendReturn(a, sc, err); next != nil {
		c.start(next, onReader)
	}
}

// handle calls the handler, turning a panic into an error.
func (a *answer) handle(ctx context.Context, sc *ServerCall) (err error) {
	defer func() {
		if r := recover(); r != nil {
			a.conn.log.Error("IPC handler panicked", "method", a.m.Name, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic in %s handler: %v", a.m.Name, r)
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	return a.m.Handle(ctx, a.d, sc)
}

// returnError answers a call that never reached a handler.
func (c *Conn) returnError(a *answer, err error) {
	if a.in != nil {
		call, _ := a.in.root.Call()
		params, _ := call.Params()
		in := payloadIn{conn: c}
		if params.HasCapTable() {
			in.table, _ = params.CapTable()
		}
		in.releaseUnclaimed()
	}
	c.sendReturn(a, &ServerCall{a: a}, err)
}

// sendReturn writes the Return for a and settles its state. It returns the
// next streaming call to run on the same capability, if any.
func (c *Conn) sendReturn(a *answer, sc *ServerCall, herr error) *answer {
	if herr == nil {
		if err := sc.prepare(); err != nil {
			herr = err
		}
	}
	if herr != nil {
		if sc.out != nil {
			c.dropExports(sc.out)
			sc.out.free()
			sc.out = nil
		}
		out, err := newOutMsg()
		if err != nil {
			c.shutdown(newDisconnected("out of memory building a Return", err), false)
			return nil
		}
		ret, _ := out.root.NewReturn()
		exc, _ := ret.NewException()
		encodeException(exc, herr)
		sc.out, sc.ret = out, ret
	}
	out, ret := sc.out, sc.ret
	ret.SetAnswerId(a.id)
	ret.SetReleaseParamCaps(false)
	if err := out.writeCapTable(); err != nil {
		c.shutdown(newDisconnected("building a Return failed", err), false)
		out.free()
		return nil
	}

	c.mu.Lock()
	a.state = aReturned
	a.resultErr = herr
	pipelined := c.unparkLocked(a)
	keep := len(out.caps) > 0 || len(pipelined) > 0
	if !keep && !a.finished {
		ret.SetNoFinishNeeded(true)
	}
	if a.finished || !keep {
		delete(c.answers, a.id)
	}
	if keep && !a.finished {
		a.results = out
		for _, d := range out.caps {
			if !d.receiverHosted {
				a.resultCaps = append(a.resultCaps, d)
			}
		}
	}
	var next *answer
	if a.stream && int(a.exportID) < len(c.exports) { // closed: the table is gone
		e := &c.exports[a.exportID]
		if len(e.streamQ) > 0 {
			next = e.streamQ[0]
			e.streamQ = e.streamQ[1:]
			next.stream = true
		} else {
			e.streamBusy = false
		}
	}
	finished := a.finished
	c.mu.Unlock()

	if c.debug() {
		c.logServerSend(a, ret, herr)
	}
	if a.onReader && !finished && !keep {
		c.sendFromReader(out, a.flushMode())
		out = nil
	} else {
		c.send(&out.msg, a.flushMode())
	}
	a.in.free()
	a.in = nil
	if finished {
		// The caller cancelled: it will not take the results' capabilities.
		for _, d := range out.caps {
			if !d.receiverHosted {
				c.releaseExport(d.id, 1)
			}
		}
	}
	if out != nil && (!keep || finished) {
		out.free()
	}
	for _, p := range pipelined {
		p.onReader = a.onReader // delivered by the goroutine answering a
		c.deliver(p)
	}
	return next
}

// handleFinish: the caller is done with question id.
func (c *Conn) handleFinish(id uint32, releaseResultCaps bool) {
	c.mu.Lock()
	a := c.answers[id]
	if a == nil {
		c.mu.Unlock()
		return // answered with noFinishNeeded, or unknown: nothing to do
	}
	a.finished = true
	if a.state != aReturned {
		c.mu.Unlock()
		a.ctx.cancel(context.Canceled)
		return
	}
	delete(c.answers, id)
	results := a.results
	a.results = nil
	if releaseResultCaps {
		for _, d := range a.resultCaps {
			c.releaseExportLocked(d.id, 1)
		}
	}
	c.mu.Unlock()
	results.free()
}

// abandon cancels a running handler when the connection ends. The caller
// holds c.mu. Calls parked on it are returned to be freed.
func (a *answer) abandonLocked() []*answer {
	a.ctx.cancel(a.conn.err)
	parked := a.pipelined
	a.pipelined = nil
	return parked
}

// resolvePromisedAnswer finds the local capability a promised answer's
// transform points to among the results of a returned answer.
func (c *Conn) resolvePromisedAnswer(pa rpccp.PromisedAnswer) (Dispatcher, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	desc, err := c.promisedCapLocked(pa)
	if err != nil {
		return nil, err
	}
	if desc.receiverHosted {
		return nil, errors.New("promised answer refers to the peer's own capability")
	}
	return c.exportLocked(desc.id)
}

// promisedCapLocked finds the capability descriptor a promised answer's
// transform points to among the results of a returned answer: one of our
// exports, or (receiverHosted) one the peer itself hosts.
func (c *Conn) promisedCapLocked(pa rpccp.PromisedAnswer) (capDesc, error) {
	a := c.answers[pa.QuestionId()]
	if a == nil || a.state != aReturned {
		return capDesc{}, fmt.Errorf("pipelined call on unknown or unfinished question %d", pa.QuestionId())
	}
	if a.resultErr != nil {
		return capDesc{}, a.resultErr
	}
	if a.results == nil {
		return capDesc{}, errors.New("pipelined call on results that hold no capability")
	}
	ptr, err := a.results.payload.Content()
	if err != nil {
		return capDesc{}, err
	}
	ops, err := pa.Transform()
	if err != nil {
		return capDesc{}, err
	}
	for i := 0; i < ops.Len(); i++ {
		op := ops.At(i)
		switch op.Which() {
		case rpccp.PromisedAnswer_Op_Which_noop:
		case rpccp.PromisedAnswer_Op_Which_getPointerField:
			if ptr, err = ptr.Struct().Ptr(op.GetPointerField()); err != nil {
				return capDesc{}, err
			}
		default:
			return capDesc{}, fmt.Errorf("promised answer transform %v is not supported", op.Which())
		}
	}
	iface := ptr.Interface()
	if !iface.IsValid() || int(iface.Capability()) >= len(a.results.caps) {
		return capDesc{}, errors.New("pipelined call on a field that holds no capability")
	}
	return a.results.caps[iface.Capability()], nil
}

// handleBootstrap answers a Bootstrap with the connection's bootstrap
// capability.
func (c *Conn) handleBootstrap(m *inMsg) {
	boot, _ := m.root.Bootstrap()
	qid := boot.QuestionId()
	m.free()
	a := &answer{conn: c, id: qid, onReader: true}
	a.ctx.parent = c.ctx
	if !c.addAnswer(a) {
		return
	}
	sc := &ServerCall{a: a}
	if c.cfg.Bootstrap == nil {
		c.sendReturn(a, sc, errors.New("this process offers no bootstrap capability"))
		return
	}
	if err := sc.prepare(); err != nil {
		c.sendReturn(a, sc, err)
		return
	}
	ptr, err := c.capFor(sc.out, c.cfg.Bootstrap, func() Dispatcher { return c.cfg.Bootstrap })
	if err == nil {
		err = sc.out.payload.SetContent(ptr)
	}
	c.sendReturn(a, sc, err)
}

func (a *answer) flushMode() flushMode {
	if a.holdFlush {
		return flushHeld
	}
	return flushNow
}
