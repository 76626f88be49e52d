package mp

import (
	"context"
	"time"
)

var bootstrapMethod = &Method{Name: "bootstrap"}

// Bootstrap asks the peer for its bootstrap capability (its Init).
func (c *Conn) Bootstrap(ctx context.Context) (*Client, error) {
	out, err := newOutMsg()
	if err != nil {
		return nil, err
	}
	boot, err := out.root.NewBootstrap()
	if err != nil {
		out.free()
		return nil, err
	}
	q, err := c.newQuestion()
	if err != nil {
		out.free()
		return nil, err
	}
	boot.SetQuestionId(q.id)
	q.method = bootstrapMethod
	if c.debug() {
		q.start = time.Now()
	}
	err = c.send(&out.msg, flushNow)
	out.free()
	if err != nil {
		return nil, err
	}
	if err := c.await(ctx, q); err != nil {
		return nil, err
	}
	if q.err != nil {
		err := q.err
		if q.in != nil {
			c.finishQuestion(q, q.in, true)
		} else {
			c.mu.Lock()
			c.freeQuestionLocked(q)
			c.mu.Unlock()
		}
		return nil, err
	}
	ret, _ := q.in.root.Return()
	results, _ := ret.Results()
	content, _ := results.Content()
	in := payloadIn{conn: c, content: content}
	if results.HasCapTable() {
		in.table, _ = results.CapTable()
	}
	cl, err := in.cap(content)
	in.releaseUnclaimed()
	c.finishQuestion(q, q.in, false)
	if err != nil {
		return nil, err
	}
	return cl, nil
}
