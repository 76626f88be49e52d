package ipc_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
)

// sessions records the connections a listener's Session was called for.
type sessions struct {
	init interfaces.Init // served; testInit{} if nil
	mu   sync.Mutex
	list []session
	ch   chan session
}

type session struct {
	peer ipc.Peer
	ctx  context.Context
}

func newSessions() *sessions { return &sessions{ch: make(chan session, 4096)} }

func (s *sessions) session(ctx context.Context, peer ipc.Peer) interfaces.Init {
	s.mu.Lock()
	s.list = append(s.list, session{peer, ctx})
	s.mu.Unlock()
	s.ch <- session{peer, ctx}
	if s.init != nil {
		return s.init
	}
	return testInit{}
}

func (s *sessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.list)
}

// next waits for the next session.
func (s *sessions) next(t *testing.T) session {
	t.Helper()
	select {
	case ss := <-s.ch:
		return ss
	case <-time.After(5 * time.Second):
		t.Fatal("no session started")
		return session{}
	}
}

// waitDone fails unless ctx ends within d.
func waitDone(t *testing.T, ctx context.Context, d time.Duration, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(d):
		t.Fatalf("session context still live %v after %s", d, what)
	}
}

// startNode listens on address in a fresh network data directory, serving
// the sessions s, and returns the bound address and the directory.
func startNode(t *testing.T, address string, limits ipc.Limits, s *sessions) (string, string, *recorder) {
	t.Helper()
	dir := t.TempDir()
	rec := &recorder{}
	p := ipc.New(&ipc.Config{ExeName: "node", Init: testInit{}, Protocol: ipccapnp.Protocol(), Session: s.session, Limits: limits, Logger: slog.New(rec)})
	t.Cleanup(func() { p.Close() })
	l, err := p.Listen(context.Background(), address, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l.Addr(), dir, rec
}

// newClientFile authorises a client of the node in dir and writes its
// credentials file.
func newClientFile(t *testing.T, dir, name string, roles ...string) string {
	t.Helper()
	creds, err := ipc.NewClient(dir, name, roles, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(path, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// connectTLS connects with a credentials file from a client IPC of its own.
func connectTLS(t *testing.T, addr, creds string) (interfaces.Init, ipc.Connection, error) {
	t.Helper()
	client := newIPC(nil)
	t.Cleanup(func() { client.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return client.Connect(ctx, addr, "/", ipc.WithCredentials(creds))
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != want {
		t.Errorf("%s has mode %v, want %v", path, st.Mode().Perm(), want)
	}
}

func TestTLSSessionPeerAndCredentials(t *testing.T) {
	s := newSessions()
	addr, dir, rec := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{}, s)
	if !strings.HasPrefix(addr, "tcp:127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Fatalf("bound address %q", addr)
	}
	creds := newClientFile(t, dir, "alice", "wallet", "gui")
	checkMode(t, filepath.Join(dir, "ipc"), 0o700)
	for _, f := range []string{"node.crt", "node.key", "clients.json"} {
		checkMode(t, filepath.Join(dir, "ipc", f), 0o600)
	}

	// The credentials file pins the node's certificate.
	var cr ipc.Credentials
	b, _ := os.ReadFile(creds)
	if err := json.Unmarshal(b, &cr); err != nil {
		t.Fatal(err)
	}
	nodeCert, _ := os.ReadFile(filepath.Join(dir, "ipc", "node.crt"))
	if cr.Client != "alice" || !slices.Equal(cr.Roles, []string{"wallet", "gui"}) || cr.NodeCert != string(nodeCert) || !strings.Contains(cr.Key, "PRIVATE KEY") {
		t.Fatalf("credentials %+v", cr)
	}

	init, _, err := connectTLS(t, addr, creds)
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "over tls")
	ss := s.next(t)
	if ss.peer.Name != "alice" || !slices.Equal(ss.peer.Roles, []string{"wallet", "gui"}) || !ss.peer.Remote {
		t.Fatalf("session peer %+v", ss.peer)
	}
	if !rec.has("accepted connection") || !rec.has("alice") {
		t.Errorf("no log of alice connecting:\n%s", rec.all())
	}

	// The session ends when the client closes its connection.
	client := newIPC(nil)
	init, _, err = client.Connect(context.Background(), addr, "/", ipc.WithCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "again")
	ss = s.next(t)
	client.Close()
	waitDone(t, ss.ctx, 2*time.Second, "the client closed its connection")

	// Another name is needed for each client; roles are checked.
	if _, err := ipc.NewClient(dir, "alice", nil, ""); !errors.Is(err, ipc.ErrCredentials) || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("NewClient with a taken name: %v", err)
	}
	if _, err := ipc.NewClient(dir, "eve", []string{"root"}, ""); !errors.Is(err, ipc.ErrCredentials) || !strings.Contains(err.Error(), "allowed roles are wallet, gui, miner") {
		t.Errorf("NewClient with an unknown role: %v", err)
	}
	if name, roles, err := ipc.ParseClientSpec("bob"); name != "bob" || !slices.Equal(roles, []string{"wallet"}) || err != nil {
		t.Errorf("ParseClientSpec(bob) = %q %v %v", name, roles, err)
	}
	if name, roles, err := ipc.ParseClientSpec("miner1:miner,gui"); name != "miner1" || !slices.Equal(roles, []string{"miner", "gui"}) || err != nil {
		t.Errorf("ParseClientSpec(miner1:miner,gui) = %q %v %v", name, roles, err)
	}
	if _, _, err := ipc.ParseClientSpec("a b"); !errors.Is(err, ipc.ErrCredentials) {
		t.Errorf("ParseClientSpec(a b) = %v", err)
	}
	if _, _, err := ipc.ParseClientSpec("__cookie__:gui"); !errors.Is(err, ipc.ErrCredentials) || !strings.Contains(err.Error(), "RPC user of cookie authentication") {
		t.Errorf("ParseClientSpec(__cookie__:gui) = %v (the cookie's RPC user)", err)
	}
	list, err := ipc.ListClients(dir)
	if err != nil || len(list) != 1 || list[0].Name != "alice" || len(list[0].SPKISHA256) != 64 {
		t.Errorf("ListClients = %+v, %v", list, err)
	}

	// TCP without credentials says what is missing.
	if _, _, err := newIPC(nil).Connect(context.Background(), addr, dir); !errors.Is(err, ipc.ErrCredentials) || !strings.Contains(err.Error(), "-ipccredentials") {
		t.Errorf("connecting over tcp without credentials: %v", err)
	}
}

func TestTLSIPv6(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skip("no IPv6 loopback:", err)
	} else {
		ln.Close()
	}
	addr, dir, _ := startNode(t, "tcp:[::1]:0", ipc.Limits{}, newSessions())
	init, _, err := connectTLS(t, addr, newClientFile(t, dir, "six"))
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "v6")
}

func TestTLSRefusals(t *testing.T) {
	s := newSessions()
	addr, dir, rec := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{}, s)

	// An unknown client key, even with the right node pinned.
	_, otherDir, _ := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{}, newSessions())
	var ours, theirs ipc.Credentials
	b, _ := os.ReadFile(newClientFile(t, dir, "known"))
	json.Unmarshal(b, &ours)
	b, _ = os.ReadFile(newClientFile(t, otherDir, "mallory"))
	json.Unmarshal(b, &theirs)
	theirs.NodeCert = ours.NodeCert
	b, _ = json.Marshal(theirs)
	forged := filepath.Join(t.TempDir(), "forged.json")
	os.WriteFile(forged, b, 0o600)
	_, _, err := connectTLS(t, addr, forged)
	if !errors.Is(err, ipc.ErrRefused) || !strings.Contains(err.Error(), "refused client mallory") {
		t.Errorf("unknown client: %v", err)
	}
	if !rec.await("not authorised", 2*time.Second) {
		t.Errorf("no log of the refusal:\n%s", rec.all())
	}

	// A revoked client; a client added while the node runs.
	carol := newClientFile(t, dir, "carol")
	if err := ipc.RevokeClient(dir, "carol"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := connectTLS(t, addr, carol); !errors.Is(err, ipc.ErrRefused) {
		t.Errorf("revoked client: %v", err)
	}
	init, _, err := connectTLS(t, addr, newClientFile(t, dir, "dave"))
	if err != nil {
		t.Fatalf("client added after the listener started: %v", err)
	}
	echoThrough(t, init, "dave")
	if ss := s.next(t); ss.peer.Name != "dave" {
		t.Fatalf("session for %+v, want only dave's", ss.peer)
	}

	// A client without a certificate.
	c, err := tls.Dial("tcp", strings.TrimPrefix(addr, "tcp:"), &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13})
	if err == nil {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = c.Read(make([]byte, 1))
		c.Close()
	}
	if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("client without a certificate: %v", err)
	}

	// A node other than the pinned one.
	otherAddr, _, _ := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{}, newSessions())
	if _, _, err := connectTLS(t, otherAddr, newClientFile(t, dir, "erin")); !errors.Is(err, ipc.ErrRefused) || !strings.Contains(err.Error(), "pinned") {
		t.Errorf("connecting to another node: %v", err)
	}

	time.Sleep(100 * time.Millisecond)
	if n := s.count(); n != 1 {
		t.Errorf("%d sessions, want only dave's", n)
	}
}

