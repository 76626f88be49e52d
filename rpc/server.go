package rpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Defaults, as Core's.
const (
	DefaultThreads       = 16               // -rpcthreads
	DefaultWorkQueue     = 64               // -rpcworkqueue
	DefaultServerTimeout = 30 * time.Second // -rpcservertimeout
	MaxBodySize          = 32 << 20         // larger bodies get 413
	maxHeaderBytes       = 8192
	authFailDelay        = 250 * time.Millisecond
	shutdownTimeout      = 5 * time.Second
	shutdownGrace        = 200 * time.Millisecond
)

// Config configures a Server. Values are plain settings; the caller maps
// Core's options onto them.
type Config struct {
	// Logger receives the server's "rpc" category log lines, HTTPLogger its
	// "http" ones (Logger when nil). Nil discards them.
	Logger     *slog.Logger
	HTTPLogger *slog.Logger

	// Port is -rpcport (the chain's default when not given); 0 picks free
	// ports.
	Port int
	// Bind is -rpcbind ("host" or "host:port"), AllowIP is -rpcallowip.
	// Unless both are given the server binds ::1 and 127.0.0.1 only, as Core.
	Bind    []string
	AllowIP []string

	// User and Password are -rpcuser and -rpcpassword. With no password a
	// cookie is used.
	User, Password string
	// Auth holds -rpcauth values "USER:SALT$HASH".
	Auth []string
	// CookieFile is the absolute path of the cookie file (see
	// CookieFilePath); "" disables it (-norpccookiefile). CookiePerms is
	// -rpccookieperms: "", "owner", "group" or "all".
	CookieFile  string
	CookiePerms string
	// Whitelist is -rpcwhitelist; WhitelistDefault is -rpcwhitelistdefault
	// (nil: true when Whitelist is not empty).
	Whitelist        []string
	WhitelistDefault *bool

	// Threads and WorkQueue are -rpcthreads and -rpcworkqueue: requests
	// beyond Threads running plus WorkQueue waiting get 503.
	Threads, WorkQueue int
	// ServerTimeout is -rpcservertimeout, how long an idle connection stays.
	ServerTimeout time.Duration
	// NoWalletEndpoint stops serving /wallet/<name> URIs (Core serves them
	// only when built with wallet support).
	NoWalletEndpoint bool

	// WarmupStatus, when not empty, starts the server in warmup with this
	// status (Core starts with "RPC server started"); SetWarmupFinished ends
	// it.
	WarmupStatus string
	// Shutdown is called by the stop method.
	Shutdown func()
	// StartTime is when the process started, for uptime (zero: New's time).
	StartTime time.Time
	// LogPath is the debug log path getrpcinfo reports.
	LogPath string
	// NoControlMethods leaves out help, stop, uptime and getrpcinfo.
	NoControlMethods bool
}

// Server is the JSON-RPC server.
type Server struct {
	cfg     Config
	rpcLog  *slog.Logger
	httpLog *slog.Logger
	table   *table
	auth    *authState
	cookie  *cookie
	allow   allowList
	active  activeCommands
	start   time.Time

	listeners []net.Listener
	paths     pathHandlers
	srv       *http.Server
	slots     chan struct{}
	handlers  inflight
	queued    chan struct{}

	warmupMu     sync.Mutex
	inWarmup     bool
	warmupStatus string

	runOnce sync.Once
}

// ErrNoBind is returned by New when no address could be bound.
var ErrNoBind = errors.New("Unable to bind any endpoint for RPC server")

