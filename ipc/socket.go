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

// Listener accepts connections on an -ipcbind socket and serves Init on
// each.
type Listener struct {
	p    *IPC
	ln   *net.UnixListener
	path string
	wg   sync.WaitGroup
}

// Listen binds a unix socket (mode 0600, a stale socket file removed first)
// and serves this process's Init to every client until ctx ends or Close.
func (p *IPC) Listen(ctx context.Context, address, netDataDir string) (*Listener, error) {
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
	l := &Listener{p: p, ln: ln, path: path}
	p.log.Info("IPC listening on " + path)
	l.wg.Add(1)
	go l.accept()
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	return l, nil
}

// Path is the socket's file name.
func (l *Listener) Path() string { return l.path }

// Close stops accepting and removes the socket file; connections already
// made stay until IPC.Close.
func (l *Listener) Close() error {
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
		c, err := l.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			l.p.log.Warn("IPC accept failed", "path", l.path, "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		peer := "client"
		if cred, err := peerCred(c); err == nil {
			peer = fmt.Sprintf("client-%d", cred.Pid)
		}
		l.p.log.Debug("IPC accepted connection", "path", l.path, "peer", peer)
		conn := l.p.cfg.Protocol.Serve(c, l.p.cfg.Init, l.p.connConfig(peer))
		l.p.track(conn)
	}
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

// Connect attaches to a process listening on an -ipcbind socket and returns
// its Init.
func (p *IPC) Connect(ctx context.Context, address, netDataDir string) (interfaces.Init, Connection, error) {
	path, err := SocketPath(address, netDataDir)
	if err != nil {
		return nil, nil, err
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, nil, newError(ErrAddress, "connecting to "+path, err)
	}
	init, conn, err := p.cfg.Protocol.Connect(ctx, c, p.connConfig(path))
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	p.track(conn)
	return init, conn, nil
}
