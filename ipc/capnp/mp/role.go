package mp

import (
	"context"
	"errors"
	"os"
	"time"
)

// The reader role: one goroutine at a time reads the connection. A caller
// waiting for its Return takes the role when it is free and reads its own
// Return, as a plain socket ping-pong would, instead of being woken by a
// reader goroutine: on a machine with idle cores, that wake-up moves the
// caller to another thread and costs more than the call itself. The
// background reader takes the role whenever nobody else reads: at the
// start, when unread data waits, after a streaming call, and when the role
// has been free for idleDelay (so unsolicited calls are never left unread
// for longer). After it hands a Return to a waiting caller it lets the role
// go, so that caller's next call reads for itself.

// idleDelay is how long the role may stay free before the background reader
// takes it back.
const idleDelay = 500 * time.Microsecond

// deadliner is a connection whose blocked read can be interrupted.
type deadliner interface {
	SetReadDeadline(time.Time) error
}

// bgLoop is the background reader: it reads while it holds the role and
// ends the connection's life: when it returns, the connection is done.
func (c *Conn) bgLoop() {
	defer close(c.done)
	defer c.pool.wait()
	for {
		select {
		case <-c.bgWake:
		case <-c.quit:
			return
		}
		c.bgRead()
		if c.closed.Load() {
			return
		}
	}
}

// bgRead reads until the connection fails or the role is handed on.
func (c *Conn) bgRead() {
	c.wokeCaller = false
	for {
		m, err := c.fr.read()
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				c.clearDeadline() // meant for a caller who has since let go
				continue
			}
			c.readFailed(err)
			return
		}
		c.stats.msgsIn.Add(1)
		c.handle(m)
		if c.closed.Load() {
			return
		}
		c.flushIfDrained()
		if c.wokeCaller {
			c.wokeCaller = false
			c.mu.Lock()
			if c.fr.idle() {
				c.releaseRoleLocked()
				c.mu.Unlock()
				return
			}
			c.mu.Unlock()
		}
	}
}

// idle reports whether the reader is between messages with nothing
// buffered.
func (f *frameReader) idle() bool { return f.stage == 0 && f.r.Buffered() == 0 }

// await waits for q's Return: it reads for itself when the role is free or
// handed to it, else waits to be woken with the Return or the role. It
// returns ctx's error if ctx ends first (the call is then cancelled);
// otherwise q holds the Return or the error the call failed with.
func (c *Conn) await(ctx context.Context, q *question) error {
	c.mu.Lock()
	for {
		if q.state != qWaiting {
			c.mu.Unlock()
			return nil
		}
		if q.takeRole || (!c.readerBusy && c.canRead(ctx)) {
			q.takeRole = false
			c.readerBusy = true
			c.mu.Unlock()
			return c.readFor(ctx, q)
		}
		c.waiters = append(c.waiters, q)
		c.mu.Unlock()
		select {
		case <-q.done:
			c.mu.Lock()
		case <-ctx.Done():
			c.mu.Lock()
			if c.removeWaiterLocked(q) {
				// Still enrolled: nobody will wake us.
				return c.cancelLocked(ctx, q)
			}
			// A wake-up is on its way: take it, then decide.
			c.mu.Unlock()
			<-q.done
			c.mu.Lock()
			if q.takeRole {
				q.takeRole = false
				c.releaseRoleLocked()
				return c.cancelLocked(ctx, q)
			}
		}
	}
}

// cancelLocked gives up on q: its Finish tells the server, its Return will
// be dropped on arrival. It unlocks c.mu.
func (c *Conn) cancelLocked(ctx context.Context, q *question) error {
	q.state = qCanceled
	c.mu.Unlock()
	c.sendFinish(q.id, true)
	return ctx.Err()
}

// canRead reports whether a caller with ctx may hold the reader role: it must
// be able to stop reading when ctx ends.
func (c *Conn) canRead(ctx context.Context) bool {
	if _, ok := ctx.(*callCtx); ok {
		return c.deadline != nil
	}
	return ctx.Done() == nil || c.deadline != nil
}

// readFor reads, holding the role, until q's Return arrives, ctx ends or
// the connection fails, then lets the role go.
func (c *Conn) readFor(ctx context.Context, q *question) error {
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, c.interruptRead)
		defer stop()
	}
	for {
		m, err := c.fr.read()
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				c.clearDeadline()
				if ctx.Err() != nil {
					c.mu.Lock()
					c.releaseRoleLocked()
					return c.cancelLocked(ctx, q)
				}
				continue
			}
			c.readFailed(err) // fails q, as every waiting call
			return nil
		}
		c.stats.msgsIn.Add(1)
		c.handle(m)
		if c.closed.Load() {
			return nil
		}
		c.flushIfDrained()
		c.mu.Lock()
		if q.state != qWaiting {
			c.releaseRoleLocked()
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
	}
}

// releaseRoleLocked passes the reader role on: to a waiting caller, to the
// background reader if data is pending, or nobody (the background reader
// takes it after idleDelay).
func (c *Conn) releaseRoleLocked() {
	if c.err != nil {
		c.readerBusy = false
		return
	}
	if len(c.waiters) > 0 {
		w := c.waiters[0]
		c.waiters = c.waiters[1:]
		w.takeRole = true
		w.done <- struct{}{}
		return
	}
	if !c.fr.idle() {
		c.wakeBackgroundLocked()
		return
	}
	c.readerBusy = false
	if !c.idleArmed {
		c.idleArmed = true
		c.idleTimer.Reset(idleDelay)
	}
}

// wakeBackgroundLocked gives the role to the background reader.
func (c *Conn) wakeBackgroundLocked() {
	c.readerBusy = true
	select {
	case c.bgWake <- struct{}{}:
	default:
	}
}

// ensureReader makes sure somebody reads (after a call nobody waits for).
func (c *Conn) ensureReader() {
	c.mu.Lock()
	if !c.readerBusy && c.err == nil {
		c.wakeBackgroundLocked()
	}
	c.mu.Unlock()
}

// idleTimeout hands a role left free to the background reader.
func (c *Conn) idleTimeout() {
	c.mu.Lock()
	c.idleArmed = false
	if !c.readerBusy && c.err == nil {
		c.wakeBackgroundLocked()
	}
	c.mu.Unlock()
}

// removeWaiterLocked takes q off the waiters and reports whether it was
// there. A question is on the list exactly while its caller waits on
// q.done, and whoever takes it off sends the one wake-up, so no wake-up is
// ever left behind in the channel.
func (c *Conn) removeWaiterLocked(q *question) bool {
	for i, w := range c.waiters {
		if w == q {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			return true
		}
	}
	return false
}

// wakeLocked wakes q's caller if it waits: its Return arrived or the call
// failed. It reports whether it woke somebody.
func (c *Conn) wakeLocked(q *question) bool {
	if !c.removeWaiterLocked(q) {
		return false
	}
	q.done <- struct{}{}
	return true
}

func (c *Conn) interruptRead() {
	if c.deadline != nil {
		c.deadline.SetReadDeadline(time.Now())
	}
}

func (c *Conn) clearDeadline() {
	if c.deadline != nil {
		c.deadline.SetReadDeadline(time.Time{})
	}
}

// flushIfDrained flushes Returns held back by the reader once no more input
// is buffered (the reader is about to block).
func (c *Conn) flushIfDrained() {
	if !c.fr.idle() {
		return
	}
	// Never wait for the write lock here: its holder may be blocked writing
	// to a peer that waits for us to read. It flushes what we wrote.
	if !c.wmu.TryLock() {
		return
	}
	c.unlockWriter(true)
}
