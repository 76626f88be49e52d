package zmq

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"
)

// DefaultHWM is libzmq's default send high-water mark (ZMQ_SNDHWM).
const DefaultHWM = 1000

// handshakeTimeout is libzmq's ZMQ_HANDSHAKE_IVL default.
const handshakeTimeout = 30 * time.Second

// maxSubscriptionBytes bounds the subscriptions one subscriber may hold.
const maxSubscriptionBytes = 1 << 20

// Config configures a Socket.
type Config struct {
	// HWM is the send high-water mark: the messages queued per subscriber
	// before new ones are dropped for it; 0 means no limit (as libzmq).
	HWM int
	// Logger receives "zmq" category lines; nil discards them.
	Logger *slog.Logger
}

// Socket is a bound PUB socket. Its methods are safe for concurrent use.
type Socket struct {
	endpoint string
	hwm      int
	log      *slog.Logger
	ln       net.Listener

	mu     sync.Mutex
	conns  map[*conn]struct{}
	closed bool

	wg sync.WaitGroup
}

// Listen binds a PUB socket to endpoint ("tcp://host:port" or
// "ipc://path") and accepts subscribers until Close.
func Listen(endpoint string, cfg *Config) (*Socket, error) {
	if cfg == nil {
		cfg = &Config{HWM: DefaultHWM}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.HWM < 0 {
		return nil, newError(ErrEndpoint, fmt.Sprintf("invalid high-water mark %d", cfg.HWM), nil)
	}
	ln, err := listen(endpoint)
	if err != nil {
		return nil, err
	}
	s := &Socket{endpoint: endpoint, hwm: cfg.HWM, log: log, ln: ln, conns: map[*conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Addr is the bound address (with the port chosen for port 0).
func (s *Socket) Addr() net.Addr { return s.ln.Addr() }

// Endpoint is the endpoint the socket was bound with.
func (s *Socket) Endpoint() string { return s.endpoint }

func (s *Socket) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors and the like: keep the socket,
			// as libzmq, and try again shortly.
			s.log.Debug(fmt.Sprintf("Accepting a subscriber at %s failed: %v", s.endpoint, err))
			time.Sleep(100 * time.Millisecond)
			continue
		}
		c := newConn(s, nc)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c.run()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// Send publishes a multi-part message (topic first) to every subscriber
// whose subscriptions match the first part. It never blocks: a subscriber
// whose queue holds HWM messages does not get this one. The parts must not
// be changed afterwards.
func (s *Socket) Send(parts ...[]byte) error {
	if len(parts) == 0 {
		return nil
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return newError(ErrClosed, "zmq: send on a closed socket", nil)
	}
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.offer(parts, s.hwm)
	}
	return nil
}

// Close stops accepting, closes every subscriber's connection at once
// (libzmq's linger 0: queued messages are dropped) and waits for the
// goroutines.
func (s *Socket) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	err := s.ln.Close()
	for _, c := range conns {
		c.close()
	}
	s.wg.Wait()
	return err
}

// conn is one subscriber.
type conn struct {
	s  *Socket
	nc net.Conn

	mu       sync.Mutex
	ready    bool
	closed   bool
	subs     map[string]int
	subBytes int
	queue    []outbound
	dropped  uint64
	wake     chan struct{}
}

// outbound is a queued message, or a command frame of our own (PONG).
type outbound struct {
	parts   [][]byte
	command []byte
}

func newConn(s *Socket, nc net.Conn) *conn {
	return &conn{s: s, nc: nc, subs: map[string]int{}, wake: make(chan struct{}, 1)}
}

func (c *conn) close() {
	c.mu.Lock()
	c.closed = true
	c.queue = nil
	c.mu.Unlock()
	c.nc.Close()
	c.signal()
}

func (c *conn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// matches reports whether a subscription is a prefix of topic; c.mu is
// held.
func (c *conn) matches(topic []byte) bool {
	for sub := range c.subs {
		if strings.HasPrefix(string(topic), sub) {
			return true
		}
	}
	return false
}

// offer queues a message if the subscriber wants it and has room.
func (c *conn) offer(parts [][]byte, hwm int) {
	c.mu.Lock()
	if c.closed || !c.ready || !c.matches(parts[0]) {
		c.mu.Unlock()
		return
	}
	if hwm > 0 && len(c.queue) >= hwm {
		c.dropped++
		if c.dropped == 1 || c.dropped%1000 == 0 {
			c.s.log.Debug(fmt.Sprintf("Subscriber %s at %s is at its high water mark (%d); %d messages dropped",
				c.nc.RemoteAddr(), c.s.endpoint, hwm, c.dropped))
		}
		c.mu.Unlock()
		return
	}
	c.queue = append(c.queue, outbound{parts: parts})
	c.mu.Unlock()
	c.signal()
}

// run does the handshake, then reads subscriptions while a writer sends
// the queue; it returns when the connection ends.
func (c *conn) run() {
	defer c.close()
	r := bufio.NewReader(c.nc)
	if err := c.handshake(r); err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
			c.s.log.Debug(fmt.Sprintf("Subscriber %s at %s refused: %v", c.nc.RemoteAddr(), c.s.endpoint, err))
		}
		return
	}
	c.mu.Lock()
	c.ready = !c.closed
	c.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.write()
	}()
	err := c.read(r)
	c.close()
	<-done
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
		c.s.log.Debug(fmt.Sprintf("Subscriber %s at %s disconnected: %v", c.nc.RemoteAddr(), c.s.endpoint, err))
	}
}

