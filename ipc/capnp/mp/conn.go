package mp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"capnproto.org/go/capnp/v3"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// Config configures a connection.
type Config struct {
	// Bootstrap is the capability offered to the peer's Bootstrap message
	// (the process's Init); nil offers none.
	Bootstrap Dispatcher
	// Logger receives -debug=ipc call logs and connection events; nil
	// discards them.
	Logger *slog.Logger
	// Name describes this side in logs, e.g. "bitcoin-node-1234".
	Name string
	// Peer describes the other side in logs.
	Peer string
	// Workers bounds the goroutines that run blocking handlers (default 64).
	// When all are busy, further calls wait in a queue; the connection is
	// read on, so Returns of calls the busy handlers make back into the
	// peer still arrive.
	Workers int
	// MaxQueuedBytes bounds the bytes of the calls waiting for a worker
	// (default 16 MiB). A call that would exceed it is refused as
	// overloaded (ipc.ErrOverloaded); one call may always wait.
	MaxQueuedBytes int
	// MaxAnswers bounds the peer's calls and Bootstraps this side keeps:
	// not answered yet (running or queued), or answered with capabilities
	// and not Finished. A peer that exceeds it is disconnected as breaking
	// the protocol (default 64 × Workers).
	MaxAnswers int
	// MaxExports bounds the capabilities this side serves to the peer, and
	// MaxImports the peer's capabilities this side holds (default 10,000
	// each). A peer that takes or sends more is disconnected.
	MaxExports, MaxImports int
	// MaxMessageSize bounds one incoming message in bytes (default 256 MiB;
	// package ipc sets lower bounds for clients that are not our own
	// children).
	MaxMessageSize int
	// MaxUnsentBytes bounds the replies the reader has answered but could
	// not write yet because another writer is blocked on a peer that does
	// not read (default 16 MiB). Beyond it the connection is closed.
	MaxUnsentBytes int
	// StreamWindow bounds the bytes of streaming calls in flight per
	// capability before a streaming call waits (default 1 MiB).
	StreamWindow int
}

// Defaults of the Config fields.
const (
	DefaultWorkers        = 64
	DefaultMaxQueuedBytes = 16 << 20
	DefaultMaxCaps        = 10_000
	DefaultMaxMessageSize = 256 << 20
	DefaultMaxUnsentBytes = 16 << 20
	DefaultStreamWindow   = 1 << 20
)

func (cfg *Config) setDefaults() {
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&cfg.Workers, DefaultWorkers)
	set(&cfg.MaxQueuedBytes, DefaultMaxQueuedBytes)
	set(&cfg.MaxAnswers, 64*cfg.Workers)
	set(&cfg.MaxExports, DefaultMaxCaps)
	set(&cfg.MaxImports, DefaultMaxCaps)
	set(&cfg.MaxMessageSize, DefaultMaxMessageSize)
	set(&cfg.MaxUnsentBytes, DefaultMaxUnsentBytes)
	set(&cfg.StreamWindow, DefaultStreamWindow)
}

// Conn is one Cap'n Proto RPC connection to another process.
type Conn struct {
	cfg   Config
	rwc   io.ReadWriteCloser
	br    *bufio.Reader
	log   *slog.Logger
	trace bool // log argument contents

	// writing
	wmu        sync.Mutex
	bw         *bufio.Writer
	whdr       [8]byte      // frame header scratch, under wmu
	wokeCaller bool         // the reader just delivered a Return to a waiting caller (role holder only)
	wwaiting   atomic.Int32 // writers waiting for wmu
	wantFlush  bool         // a waiting or finished writer asked for a flush (under wmu)
	flushTimer *time.Timer
	timerArmed bool // under wmu

	// ctx ends when the connection does; handlers' contexts derive from it.
	ctx    context.Context
	cancel context.CancelCauseFunc

	closed atomic.Bool // the connection has ended (err is set)

	mu         sync.Mutex
	err        error     // why the connection ended; nil while it runs
	releases   []uint32  // import ids whose Release waits for the next write
	pendingOut []*outMsg // messages the reader handed to the writer
	// bytes of pendingOut
	pendingOutBytes int
	questions       []*question
	qfree           []uint32
	answers         map[uint32]*answer
	exports         []export
	efree           []uint32
	imports         int // live imported capability references (for leak checks)
	// bytes of the calls parked on answers they are pipelined on
	parkedBytes int

	pool  *workerPool
	done  chan struct{}
	stats counters

	threads atomic.Pointer[callThreads] // Core's thread handshake, after UseThreads

	// The reader role (role.go), under mu except fr, which belongs to the
	// role's holder.
	fr         frameReader
	readerBusy bool
	waiters    []*question
	bgWake     chan struct{}
	quit       chan struct{}
	idleTimer  *time.Timer
	idleArmed  bool
	deadline   deadliner // nil if reads cannot be interrupted
}