func TestTLSGarbageAndSilentClients(t *testing.T) {
	s := newSessions()
	addr, dir, _ := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{Timeout: 500 * time.Millisecond}, s)
	hp := strings.TrimPrefix(addr, "tcp:")
	creds := newClientFile(t, dir, "alice")

	silent, err := net.Dial("tcp", hp)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	garbage, err := net.Dial("tcp", hp)
	if err != nil {
		t.Fatal(err)
	}
	defer garbage.Close()
	garbage.Write([]byte("GET / HTTP/1.0\r\n\r\n\x00\xff\x16\x03\x01garbage"))

	// A silent client does not hold up the others.
	start := time.Now()
	init, _, err := connectTLS(t, addr, creds)
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init, "not blocked")
	if d := time.Since(start); d > 2*time.Second { // the silent client's handshake may take 3 s
		t.Errorf("connecting beside a silent client took %v", d)
	}

	for name, c := range map[string]net.Conn{"garbage": garbage, "silent": silent} {
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		_, err := c.Read(make([]byte, 4096))
		for err == nil { // a TLS alert may come first
			_, err = c.Read(make([]byte, 4096))
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("%s connection still open after 3s", name)
		}
	}
	echoThrough(t, init, "still served")
	init2, _, err := connectTLS(t, addr, creds)
	if err != nil {
		t.Fatal(err)
	}
	echoThrough(t, init2, "new client after garbage")
	if n := s.count(); n != 2 {
		t.Errorf("%d sessions, want 2", n)
	}
}

