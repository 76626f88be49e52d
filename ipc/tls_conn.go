package ipc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Over TCP, once the TLS handshake has authenticated both sides, the node
// sends one line before Cap'n Proto starts: "ok\n", or "refused: <reason>\n"
// and closes (a connection limit), so that the client can say why.
const (
	statusOK      = "ok"
	statusRefused = "refused: "
	maxStatusLine = 256
)

// tcpHostPort checks a "tcp:HOST:PORT" address and returns HOST:PORT.
func tcpHostPort(address string) (string, error) {
	hp := strings.TrimPrefix(address, "tcp:")
	host, port, err := net.SplitHostPort(hp)
	if err != nil || port == "" {
		return "", newError(ErrAddress, fmt.Sprintf("unrecognized address %q: use tcp:HOST:PORT (IPv6: tcp:[::1]:PORT)", address), err)
	}
	return net.JoinHostPort(host, port), nil
}

// tlsServer is the TLS side of a tcp Listener.
type tlsServer struct {
	cert tls.Certificate
	dir  string // <netDataDir>/ipc, where clients.json is re-read
}

// config returns the TLS configuration of one accepted connection: TLS 1.3,
// the node's certificate, and a client certificate required whose public
// key is in clients.json; the client found is stored in *who.
func (s *tlsServer) config(who *AuthorizedClient) *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{s.cert},
		ClientAuth:   tls.RequireAnyClientCert,
		// Every connection makes a full handshake, so that a revoked client
		// cannot resume.
		SessionTicketsDisabled: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("no client certificate")
			}
			cert, err := x509.ParseCertificate(raw[0])
			if err != nil {
				return fmt.Errorf("bad client certificate: %w", err)
			}
			list, err := readClients(s.dir)
			if err != nil {
				return err
			}
			h := spkiHash(cert)
			i := slices.IndexFunc(list.Clients, func(c AuthorizedClient) bool { return c.SPKISHA256 == h })
			if i < 0 {
				return fmt.Errorf("client certificate %q (key %s) is not authorised (see -ipcnewclient)", cert.Subject.CommonName, h[:16])
			}
			*who = list.Clients[i]
			return nil
		},
	}
}

// listenTCP listens on "tcp:HOST:PORT" with TLS.
func (p *IPC) listenTCP(ctx context.Context, address, netDataDir string) (*Listener, error) {
	hp, err := tcpHostPort(address)
	if err != nil {
		return nil, err
	}
	cert, dir, err := loadNodeCertificate(netDataDir)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", hp)
	if err != nil {
		return nil, newError(ErrAddress, "binding "+address, err)
	}
	l := &Listener{p: p, ln: ln, addr: "tcp:" + ln.Addr().String(), tls: &tlsServer{cert: cert, dir: dir}}
	p.log.Info("IPC listening on " + l.addr + " (TLS, clients in " + filepath.Join(dir, clientsJSON) + ")")
	l.start(ctx)
	return l, nil
}

// admitTLS runs the TLS handshake of an accepted TCP connection within the
// timeout, checks the client's limits and serves it.
func (l *Listener) admitTLS(c net.Conn) {
	timeout := l.p.limits.Timeout
	remote, addr := c.RemoteAddr().String(), remoteHost(c)
	if tc, ok := c.(*net.TCPConn); ok {
		if err := setTCPTimeouts(tc, timeout); err != nil {
			l.p.log.Debug("IPC cannot set TCP timeouts", "remote", remote, "err", err)
		}
	}
	var who AuthorizedClient
	tc := tls.Server(c, l.tls.config(&who))
	handshake := l.p.limits.handshakeTimeout()
	tc.SetDeadline(time.Now().Add(handshake))
	ctx, cancel := context.WithTimeout(l.ctx, handshake)
	err := tc.HandshakeContext(ctx)
	cancel()
	l.handshakes.release(addr)
	if err != nil {
		l.refusals.refuse("handshake", remote, fmt.Sprintf("TLS handshake failed: %v", err))
		tc.Close()
		return
	}
	id, name := "tls "+who.Name, fmt.Sprintf("%s (%s)", who.Name, remote)
	tc.SetDeadline(time.Now().Add(timeout))
	if !l.slots.acquire(l.p.limits.MaxConnections) {
		l.refusals.refuse("full", name, fmt.Sprintf("%d connections already (the maximum)", l.p.limits.MaxConnections))
		fmt.Fprintf(tc, "%stoo many connections to this node (%d)\n", statusRefused, l.p.limits.MaxConnections)
		tc.Close()
		return
	}
	if !l.acquireClient(id, name) {
		fmt.Fprintf(tc, "%stoo many connections of client %s (-ipcmaxclientconnections=%d)\n", statusRefused, who.Name, l.p.limits.MaxConnectionsPerClient)
		tc.Close()
		return
	}
	if _, err := tc.Write([]byte(statusOK + "\n")); err != nil {
		l.p.log.Warn(fmt.Sprintf("IPC lost connection on %s from %s during setup: %v", l.addr, name, err))
		tc.Close()
		l.p.clients.releaseClient(id)
		l.slots.release()
		return
	}
	tc.SetDeadline(time.Time{})
	l.p.log.Info(fmt.Sprintf("IPC accepted connection on %s from client %s, roles %s", l.addr, name, strings.Join(who.Roles, ",")))
	l.serve(tc, Peer{Name: who.Name, ID: tlsIdentity(who.SPKISHA256), Roles: slices.Clone(who.Roles), Remote: true}, id)
}

