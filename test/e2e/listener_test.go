package e2e

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
)

// pausedConn stops reading while paused is set: a client that never reads.
type pausedConn struct {
	net.Conn
	paused atomic.Bool
}

func (c *pausedConn) Read(b []byte) (int, error) {
	for c.paused.Load() {
		time.Sleep(10 * time.Millisecond)
	}
	return c.Conn.Read(b)
}

// TestIPCListenerUnderAbuse: garbage bytes, a thousand connections from one
// process and a client that never reads, against a real bitcoin-node: the
// node keeps running and other clients (IPC and HTTP) are served promptly
// throughout.
func TestIPCListenerUnderAbuse(t *testing.T) {
	port := nodetest.FreePort(t)
	tcpAddr := fmt.Sprintf("127.0.0.1:%d", port)
	n := startWalletNode(t, "bitcoin-node", "-ipcbind=unix", "-ipcbind=tcp:"+tcpAddr, "-ipctimeout=1")
	sock := filepath.Join(n.Datadir, "regtest", "node.sock")
	served := func(what string) {
		t.Helper()
		start := time.Now()
		if out, errOut, code := n.CLI("-ipcconnect=unix:"+sock, "getblockcount"); code != 0 || out != "0" {
			t.Fatalf("%s: bitcoin-cli over IPC: exit %d: %s %s", what, code, out, errOut)
		}
		if out := n.MustCLI("getblockcount"); out != "0" {
			t.Fatalf("%s: bitcoin-cli over HTTP: %s", what, out)
		}
		if d := time.Since(start); d > nodetest.Scale(2*time.Second) {
			t.Fatalf("%s: two getblockcount calls took %v", what, d)
		}
	}

	// Garbage: the node ends that connection.
	for _, addr := range [][2]string{{"unix", sock}, {"tcp", tcpAddr}} {
		c, err := net.Dial(addr[0], addr[1])
		if err != nil {
			t.Fatal(err)
		}
		junk := make([]byte, 64<<10)
		rand.Read(junk)
		c.Write(junk)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("garbage on %s: the node did not close the connection: %v", addr[0], err)
		}
		c.Close()
	}
	served("after garbage")

	// A thousand connections from this process: the node keeps
	// -ipcmaxclientconnections (16) of them and closes the rest.
	var conns []net.Conn
	for range 1000 {
		c, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatalf("connection %d: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
	served("with 1000 connections open")
	alive := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		var ne net.Error
		if _, err := c.Read(make([]byte, 1)); errors.As(err, &ne) && ne.Timeout() {
			alive++ // nothing to read, not closed: still open
		}
		c.Close()
	}
	if alive > 16 {
		t.Fatalf("%d of 1000 connections of one process still open, want at most 16", alive)
	}
	t.Logf("1000 connections from one process: %d kept, %d closed by the node", alive, 1000-alive)

	// A client that never reads the answers to its calls.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	raw, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	pc := &pausedConn{Conn: raw}
	init, conn, err := ipccapnp.Protocol().Connect(ctx, pc, &ipc.ConnConfig{Name: "stuck", Peer: "node"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	echo, err := init.MakeEcho(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pc.paused.Store(true)
	big := strings.Repeat("x", 1<<20)
	for range 16 {
		go echo.Echo(ctx, big)
	}
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		served("beside a client that never reads")
		time.Sleep(100 * time.Millisecond)
	}
	// The node gave up on it (3 × -ipctimeout without progress): once it
	// reads again, it finds the connection closed.
	pc.paused.Store(false)
	select {
	case <-conn.Done():
		t.Logf("the client that never read was disconnected: %v", conn.Err())
	case <-time.After(10 * time.Second):
		t.Fatal("the node still keeps a client that did not read for 5s (-ipctimeout=1)")
	}
	served("after the stuck client")
	n.Stop()
}
