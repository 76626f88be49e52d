package ipc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// maxSocketPath is the size of sockaddr_un's sun_path on Linux, including
// its terminating zero.
const maxSocketPath = 108

// SocketPath resolves an -ipcbind/-ipcconnect address as Bitcoin Core does:
// "unix" is <datadir>/node.sock, "unix:PATH" is PATH relative to the
// network's data directory.
func SocketPath(address, netDataDir string) (string, error) {
	var path string
	switch {
	case address == "unix" || address == "unix:":
		path = filepath.Join(netDataDir, "node.sock")
	case strings.HasPrefix(address, "unix:"):
		path = address[len("unix:"):]
		if !filepath.IsAbs(path) {
			path = filepath.Join(netDataDir, path)
		}
	default:
		return "", newError(ErrAddress, fmt.Sprintf("unrecognized address %q: use unix or unix:PATH", address), nil)
	}
	if len(path) >= maxSocketPath {
		return "", newError(ErrAddress, fmt.Sprintf("unix socket path %s is %d bytes long, longer than the maximum of %d", path, len(path), maxSocketPath-1), nil)
	}
	return path, nil
}

// Listener accepts connections on an -ipcbind address and serves Init (or a
// Session's Init) on each.
type Listener struct {
	p    *IPC
	ln   net.Listener
	path string     // the socket file; "" for tcp
	addr string     // "unix:PATH" or "tcp:HOST:PORT" as bound
	tls  *tlsServer // nil for unix
	// slots counts this listener's admitted connections, handshakes its
	// TLS handshakes in progress; refusals logs the connections refused.
	slots      connCounter
	handshakes handshakes
	refusals   *refusalLog
	ctx        context.Context
	cancel     context.CancelFunc
	wg         sync.WaitGroup
}

// Listen binds an -ipcbind address and serves this process's Init (or
// Config.Session's) to every client until ctx ends or Close, within
// Config.Limits. "unix" and "unix:PATH" bind a unix socket (mode 0600, a
// stale socket file removed first); "tcp:HOST:PORT" (IPv6: tcp:[::1]:PORT)
// listens on TCP with TLS 1.3 and client certificates, using the
// credentials in <netDataDir>/ipc (see NewClient).
func (p *IPC) Listen(ctx context.Context, address, netDataDir string) (*Listener, error) {
	if strings.HasPrefix(address, "tcp:") {
		return p.listenTCP(ctx, address, netDataDir)
	}
	path, err := SocketPath(address, netDataDir)
	if err != nil {
		return nil, err
	}
	if err := removeStale(path); err != nil {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, newError(ErrAddress, "binding "+path, err)
	}
	ln.SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, newError(ErrAddress, "restricting "+path, err)
	}
	l := &Listener{p: p, ln: ln, path: path, addr: "unix:" + path}
	p.log.Info("IPC listening on " + path)
	l.start(ctx)
	return l, nil
}

func (l *Listener) start(ctx context.Context) {
	l.refusals = newRefusalLog(l.p.log, l.addr)
	l.ctx, l.cancel = context.WithCancel(ctx)
	l.wg.Add(1)
	go l.accept()
	go func() {
		<-l.ctx.Done()
		l.ln.Close()
	}()
}

// Path is the socket's file name; empty for tcp.
func (l *Listener) Path() string { return l.path }

// Addr is the address bound, as Connect takes it: "unix:PATH", or
// "tcp:HOST:PORT" with the port chosen when the one asked for was 0.
func (l *Listener) Addr() string { return l.addr }

// Close stops accepting (abandoning TLS handshakes in progress) and removes
// the socket file; connections already made stay until IPC.Close.
func (l *Listener) Close() error {
	l.cancel()
	err := l.ln.Close()
	l.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (l *Listener) accept() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			l.p.log.Warn("IPC accept failed", "listener", l.addr, "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if l.tls != nil {
			// A TLS client takes a listener slot only once authenticated.
			addr := remoteHost(c)
			if total, perAddr := l.p.limits.maxHandshakes(); !l.handshakes.acquire(addr, total, perAddr) {
				l.refusals.refuse("handshakes", c.RemoteAddr().String(), fmt.Sprintf("%d TLS handshakes in progress already (%d from one address at most)", total, perAddr))
				c.Close()
				continue
			}
		} else if !l.slots.acquire(l.p.limits.MaxConnections) {
			l.refusals.refuse("full", "a local process", fmt.Sprintf("%d connections already (the maximum)", l.p.limits.MaxConnections))
			c.Close()
			continue
		}
		// Admission (TLS handshake, Session) runs off the accept loop: a
		// slow client must not hold up the others.
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			if l.tls != nil {
				l.admitTLS(c)
			} else {
				l.admitUnix(c.(*net.UnixConn))
			}
		}()
	}
}

// remoteHost is the address a TCP connection comes from, without its port.
func remoteHost(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String()
	}
	return host
}