// New starts serving a connection on rwc. The connection owns rwc and closes
// it when it ends.
func New(rwc io.ReadWriteCloser, cfg *Config) *Conn {
	c := &Conn{cfg: *cfg, rwc: rwc, done: make(chan struct{})}
	c.cfg.setDefaults()
	c.log = c.cfg.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.trace = c.log.Enabled(context.Background(), levelTrace)
	c.br = bufio.NewReaderSize(countingReader{rwc, &c.stats.bytesIn}, 64<<10)
	c.bw = bufio.NewWriterSize(countingWriter{rwc, &c.stats.bytesOut}, 64<<10)
	c.ctx, c.cancel = context.WithCancelCause(context.Background())
	c.answers = make(map[uint32]*answer)
	c.pool = newWorkerPool(c.cfg.Workers, c.cfg.MaxQueuedBytes)
	c.flushTimer = time.AfterFunc(time.Hour, c.lazyFlush)
	c.flushTimer.Stop()
	c.idleTimer = time.AfterFunc(time.Hour, c.idleTimeout)
	c.idleTimer.Stop()
	c.fr = frameReader{r: c.br, limit: c.cfg.MaxMessageSize}
	c.deadline, _ = rwc.(deadliner)
	c.bgWake = make(chan struct{}, 1)
	c.quit = make(chan struct{})
	c.wakeBackgroundLocked() // the background reader starts with the role
	go c.bgLoop()
	return c
}

// levelTrace is Bitcoin Core's trace level below debug.
const levelTrace = slog.LevelDebug - 4

// Done is closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended, or nil while it runs.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Context returns a context that ends with the connection.
func (c *Conn) Context() context.Context { return c.ctx }

// Close ends the connection: pending calls fail with ipc.ErrDisconnected,
// running handlers see their context cancelled. It waits for the reader.
func (c *Conn) Close() error {
	c.shutdown(newDisconnected("connection closed", nil), true)
	<-c.done
	return nil
}

// LiveImports returns how many capability references the peer gave this side
// that are still held (for leak checks in tests).
func (c *Conn) LiveImports() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.imports
}

// LiveExports returns how many capabilities this side serves to the peer.
func (c *Conn) LiveExports() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.exports {
		if e.refs > 0 {
			n++
		}
	}
	return n
}

func newDisconnected(desc string, cause error) error {
	return &ipc.Error{Kind: ipc.ErrDisconnected, Description: desc, Err: cause}
}

// shutdown ends the connection once, failing everything in flight with err.
func (c *Conn) shutdown(err error, sendAbort bool) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	c.closed.Store(true)
	c.log.Info("IPC connection to "+c.cfg.Peer+" closed", "stats", c.Stats().String(), "reason", err)
	// Fail waiting calls under the lock: their callers may be checking state.
	for _, q := range c.questions {
		q.fail(err)
		c.wakeLocked(q)
	}
	c.waiters = nil
	c.questions = nil
	var parked []*answer
	for _, a := range c.answers {
		parked = append(parked, a.abandonLocked()...)
	}
	c.answers = map[uint32]*answer{}
	c.exports, c.efree = nil, nil // with the table, its free ids: addExport must not index the nil table
	c.mu.Unlock()
	// Parked calls never ran: nothing else refers to their messages.
	for len(parked) > 0 {
		a := parked[len(parked)-1]
		parked = append(parked[:len(parked)-1], a.pipelined...)
		a.in.free()
	}

	c.cancel(err)
	if sendAbort {
		c.sendAbort(err)
	}
	// Not under wmu: a writer blocked on a peer that does not read holds it
	// until the socket is closed below. lazyFlush checks closed anyway.
	c.flushTimer.Stop()
	c.idleTimer.Stop()
	close(c.quit)
	c.rwc.Close()
	c.pool.close()
}

// abortTimeout bounds the write of an Abort to a peer that may not read.
const abortTimeout = 100 * time.Millisecond

// sendAbort tells the peer why the connection ends, best effort: not if
// another writer holds the connection (it may be blocked on a peer that does
// not read).
func (c *Conn) sendAbort(err error) {
	m, e := newOutMsg()
	if e != nil {
		return
	}
	defer m.free()
	exc, e := m.root.NewAbort()
	if e != nil {
		return
	}
	encodeException(exc, err)
	if !c.wmu.TryLock() {
		return
	}
	defer c.wmu.Unlock()
	if wd, ok := c.rwc.(interface{ SetWriteDeadline(time.Time) error }); ok {
		wd.SetWriteDeadline(time.Now().Add(abortTimeout))
	}
	if writeFrame(c.bw, &m.msg, &c.whdr) == nil {
		c.bw.Flush()
	}
}

// flushMode says when a written message must reach the socket.
type flushMode uint8

