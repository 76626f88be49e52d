package mp

import (
	"context"
	"sync"
)

// maxStreamCalls bounds the streaming calls in flight on one capability, and
// maxStreamQueue the ones a server lets wait for their turn on one of its
// capabilities before it takes the peer for one that ignores flow control.
const (
	maxStreamCalls = 64
	maxStreamQueue = 4 * maxStreamCalls
)

// streamState is the flow window of streaming calls on one capability.
type streamState struct {
	mu       sync.Mutex
	inflight int           // bytes sent and not yet returned
	calls    int           // calls sent and not yet returned
	err      error         // first failure, reported by the next call
	wake     chan struct{} // closed and replaced whenever a call returns
}

func (cl *Client) streamState() *streamState {
	cl.streamOnce.Do(func() { cl.stream = &streamState{wake: make(chan struct{})} })
	return cl.stream
}

// SendStream sends a streaming call without waiting for its result. It waits
// only while the capability's flow window is full (StreamWindow bytes or
// maxStreamCalls calls in flight). An error of an earlier
// streaming call on the same capability is returned by the next one.
func (c Call) SendStream() error {
	cl := c.client
	s := cl.streamState()
	size := len(c.out.seg.Data())
	window := cl.conn.cfg.StreamWindow
	for {
		s.mu.Lock()
		if s.err != nil {
			err := s.err
			s.mu.Unlock()
			c.Abandon()
			return err
		}
		if s.calls == 0 || (s.inflight+size <= window && s.calls < maxStreamCalls) {
			s.inflight += size
			s.calls++
			s.mu.Unlock()
			break
		}
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-c.ctx.Done():
			c.Abandon()
			return c.ctx.Err()
		case <-cl.conn.done:
			c.Abandon()
			return cl.conn.Err()
		}
	}
	if _, err := c.sendCall(true); err != nil {
		cl.streamDone(size, err)
		return err
	}
	cl.conn.ensureReader() // nobody waits for the Return: somebody must read it
	return nil
}

// streamDone accounts for a returned (or failed) streaming call.
func (cl *Client) streamDone(size int, err error) {
	s := cl.streamState()
	s.mu.Lock()
	s.inflight -= size
	s.calls--
	if err != nil && s.err == nil {
		s.err = err
	}
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
}

// WaitStreams waits until every streaming call made on the capability has
// returned, and reports the first error among them.
func (cl *Client) WaitStreams(ctx context.Context) error {
	s := cl.streamState()
	for {
		s.mu.Lock()
		calls, err, wake := s.calls, s.err, s.wake
		s.mu.Unlock()
		if calls == 0 || err != nil {
			return err
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		case <-cl.conn.done:
			return cl.conn.Err()
		}
	}
}
