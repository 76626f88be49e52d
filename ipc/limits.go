package ipc

import (
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Limits bound what the clients of a listening process (-ipcbind) may take
// from it. Zero fields take the defaults below. Spawned children (-ipcfd)
// are not limited.
type Limits struct {
	// MaxConnections bounds the live connections accepted by this process,
	// TLS handshakes in progress included (-ipcbind on unix and tcp
	// together; default 256).
	MaxConnections int
	// MaxConnectionsPerClient bounds the live connections of one client
	// identity (-ipcmaxclientconnections, default 16): over TCP the name of
	// the client's credential; over a unix socket the peer process
	// (SO_PEERCRED pid), so one process cannot lock out the others.
	// Connections beyond it are closed at once and logged.
	MaxConnectionsPerClient int
	// MaxPendingCalls bounds the incoming calls of one connection that run
	// at once (-ipcmaxpendingcalls, default 64). When they are all busy,
	// further calls of that connection wait, up to MaxQueuedBytesLocal or
	// MaxQueuedBytesRemote of them, beyond which they are refused as
	// overloaded; the connection is still read, and other connections go
	// on. The peer may also have at most 16 times as many calls outstanding
	// (queued, or answered with capabilities and not Finished) before it is
	// disconnected.
	MaxPendingCalls int
	// Timeout (-ipctimeout, default 10 s) bounds the TLS handshake, and sets
	// TCP keepalive and TCP_USER_TIMEOUT so a dead network is noticed within
	// about Timeout on both sides. A write to an accepted connection (unix or
	// tcp) that makes no progress for 3 × Timeout drops that connection.
	Timeout time.Duration
}

// Default limits.
const (
	DefaultMaxConnections          = 256
	DefaultMaxConnectionsPerClient = 16
	DefaultMaxPendingCalls         = 64
	DefaultTimeout                 = 10 * time.Second
)

// Bounds per transport on what one accepted client may send: the size of
// one message, and the bytes of its calls waiting for a handler. A client
// over TCP gets far less than a local one; a spawned child (our own
// process) gets the protocol's defaults (256 MiB messages, 16 MiB queued).
const (
	MaxMessageSizeLocal  = 128 << 20 // unix socket clients
	MaxMessageSizeRemote = 32 << 20  // TLS clients
	MaxQueuedBytesLocal  = 16 << 20
	MaxQueuedBytesRemote = 4 << 20
)

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	if l.MaxConnections <= 0 {
		l.MaxConnections = DefaultMaxConnections
	}
	if l.MaxConnectionsPerClient <= 0 {
		l.MaxConnectionsPerClient = DefaultMaxConnectionsPerClient
	}
	if l.MaxPendingCalls <= 0 {
		l.MaxPendingCalls = DefaultMaxPendingCalls
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultTimeout
	}
	return l
}

// writeTimeout is how long a write to an accepted connection may make no
// progress.
func (l Limits) writeTimeout() time.Duration { return 3 * l.Timeout }

// connCounter counts the live accepted connections, in all and per client
// identity.
type connCounter struct {
	mu     sync.Mutex
	total  int
	byPeer map[string]int
}

// acquire takes one of max connection slots; it reports false when all are
// taken.
func (c *connCounter) acquire(max int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.total >= max {
		return false
	}
	c.total++
	return true
}

func (c *connCounter) release() {
	c.mu.Lock()
	c.total--
	c.mu.Unlock()
}

// acquireClient takes one of the max connection slots of client id; it
// reports false when all are taken.
func (c *connCounter) acquireClient(id string, max int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byPeer == nil {
		c.byPeer = map[string]int{}
	}
	if c.byPeer[id] >= max {
		return false
	}
	c.byPeer[id]++
	return true
}

func (c *connCounter) releaseClient(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byPeer[id]--; c.byPeer[id] <= 0 {
		delete(c.byPeer, id)
	}
}

// writeTimeoutConn drops a peer that stops reading: every write gets a
// deadline between 3/4 and all of timeout from its start, so a write that
// makes no progress fails and the connection ends, instead of holding the
// connection's writers (and whoever waits on them) forever. The deadline is
// pushed forward at most every timeout/4, not on every write.
type writeTimeoutConn struct {
	net.Conn
	timeout time.Duration
	pushed  atomic.Int64 // UnixNano when the deadline was last set
}

func newWriteTimeoutConn(c net.Conn, timeout time.Duration) *writeTimeoutConn {
	return &writeTimeoutConn{Conn: c, timeout: timeout}
}

func (c *writeTimeoutConn) Write(b []byte) (int, error) {
	now := time.Now()
	if last := c.pushed.Load(); now.UnixNano()-last > int64(c.timeout/4) {
		if err := c.Conn.SetWriteDeadline(now.Add(c.timeout)); err != nil {
			return 0, err
		}
		c.pushed.Store(now.UnixNano())
	}
	return c.Conn.Write(b)
}

// tcpUserTimeout is TCP_USER_TIMEOUT of linux/tcp.h (not in package
// syscall).
const tcpUserTimeout = 0x12

// setTCPTimeouts makes a dead network show on c within about timeout:
// keepalive probes from timeout/2 of silence, three probes timeout/6 apart,
// and TCP_USER_TIMEOUT for data that stays unacknowledged.
func setTCPTimeouts(c *net.TCPConn, timeout time.Duration) error {
	interval := max(timeout/6, time.Second)
	err := c.SetKeepAliveConfig(net.KeepAliveConfig{
		Enable:   true,
		Idle:     max(timeout/2, time.Second),
		Interval: interval,
		Count:    3,
	})
	if err != nil {
		return err
	}
	raw, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	err = raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, int(timeout.Milliseconds()))
	})
	if err != nil {
		return err
	}
	return serr
}