const (
	// flushNow: flush unless another writer is waiting (it will flush).
	flushNow flushMode = iota
	// flushLazy: the message may wait for the next write (Finish and Release
	// ride along with the next call); a per-connection timer flushes it if
	// nothing follows soon.
	flushLazy
	// flushHeld: the reader will flush once it has drained its input
	// (Returns of inline calls answered while more calls are buffered).
	flushHeld
)

// send writes a message.
func (c *Conn) send(m *capnp.Message, how flushMode) error {
	c.wwaiting.Add(1)
	c.wmu.Lock()
	c.wwaiting.Add(-1)
	return c.writeLocked(m, how)
}

// sendFromReader writes a message for the goroutine holding the reader role,
// which must not wait for the write lock: its holder may be blocked writing
// to a peer that waits for us to read. If the lock is taken, the message is
// handed to its holder, which writes it before letting go. It takes
// ownership of out.
func (c *Conn) sendFromReader(out *outMsg, how flushMode) {
	if c.wmu.TryLock() {
		c.writeLocked(&out.msg, how)
		out.free()
		return
	}
	c.mu.Lock()
	c.pendingOut = append(c.pendingOut, out)
	c.pendingOutBytes += len(out.seg.Data())
	unsent := c.pendingOutBytes
	c.mu.Unlock()
	if unsent > c.cfg.MaxUnsentBytes {
		c.protocolError("the peer does not read its replies: %d bytes of them wait to be written", unsent)
		return
	}
	// Whoever lets go of the lock next looks at pendingOut (unlockWriter);
	// if that already happened, take the lock now.
	if c.wmu.TryLock() {
		c.unlockWriter(true)
	}
}

// unlockWriter releases wmu, first writing what the reader handed over, and
// checks again after letting go, so no handed-over message is stranded.
// flush=false leaves a pending flush to the reader (flushHeld).
func (c *Conn) unlockWriter(flush bool) {
	for {
		var err error
		if !c.closed.Load() {
			err = c.writePendingLocked()
			if err == nil && flush && c.wantFlush && c.wwaiting.Load() == 0 {
				err = c.bw.Flush()
				c.wantFlush = false
			}
		}
		c.wmu.Unlock()
		if err != nil {
			c.shutdown(newDisconnected("write failed", err), false)
			return
		}
		c.mu.Lock()
		more := len(c.pendingOut) > 0
		c.mu.Unlock()
		if !more || !c.wmu.TryLock() {
			return // a new holder of the lock writes them
		}
		flush = true
	}
}

// writeLocked writes m; the caller holds wmu, which it releases.
func (c *Conn) writeLocked(m *capnp.Message, how flushMode) error {
	if c.closed.Load() {
		c.wmu.Unlock()
		return c.Err()
	}
	err := c.writeReleases()
	if err == nil {
		err = writeFrame(c.bw, m, &c.whdr)
		c.stats.msgsOut.Add(1)
	}
	if how != flushLazy {
		c.wantFlush = true
	}
	if err == nil {
		err = c.writePendingLocked()
	}
	if err == nil && c.wwaiting.Load() == 0 && how != flushHeld {
		if c.wantFlush {
			err = c.bw.Flush()
			c.wantFlush = false
		} else if c.bw.Buffered() > 0 && !c.timerArmed {
			c.timerArmed = true
			c.flushTimer.Reset(200 * time.Microsecond)
		}
	}
	if err != nil {
		c.wmu.Unlock()
		c.shutdown(newDisconnected("write failed", err), false)
		return c.Err()
	}
	c.unlockWriter(how != flushHeld)
	return nil
}

func (c *Conn) lazyFlush() {
	c.wmu.Lock()
	c.timerArmed = false
	if c.closed.Load() {
		c.wmu.Unlock()
		return
	}
	err := c.writeReleases()
	if err == nil && c.bw.Buffered() > 0 {
		err = c.bw.Flush()
	}
	if err != nil {
		c.wmu.Unlock()
		c.shutdown(newDisconnected("write failed", err), false)
		return
	}
	c.unlockWriter(true)
}

// protocolError ends the connection because the peer broke the protocol or
// a limit, and returns the error the connection ended with.
func (c *Conn) protocolError(format string, args ...any) error {
	err := &ipc.Error{Kind: ipc.ErrProtocol, Description: fmt.Sprintf(format, args...)}
	c.log.Warn("IPC protocol error, closing connection", "peer", c.cfg.Peer, "err", err)
	c.shutdown(errors.Join(newDisconnected("peer broke the protocol", nil), err), true)
	return c.Err()
}

// writePendingLocked writes the messages the reader handed over; the caller
// holds wmu.
func (c *Conn) writePendingLocked() error {
	c.mu.Lock()
	pending := c.pendingOut
	c.pendingOut = nil
	c.pendingOutBytes = 0
	c.mu.Unlock()
	var err error
	for _, out := range pending {
		if err == nil {
			err = writeFrame(c.bw, &out.msg, &c.whdr)
			c.wantFlush = true
		}
		out.free()
	}
	return err
}
