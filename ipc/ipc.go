package ipc

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Config configures a process's IPC.
type Config struct {
	// ExeName is this executable's name, e.g. "bitcoin-node".
	ExeName string
	// Init is what this process serves to whoever connects to it (-ipcfd,
	// -ipcbind).
	Init interfaces.Init
	// Protocol carries the calls (ipc/capnp).
	Protocol Protocol
	// Logger gets the "ipc" category: -debug=ipc logs every call.
	Logger *slog.Logger
	// Session, when set, makes the Init served on each connection accepted
	// by Listen (unix or tcp), instead of Init. Its ctx is cancelled as soon
	// as that connection has ended, whatever the reason (the client closed
	// it or died, a protocol error, this process shutting down).
	Session func(ctx context.Context, peer Peer) interfaces.Init
	// Limits bound what Listen's clients may take; zero fields take the
	// defaults.
	Limits Limits
}

// Peer describes the other side of an accepted connection.
type Peer struct {
	// Name is "client-<pid>" for a unix socket peer (SO_PEERCRED), the
	// credential's client name over TLS: for logs and messages, never to
	// tell clients apart (a credential's name is chosen by whoever made it).
	Name string
	// ID is the peer's identity, which it cannot choose (identity.go):
	// "unix:UID:PID:START" for a unix socket peer's process,
	// "tls:<SHA-256 of its public key>" for a TLS client. Empty when it
	// could not be read: such a peer is the same as no other, not even
	// itself on another connection.
	ID string
	// Roles are the roles granted by the client's credential (RoleWallet,
	// RoleGUI, RoleMiner); nil means unrestricted (unix socket).
	Roles []string
	// Remote is true when the connection came over TCP+TLS.
	Remote bool
}

// IPC spawns, serves and connects a process's IPC connections.
type IPC struct {
	cfg  Config
	name string
	log  *slog.Logger

	limits  Limits
	clients connCounter // accepted connections per client identity

	mu     sync.Mutex
	conns  map[Connection]struct{}
	closed bool // Close was called: connections made later end at once
	wg     sync.WaitGroup
}

// New returns the IPC of this process.
func New(cfg *Config) *IPC {
	p := &IPC{cfg: *cfg, conns: map[Connection]struct{}{}}
	p.name = fmt.Sprintf("%s-%d", cfg.ExeName, os.Getpid())
	p.limits = cfg.Limits.withDefaults()
	p.log = cfg.Logger
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p
}

// Name is this process as logs show it: "bitcoin-node-1234".
func (p *IPC) Name() string { return p.name }

func (p *IPC) connConfig(peer string) *ConnConfig {
	return &ConnConfig{Logger: p.log, Name: p.name, Peer: peer}
}

// track keeps a connection until it ends, so Close can end it, and then
// calls onDone (if not nil).
func (p *IPC) track(c Connection, onDone func()) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		go func() {
			c.Close()
			if onDone != nil {
				onDone()
			}
		}()
		return
	}
	p.conns[c] = struct{}{}
	p.wg.Add(1)
	p.mu.Unlock()
	go func() {
		defer p.wg.Done()
		<-c.Done()
		p.mu.Lock()
		delete(p.conns, c)
		p.mu.Unlock()
		if onDone != nil {
			onDone()
		}
	}()
}

// Close ends every connection this IPC made or accepted and waits for them.
func (p *IPC) Close() error {
	p.mu.Lock()
	p.closed = true
	conns := make([]Connection, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		go c.Close()
	}
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(closeGrace):
		// Handlers that ignore their cancelled context must not keep the
		// process from exiting.
		p.mu.Lock()
		n := len(p.conns)
		p.mu.Unlock()
		err := newError(ErrDisconnected, fmt.Sprintf("handlers of %d IPC connections still running %v after their connections were closed; not waiting for them", n, closeGrace), nil)
		p.log.Warn(err.Error())
		return err
	}
}

// closeGrace bounds how long Close waits for the handlers of closed
// connections.
const closeGrace = 2 * time.Second

// findExe locates a sibling executable: an explicit path as given, else the
// directory of the running executable, else PATH.
func findExe(name string) (string, error) {
	if filepath.Base(name) != name {
		return name, nil
	}
	if self, err := os.Executable(); err == nil {
		cand := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(cand); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return cand, nil
		}
	}
	path, err := lookPath(name)
	if err != nil {
		return "", newError(ErrSpawn, fmt.Sprintf("cannot find executable %s next to %s or on PATH", name, os.Args[0]), err)
	}
	return path, nil
}
