package mp

import (
	"context"
	"time"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// Call is an outgoing call being built. It is used once: Send or SendStream
// consumes it.
type Call struct {
	client *Client
	out    *outMsg
	call   rpccp.Call
	method *Method
	ctx    context.Context
}

// Segment is where the params struct must be allocated.
func (c Call) Segment() *capnp.Segment { return c.out.seg }

// SetParams sets the params struct.
func (c Call) SetParams(st capnp.Struct) error { return c.out.payload.SetContent(st.ToPtr()) }

// WriteCap returns an interface pointer for v to store in the params: a
// reference to the peer's own capability when v is a proxy of this
// connection, else a new export of serve(). A nil v gives a null pointer.
func (c Call) WriteCap(v any, serve func() Dispatcher) (capnp.Ptr, error) {
	return c.client.conn.capFor(c.out, v, serve)
}

// Abandon discards a call that will not be sent.
func (c Call) Abandon() {
	c.client.conn.dropExports(c.out)
	c.out.free()
}

// qstate is where an outgoing call stands.
type qstate uint8

const (
	qFree     qstate = iota
	qWaiting         // sent, caller waiting for the Return
	qReturned        // Return received, caller not yet done with it
	qCanceled        // caller gave up (Finish sent); Return still to come
	qStream          // streaming call; nobody waits, the reader finishes it
)

// question is the state of one outgoing call, kept in a slot of the
// connection's question table and reused.
type question struct {
	id     uint32
	state  qstate
	done   chan struct{} // one send per wait, when the Return or an error arrives
	in     *inMsg
	err    error
	method *Method
	start  time.Time
	// exports in the params, released if the Return says releaseParamCaps.
	paramExports []uint32
	stream       *Client
	size         int
	payload      payloadIn // the results, while the caller reads them
	// takeRole: the reader role was handed to this waiting caller.
	takeRole bool
}

// fail ends a waiting question with err (connection gone). The caller
// holds c.mu and wakes the caller.
func (q *question) fail(err error) {
	switch q.state {
	case qWaiting:
		q.err = err
		q.state = qReturned
	case qStream:
		q.stream.streamDone(q.size, err)
	}
}

// newQuestion takes a free question slot.
func (c *Conn) newQuestion() (*question, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, c.err
	}
	var q *question
	if n := len(c.qfree); n > 0 {
		id := c.qfree[n-1]
		c.qfree = c.qfree[:n-1]
		q = c.questions[id]
	} else {
		q = &question{id: uint32(len(c.questions)), done: make(chan struct{}, 1)}
		c.questions = append(c.questions, q)
	}
	q.state = qWaiting
	return q, nil
}

// freeQuestion returns a slot; the caller holds c.mu.
func (c *Conn) freeQuestionLocked(q *question) {
	q.state = qFree
	q.in = nil
	q.err = nil
	q.method = nil
	q.paramExports = q.paramExports[:0]
	q.stream = nil
	q.payload = payloadIn{}
	q.start = time.Time{}
	q.takeRole = false
	if c.err == nil {
		c.qfree = append(c.qfree, q.id)
	}
}

// sendCall writes the call and registers its question.
func (c Call) sendCall(stream bool) (*question, error) {
	conn := c.client.conn
	q, err := conn.newQuestion()
	if err != nil {
		c.Abandon()
		return nil, err
	}
	c.call.SetQuestionId(q.id)
	q.method = c.method
	conn.stats.callsOut.Add(1)
	for _, d := range c.out.caps {
		if !d.receiverHosted {
			q.paramExports = append(q.paramExports, d.id)
		}
	}
	if err := c.out.writeCapTable(); err != nil {
		c.Abandon()
		conn.mu.Lock()
		conn.freeQuestionLocked(q)
		conn.mu.Unlock()
		return nil, err
	}
	if stream {
		q.state = qStream
		q.stream = c.client
		q.size = len(c.out.seg.Data())
	}
	if conn.debug() {
		q.start = time.Now()
		conn.logCall("client send", c.method, q.id, c.method.FormatParams, c.out.payload)
	}
	err = conn.send(&c.out.msg, flushNow)
	c.out.free()
	if err != nil {
		return nil, err // the question fails with the connection
	}
	return q, nil
}

// Send sends the call and waits for its result. Release the Result when done
// with it. If ctx ends first, the call is cancelled on the server.
func (c Call) Send() (Result, error) {
	conn := c.client.conn
	q, err := c.sendCall(false)
	if err != nil {
		return Result{}, err
	}
	if err := conn.await(c.ctx, q); err != nil {
		return Result{}, err
	}
	if q.err != nil {
		err, method, id, start := q.err, q.method, q.id, q.start
		if q.in != nil {
			conn.finishQuestion(q, q.in, false)
		} else {
			conn.mu.Lock()
			conn.freeQuestionLocked(q)
			conn.mu.Unlock()
		}
		if !start.IsZero() {
			conn.logResult(method, id, start, err)
		}
		return Result{}, err
	}
	ret, _ := q.in.root.Return()
	results, _ := ret.Results()
	content, _ := results.Content()
	conn.logResultPayload(q, results)
	q.payload = payloadIn{conn: conn, content: content}
	if results.HasCapTable() {
		q.payload.table, _ = results.CapTable()
	}
	return Result{q: q}, nil
}

// Result is the answer to a call. Release it when its contents are read.
type Result struct{ q *question }

// Content is the results struct.
func (r Result) Content() capnp.Struct { return r.q.payload.content.Struct() }

// ReadCap returns the capability an interface pointer of the results refers
// to.
func (r Result) ReadCap(p capnp.Ptr) (*Client, error) { return r.q.payload.cap(p) }

// Release finishes the call: releases capabilities nobody took, frees the
// message and sends Finish.
func (r Result) Release() {
	if r.q == nil {
		return
	}
	conn := r.q.payload.conn
	r.q.payload.releaseUnclaimed()
	r.q.payload = payloadIn{}
	conn.finishQuestion(r.q, r.q.in, false)
}

// finishQuestion sends Finish if the Return asked for one and frees the
// question and its message.
func (c *Conn) finishQuestion(q *question, in *inMsg, releaseResultCaps bool) {
	ret, _ := in.root.Return()
	needFinish := !ret.NoFinishNeeded()
	in.free()
	// Finish goes out before the id can be reused by another call.
	if needFinish {
		c.sendFinish(q.id, releaseResultCaps)
	}
	c.mu.Lock()
	c.freeQuestionLocked(q)
	c.mu.Unlock()
}

// sendFinish writes a Finish without flushing: it rides on the next write.
func (c *Conn) sendFinish(id uint32, releaseResultCaps bool) {
	m, err := newOutMsg()
	if err != nil {
		return
	}
	fin, err := m.root.NewFinish()
	if err == nil {
		fin.SetQuestionId(id)
		fin.SetReleaseResultCaps(releaseResultCaps)
		fin.SetRequireEarlyCancellationWorkaround(false)
		c.send(&m.msg, flushLazy)
	}
	m.free()
}