// New sets up authentication (writing the cookie file), binds the listen
// addresses and registers the control methods. Run serves; the listeners
// are open (and Addrs known) as soon as New returns.
func New(cfg *Config) (*Server, error) {
	c := *cfg
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	httpLog := c.HTTPLogger
	if httpLog == nil {
		httpLog = log
	}
	if c.Threads <= 0 {
		c.Threads = DefaultThreads
	}
	if c.WorkQueue <= 0 {
		c.WorkQueue = DefaultWorkQueue
	}
	if c.ServerTimeout <= 0 {
		c.ServerTimeout = DefaultServerTimeout
	}
	if c.StartTime.IsZero() {
		c.StartTime = time.Now()
	}
	s := &Server{
		cfg:          c,
		rpcLog:       log,
		httpLog:      httpLog,
		table:        newTable(),
		start:        c.StartTime,
		inWarmup:     c.WarmupStatus != "",
		warmupStatus: c.WarmupStatus,
		slots:        make(chan struct{}, c.Threads),
		queued:       make(chan struct{}, c.WorkQueue),
	}
	allow, err := newAllowList(c.AllowIP)
	if err != nil {
		s.httpLog.Error(err.Error())
		return nil, err
	}
	s.allow = allow
	s.httpLog.Debug(fmt.Sprintf("Allowing HTTP connections from: %v", allow))
	if err := s.listen(); err != nil {
		return nil, err
	}
	s.rpcLog.Debug("Starting HTTP RPC server")
	s.auth, s.cookie, err = newAuth(&c, s.rpcLog)
	if err != nil {
		s.closeListeners()
		return nil, err
	}
	if !c.NoControlMethods {
		s.registerControl()
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: c.ServerTimeout,
		IdleTimeout:       c.ServerTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.httpLog.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// listen binds the addresses Core's GetBindAddresses would.
func (s *Server) listen() error {
	type endpoint struct {
		host string
		port int
	}
	var eps []endpoint
	if len(s.cfg.AllowIP) == 0 || len(s.cfg.Bind) == 0 {
		eps = []endpoint{{"::1", s.cfg.Port}, {"127.0.0.1", s.cfg.Port}}
		if len(s.cfg.AllowIP) > 0 {
			s.httpLog.Warn("Option -rpcallowip was specified without -rpcbind; this doesn't usually make sense")
		}
		if len(s.cfg.Bind) > 0 {
			s.httpLog.Warn("Option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect")
		}
	} else {
		for _, b := range s.cfg.Bind {
			host, port, ok := SplitHostPort(b, s.cfg.Port)
			if !ok {
				err := fmt.Errorf("Invalid port specified in -rpcbind: '%s'", b)
				s.httpLog.Error(err.Error())
				return err
			}
			eps = append(eps, endpoint{host, port})
		}
	}
	for _, ep := range eps {
		s.httpLog.Info(fmt.Sprintf("Binding RPC on address %s port %d", ep.host, ep.port))
		addr, ok := parseHost(ep.host)
		if !ok {
			s.httpLog.Warn(fmt.Sprintf("Could not bind RPC on address %s port %d: Address lookup failed.", ep.host, ep.port))
			continue
		}
		if addr.IsUnspecified() {
			s.httpLog.Warn("The RPC server is not safe to expose to untrusted networks such as the public internet")
		}
		ap := netip.AddrPortFrom(addr, uint16(ep.port)).String()
		ln, err := net.Listen("tcp", ap)
		if err != nil {
			s.httpLog.Warn(fmt.Sprintf("Binding RPC on address %s failed: %v", ap, err))
			continue
		}
		s.listeners = append(s.listeners, ln)
	}
	if len(s.listeners) == 0 {
		s.httpLog.Error(ErrNoBind.Error())
		return ErrNoBind
	}
	return nil
}

func (s *Server) closeListeners() {
	for _, ln := range s.listeners {
		ln.Close()
	}
}

// Addrs returns the bound addresses ("127.0.0.1:18443", "[::1]:18443").
func (s *Server) Addrs() []net.Addr {
	out := make([]net.Addr, len(s.listeners))
	for i, ln := range s.listeners {
		out[i] = ln.Addr()
	}
	return out
}

// Register adds a method to the table; the returned function removes this
// registration again (later calls do nothing). Several registrations of a
// name are tried in order (see execute).
func (s *Server) Register(m Method) (unregister func(), err error) {
	return s.table.register(m)
}

// Methods lists the registered method names, sorted.
func (s *Server) Methods() []string { return s.table.names() }

// Help returns what the help method returns for command ("" for the list).
func (s *Server) Help(command string) string { return s.table.help(command) }

// SetWarmup puts the server in warmup: every call fails with rpcerr.RPC_IN_WARMUP
// and status as message, as Core during startup.
func (s *Server) SetWarmup(status string) {
	s.warmupMu.Lock()
	s.inWarmup, s.warmupStatus = true, status
	s.warmupMu.Unlock()
}

// SetWarmupStatus changes the warmup message without changing the state.
func (s *Server) SetWarmupStatus(status string) {
	s.warmupMu.Lock()
	s.warmupStatus = status
	s.warmupMu.Unlock()
}

// SetWarmupFinished ends warmup: calls run from now on.
func (s *Server) SetWarmupFinished() {
	s.warmupMu.Lock()
	s.inWarmup = false
	s.warmupMu.Unlock()
}

// Warmup reports whether the server is in warmup, and its status.
func (s *Server) Warmup() (bool, string) {
	s.warmupMu.Lock()
	defer s.warmupMu.Unlock()
	return s.inWarmup, s.warmupStatus
}

// Run serves HTTP on the listeners until ctx ends, then stops accepting,
// cancels running handlers' contexts, waits for them, removes the cookie
// file and returns. It may be called once.
func (s *Server) Run(ctx context.Context) error {
	err := errors.New("rpc: Run called twice")
	s.runOnce.Do(func() { err = s.run(ctx) })
	return err
}

func (s *Server) run(ctx context.Context) error {
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	s.srv.BaseContext = func(net.Listener) context.Context { return base }
	errc := make(chan error, len(s.listeners))
	var wg sync.WaitGroup
	for _, ln := range s.listeners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("rpc: serve %s: %w", ln.Addr(), err)
			}
		}()
	}
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	s.rpcLog.Debug("Interrupting HTTP RPC server")
	cancel()
	// Stop accepting and let running requests finish (their contexts are
	// cancelled); connections that never sent a request do not hold
	// shutdown up longer than a short grace period after the last handler.
	shutdownCtx, stop := context.WithTimeout(context.Background(), shutdownTimeout)
	go func() {
		select {
		case <-s.handlers.idle():
		case <-shutdownCtx.Done():
			return
		}
		t := time.NewTimer(shutdownGrace)
		defer t.Stop()
		select {
		case <-t.C:
			stop()
		case <-shutdownCtx.Done():
		}
	}()
	if err := s.srv.Shutdown(shutdownCtx); err != nil {
		s.srv.Close()
	}
	stop()
	<-s.handlers.idle()
	wg.Wait()
	s.rpcLog.Debug("Stopping HTTP RPC server")
	s.cookie.remove(s.rpcLog)
	return runErr
}

