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
	// MaxConnections bounds the live connections accepted on each -ipcbind
	// listener (default 256): each has its own, so a flood on the TCP port
	// does not lock local clients out of the unix socket. On TCP, clients
	// still in their TLS handshake do not take these slots but a quarter
	// as many of their own (an eighth of those per source address), for at
	// most 3 s, so unauthenticated connections cannot crowd out
	// authenticated ones.
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

// maxHandshakeTime bounds a TLS client's handshake (or Timeout if shorter):
// it takes milliseconds, and a silent connection must not hold a slot long.
const maxHandshakeTime = 3 * time.Second

func (l Limits) handshakeTimeout() time.Duration { return min(l.Timeout, maxHandshakeTime) }

// maxHandshakes bounds the TLS handshakes in progress on one listener, in
// all and per source address.
func (l Limits) maxHandshakes() (total, perAddress int) {
	total = max(l.MaxConnections/4, 1)
	return total, max(total/8, 1)
}

// writeTimeout is how long a write to an accepted connection may make no
// progress.
func (l Limits) writeTimeout() time.Duration { return 3 * l.Timeout }

// connCounter counts live accepted connections: a listener's in all, and
// the process's per client identity.
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

// handshakes counts the TLS handshakes in progress on a listener, in all
// and per source address.
type handshakes struct {
	mu     sync.Mutex
	total  int
	byAddr map[string]int
}

// acquire takes a handshake slot for a client from addr; it reports false
// when the listener's or the address's are all taken.
func (h *handshakes) acquire(addr string, max, maxPerAddr int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.total >= max || h.byAddr[addr] >= maxPerAddr {
		return false
	}
	if h.byAddr == nil {
		h.byAddr = map[string]int{}
	}
	h.total++
	h.byAddr[addr]++
	return true
}

func (h *handshakes) release(addr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.total--
	if h.byAddr[addr]--; h.byAddr[addr] <= 0 {
		delete(h.byAddr, addr)
	}
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
