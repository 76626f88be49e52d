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
	Workers int
	// MaxMessageSize bounds one incoming message in bytes (default 256 MiB).
	MaxMessageSize int
	// StreamWindow bounds the bytes of streaming calls in flight per
	// capability before a streaming call waits (default 1 MiB).
	StreamWindow int
	// MaxAnswers bounds the calls in progress that the peer may have on this
	// connection; beyond it the reader stops reading (default 4096).
	MaxAnswers int
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

	mu        sync.Mutex
	err       error    // why the connection ended; nil while it runs
	releases  []uint32 // import ids whose Release waits for the next write
	questions []*question
	qfree     []uint32
	answers   map[uint32]*answer
	exports   []export
	efree     []uint32
	imports   int // live imported capability references (for leak checks)

	pool *workerPool
	done chan struct{}

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
	if c.cfg.Workers <= 0 {
		c.cfg.Workers = 64
	}
	if c.cfg.MaxMessageSize <= 0 {
		c.cfg.MaxMessageSize = 256 << 20
	}
	if c.cfg.StreamWindow <= 0 {
		c.cfg.StreamWindow = 1 << 20
	}
	if c.cfg.MaxAnswers <= 0 {
		c.cfg.MaxAnswers = 4096
	}
	c.log = c.cfg.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.trace = c.log.Enabled(context.Background(), levelTrace)
	c.br = bufio.NewReaderSize(rwc, 64<<10)
	c.bw = bufio.NewWriterSize(rwc, 64<<10)
	c.ctx, c.cancel = context.WithCancelCause(context.Background())
	c.answers = make(map[uint32]*answer)
	c.pool = newWorkerPool(c.cfg.Workers)
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
	c.exports = nil
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
	c.wmu.Lock()
	c.flushTimer.Stop()
	c.wmu.Unlock()
	c.idleTimer.Stop()
	close(c.quit)
	c.rwc.Close()
	c.pool.close()
}

// sendAbort tells the peer why the connection ends, best effort.
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
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if writeFrame(c.bw, &m.msg, &c.whdr) == nil {
		c.bw.Flush()
	}
}

// send writes a message. flush=false lets it wait in the buffer for the next
// write (Finish rides along with the next call); a per-connection timer
// flushes it if nothing follows soon.
func (c *Conn) send(m *capnp.Message, flush bool) error {
	c.wwaiting.Add(1)
	c.wmu.Lock()
	c.wwaiting.Add(-1)
	if c.closed.Load() {
		c.wmu.Unlock()
		return c.Err()
	}
	err := c.writeReleases()
	if err == nil {
		err = writeFrame(c.bw, m, &c.whdr)
	}
	if flush {
		c.wantFlush = true
	}
	if err == nil && c.wwaiting.Load() == 0 {
		if c.wantFlush {
			err = c.bw.Flush()
			c.wantFlush = false
		} else if c.bw.Buffered() > 0 && !c.timerArmed {
			c.timerArmed = true
			c.flushTimer.Reset(200 * time.Microsecond)
		}
	}
	c.wmu.Unlock()
	if err != nil {
		c.shutdown(newDisconnected("write failed", err), false)
		return c.Err()
	}
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
	c.wmu.Unlock()
	if err != nil {
		c.shutdown(newDisconnected("write failed", err), false)
	}
}

// protocolError ends the connection because the peer broke the protocol.
func (c *Conn) protocolError(format string, args ...any) {
	err := &ipc.Error{Kind: ipc.ErrProtocol, Description: fmt.Sprintf(format, args...)}
	c.log.Warn("IPC protocol error, closing connection", "peer", c.cfg.Peer, "err", err)
	c.shutdown(errors.Join(newDisconnected("peer broke the protocol", nil), err), true)
}