// handshake exchanges greetings and READY commands (ZMTP 3.1, NULL).
func (c *conn) handshake(r *bufio.Reader) error {
	c.nc.SetDeadline(time.Now().Add(handshakeTimeout))
	defer c.nc.SetDeadline(time.Time{})
	if _, err := c.nc.Write(greeting); err != nil {
		return err
	}
	peer := make([]byte, greetingSize)
	if _, err := io.ReadFull(r, peer); err != nil {
		return err
	}
	if err := checkGreeting(peer); err != nil {
		return err
	}
	if _, err := c.nc.Write(appendFrame(nil, flagCommand, readyCommand("PUB"))); err != nil {
		return err
	}
	flags, body, err := readFrame(r)
	if err != nil {
		return err
	}
	if flags&flagCommand == 0 {
		return newError(ErrProtocol, "peer sent a message before READY", nil)
	}
	name, data, err := parseCommand(body)
	if err != nil {
		return err
	}
	if name == "ERROR" {
		return newError(ErrProtocol, fmt.Sprintf("peer sent ERROR %q", errorReason(data)), nil)
	}
	if name != "READY" {
		return newError(ErrProtocol, fmt.Sprintf("peer sent %q instead of READY", name), nil)
	}
	props, err := parseProperties(data)
	if err != nil {
		return err
	}
	switch st := props["Socket-Type"]; st {
	case "SUB", "XSUB":
	default:
		return newError(ErrProtocol, fmt.Sprintf("socket type %q cannot subscribe to PUB", st), nil)
	}
	return nil
}

func errorReason(data []byte) string {
	if len(data) > 0 && int(data[0]) <= len(data)-1 {
		return string(data[1 : 1+int(data[0])])
	}
	return ""
}

// read handles what the subscriber sends: subscriptions (SUBSCRIBE and
// CANCEL commands, or messages starting with 1 or 0) and PINGs.
func (c *conn) read(r *bufio.Reader) error {
	continuation := false
	for {
		flags, body, err := readFrame(r)
		if err != nil {
			return err
		}
		if flags&flagCommand != 0 {
			name, data, err := parseCommand(body)
			if err != nil {
				return err
			}
			switch name {
			case "SUBSCRIBE":
				err = c.subscribe(data, true)
			case "CANCEL":
				err = c.subscribe(data, false)
			case "PING":
				c.pong(data)
			case "ERROR":
				return newError(ErrProtocol, fmt.Sprintf("peer sent ERROR %q", errorReason(data)), nil)
			}
			if err != nil {
				return err
			}
			continue
		}
		first := !continuation
		continuation = flags&flagMore != 0
		if !first || len(body) == 0 {
			continue
		}
		switch body[0] {
		case 1:
			err = c.subscribe(body[1:], true)
		case 0:
			err = c.subscribe(body[1:], false)
		}
		if err != nil {
			return err
		}
	}
}

func (c *conn) subscribe(topic []byte, add bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := string(topic)
	if add {
		if c.subs[t] == 0 {
			if c.subBytes+len(t) > maxSubscriptionBytes {
				return newError(ErrProtocol, "too many subscriptions", nil)
			}
			c.subBytes += len(t)
		}
		c.subs[t]++
		return nil
	}
	switch c.subs[t] {
	case 0:
	case 1:
		delete(c.subs, t)
		c.subBytes -= len(t)
	default:
		c.subs[t]--
	}
	return nil
}

// pong answers a PING with its context (after the 2-byte TTL).
func (c *conn) pong(data []byte) {
	var ctx []byte
	if len(data) > 2 {
		ctx = data[2:]
	}
	if len(ctx) > 16 {
		ctx = ctx[:16]
	}
	c.mu.Lock()
	if !c.closed {
		c.queue = append(c.queue, outbound{command: command("PONG", ctx)})
	}
	c.mu.Unlock()
	c.signal()
}

// write sends the queue, flushing when it is empty.
func (c *conn) write() {
	w := bufio.NewWriterSize(c.nc, 64<<10)
	var frame []byte
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.mu.Unlock()
			<-c.wake
			c.mu.Lock()
		}
		if c.closed {
			c.mu.Unlock()
			return
		}
		batch := c.queue
		c.queue = nil
		c.mu.Unlock()
		for i := range batch {
			m := &batch[i]
			if m.command != nil {
				frame = appendFrame(frame[:0], flagCommand, m.command)
				if _, err := w.Write(frame); err != nil {
					return
				}
				continue
			}
			for j, p := range m.parts {
				flags := byte(0)
				if j < len(m.parts)-1 {
					flags = flagMore
				}
				frame = appendHeader(frame[:0], flags, len(p))
				if _, err := w.Write(frame); err != nil {
					return
				}
				if _, err := w.Write(p); err != nil {
					return
				}
			}
			batch[i] = outbound{}
		}
		if err := w.Flush(); err != nil {
			return
		}
	}
}