// dialTLS connects to "tcp:HOST:PORT" presenting the credentials file and
// accepting only the node certificate it pins.
func (p *IPC) dialTLS(ctx context.Context, address, netDataDir, credFile string) (net.Conn, error) {
	hp, err := tcpHostPort(address)
	if err != nil {
		return nil, err
	}
	if credFile == "" {
		return nil, newError(ErrCredentials, fmt.Sprintf("connecting to %s over TCP needs a credentials file: pass -ipccredentials=<file> (made by bitcoin-node -ipcnewclient=<name>)", address), nil)
	}
	if !filepath.IsAbs(credFile) {
		credFile = filepath.Join(netDataDir, credFile)
	}
	cr, cert, node, err := readCredentials(credFile)
	if err != nil {
		return nil, err
	}
	timeout := p.limits.Timeout
	d := net.Dialer{Timeout: timeout}
	raw, err := d.DialContext(ctx, "tcp", hp)
	if err != nil {
		return nil, newError(ErrAddress, "connecting to "+address, err)
	}
	if tc, ok := raw.(*net.TCPConn); ok {
		if err := setTCPTimeouts(tc, timeout); err != nil {
			p.log.Debug("IPC cannot set TCP timeouts", "remote", address, "err", err)
		}
	}
	pin := spkiHash(node)
	errPin := newError(ErrRefused, fmt.Sprintf("the node at %s is not the one of %s: its certificate differs from the pinned one", address, credFile), nil)
	c := tls.Client(raw, &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		// The node is known by the certificate pinned in the credentials,
		// not by a CA or a host name: VerifyPeerCertificate checks it.
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errPin
			}
			nc, err := x509.ParseCertificate(raw[0])
			if err != nil || spkiHash(nc) != pin {
				return errPin
			}
			return nil
		},
	})
	c.SetDeadline(time.Now().Add(timeout))
	hctx, cancel := context.WithTimeout(ctx, timeout)
	err = c.HandshakeContext(hctx)
	cancel()
	if err == nil {
		err = readStatus(c)
	}
	if err != nil {
		c.Close()
		var oe *net.OpError
		var ie *Error
		switch {
		case errors.As(err, &ie):
			return nil, err
		case errors.As(err, &oe) && oe.Op == "remote error":
			// The node sent a TLS alert: it did not accept our certificate.
			return nil, newError(ErrRefused, fmt.Sprintf("the node at %s refused client %s of %s (not authorised, or revoked)", address, cr.Client, credFile), err)
		default:
			// A network failure during the handshake: worth retrying.
			return nil, newError(ErrAddress, "TLS connection to "+address, err)
		}
	}
	c.SetDeadline(time.Time{})
	return c, nil
}

// readStatus reads the node's status line (a byte at a time, so nothing
// of what follows is taken from the connection).
func readStatus(c net.Conn) error {
	var line []byte
	b := make([]byte, 1)
	for len(line) < maxStatusLine {
		if _, err := c.Read(b); err != nil {
			return err
		}
		if b[0] != '\n' {
			line = append(line, b[0])
			continue
		}
		s := string(line)
		if s == statusOK {
			return nil
		}
		if reason, ok := strings.CutPrefix(s, statusRefused); ok {
			return newError(ErrRefused, "the node refused the connection: "+reason, nil)
		}
		break
	}
	return newError(ErrProtocol, "the node's first line is not a status line", nil)
}