// activeCommands is what getrpcinfo reports: the calls running now.
type activeCommands struct {
	mu   sync.Mutex
	next uint64
	cmds map[uint64]activeCommand
}

type activeCommand struct {
	method string
	start  time.Time
	seq    uint64
}

func (a *activeCommands) start(method string) func() {
	a.mu.Lock()
	if a.cmds == nil {
		a.cmds = make(map[uint64]activeCommand)
	}
	a.next++
	id := a.next
	a.cmds[id] = activeCommand{method, time.Now(), id}
	a.mu.Unlock()
	return func() {
		a.mu.Lock()
		delete(a.cmds, id)
		a.mu.Unlock()
	}
}

func (a *activeCommands) list() []activeCommand {
	a.mu.Lock()
	out := make([]activeCommand, 0, len(a.cmds))
	for _, c := range a.cmds {
		out = append(out, c)
	}
	a.mu.Unlock()
	for i := 1; i < len(out); i++ { // insertion sort by start order
		for j := i; j > 0 && out[j].seq < out[j-1].seq; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// inflight counts running HTTP handlers; unlike a WaitGroup it may gain
// handlers while someone waits for it to drain.
type inflight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{}
}

func (f *inflight) add() {
	f.mu.Lock()
	if f.n == 0 {
		f.zero = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

func (f *inflight) done() {
	f.mu.Lock()
	f.n--
	if f.n == 0 {
		close(f.zero)
	}
	f.mu.Unlock()
}

// idle returns a channel closed when no handler runs.
func (f *inflight) idle() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		c := make(chan struct{})
		close(c)
		return c
	}
	return f.zero
}