// admitUnix identifies a unix socket peer by its process and serves it:
// the per-client limit holds one process to -ipcmaxclientconnections
// without locking out the user's other local clients.
func (l *Listener) admitUnix(c *net.UnixConn) {
	peer, id := Peer{Name: "client"}, "pid ?"
	if cred, err := peerCred(c); err == nil {
		peer.Name = fmt.Sprintf("client-%d", cred.Pid)
		id = fmt.Sprintf("pid %d", cred.Pid)
		if peer.ID, err = unixIdentity(cred); err != nil {
			l.p.log.Debug("IPC peer without an identity", "listener", l.addr, "peer", peer.Name, "err", err)
		}
	}
	if !l.acquireClient(id, peer.Name) {
		c.Close()
		return
	}
	l.p.log.Debug("IPC accepted connection", "listener", l.addr, "peer", peer.Name)
	l.serve(c, peer, id)
}

// acquireClient takes a connection slot of client identity id, or logs the
// refusal and gives the listener's slot back.
func (l *Listener) acquireClient(id, name string) bool {
	max := l.p.limits.MaxConnectionsPerClient
	if !l.p.clients.acquireClient(id, max) {
		l.refusals.refuse("client", fmt.Sprintf("%s (%s)", name, id), fmt.Sprintf("%d connections of this client already (-ipcmaxclientconnections)", max))
		l.slots.release()
		return false
	}
	return true
}

// serve serves an admitted connection until it ends, then gives back its
// slots (the listener's and client id's) and ends its session.
func (l *Listener) serve(c net.Conn, peer Peer, id string) {
	init, endSession := l.p.cfg.Init, context.CancelFunc(func() {})
	if l.p.cfg.Session != nil {
		var ctx context.Context
		ctx, endSession = context.WithCancel(context.WithoutCancel(l.ctx))
		init = l.p.cfg.Session(ctx, peer)
	}
	cfg := l.p.connConfig(peer.Name)
	cfg.MaxPendingCalls = l.p.limits.MaxPendingCalls
	cfg.MaxMessageSize, cfg.MaxQueuedBytes = MaxMessageSizeLocal, MaxQueuedBytesLocal
	if peer.Remote {
		cfg.MaxMessageSize, cfg.MaxQueuedBytes = MaxMessageSizeRemote, MaxQueuedBytesRemote
	}
	conn := l.p.cfg.Protocol.Serve(newWriteTimeoutConn(c, l.p.limits.writeTimeout()), init, cfg)
	// End the session the moment the connection fails, not only once its
	// handlers have returned (Done).
	context.AfterFunc(conn.Context(), endSession)
	l.p.track(conn, func() {
		endSession()
		l.p.clients.releaseClient(id)
		l.slots.release()
	})
}

// peerCred reads the connecting process's credentials.
func peerCred(c *net.UnixConn) (*syscall.Ucred, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return nil, err
	}
	var cred *syscall.Ucred
	var serr error
	err = raw.Control(func(fd uintptr) {
		cred, serr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	})
	if err != nil {
		return nil, err
	}
	return cred, serr
}

// removeStale removes a socket file nobody listens on; a live one is an
// error.
func removeStale(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return newError(ErrAddress, "checking "+path, err)
	}
	if st.Mode()&os.ModeSocket == 0 {
		return newError(ErrAddress, path+" exists and is not a socket", nil)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return newError(ErrAddress, path+" is in use by another process", nil)
	}
	if err := os.Remove(path); err != nil {
		return newError(ErrAddress, "removing stale socket "+path, err)
	}
	return nil
}

// ConnectOption adjusts Connect.
type ConnectOption func(*connectOptions)

type connectOptions struct {
	credentials string
}

// WithCredentials names the credentials file (-ipccredentials, made by
// NewClient) that Connect presents over tcp; a relative path is taken
// relative to the network data directory.
func WithCredentials(file string) ConnectOption {
	return func(o *connectOptions) { o.credentials = file }
}

// Connect attaches to a process listening on an -ipcbind address ("unix",
// "unix:PATH", or "tcp:HOST:PORT" with WithCredentials) and returns its
// Init.
func (p *IPC) Connect(ctx context.Context, address, netDataDir string, opts ...ConnectOption) (interfaces.Init, Connection, error) {
	var o connectOptions
	for _, opt := range opts {
		opt(&o)
	}
	var c net.Conn
	var peer string
	if strings.HasPrefix(address, "tcp:") {
		var err error
		if c, err = p.dialTLS(ctx, address, netDataDir, o.credentials); err != nil {
			return nil, nil, err
		}
		peer = address
	} else {
		path, err := SocketPath(address, netDataDir)
		if err != nil {
			return nil, nil, err
		}
		var d net.Dialer
		if c, err = d.DialContext(ctx, "unix", path); err != nil {
			return nil, nil, newError(ErrAddress, "connecting to "+path, err)
		}
		peer = path
	}
	// A node that stops reading must not hold this process's writers for
	// good either.
	init, conn, err := p.cfg.Protocol.Connect(ctx, newWriteTimeoutConn(c, p.limits.writeTimeout()), p.connConfig(peer))
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	p.track(conn, nil)
	return init, conn, nil
}