func TestTLSPerClientLimit(t *testing.T) {
	const limit = 4
	s := newSessions()
	addr, dir, rec := startNode(t, "tcp:127.0.0.1:0", ipc.Limits{MaxConnectionsPerClient: limit}, s)
	alice, bob := newClientFile(t, dir, "alice"), newClientFile(t, dir, "bob")

	client := newIPC(nil)
	defer client.Close()
	var ok, refused atomic.Int32
	var conns []ipc.Connection
	var mu sync.Mutex
	var wg sync.WaitGroup
	attempts := make(chan struct{}, 1000)
	for range 1000 {
		attempts <- struct{}{}
	}
	close(attempts)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range attempts {
				_, conn, err := client.Connect(context.Background(), addr, "/", ipc.WithCredentials(alice))
				switch {
				case err == nil:
					ok.Add(1)
					mu.Lock()
					conns = append(conns, conn)
					mu.Unlock()
				case errors.Is(err, ipc.ErrRefused) && strings.Contains(err.Error(), "too many connections"):
					refused.Add(1)
				default:
					t.Errorf("connect: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	if ok.Load() != limit || refused.Load() != 1000-limit {
		t.Fatalf("%d connections made, %d refused; want %d made", ok.Load(), refused.Load(), limit)
	}
	if !rec.await("-ipcmaxclientconnections", 2*time.Second) {
		t.Errorf("no log of the refusals")
	}

	// Another client is not affected.
	init, _, err := connectTLS(t, addr, bob)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		echoThrough(t, init, strings.Repeat("b", i))
	}

	// A slot freed is a slot free again.
	conns[0].Close()
	deadline := time.Now().Add(3 * time.Second)
	for {
		_, _, err := client.Connect(context.Background(), addr, "/", ipc.WithCredentials(alice))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("alice cannot connect after closing a connection: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
