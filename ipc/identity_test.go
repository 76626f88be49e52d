package ipc_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// selfStart reads this process's start time (field 22 of /proc/self/stat).
func selfStart(t *testing.T) string {
	t.Helper()
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Fatal(err)
	}
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
	return strings.Fields(rest)[19]
}

// TestPeerIdentity: a unix peer is its process (uid, pid, start time),
// the same on every connection and another for another process; a TLS
// peer is its key, whatever its credential's name.
func TestPeerIdentity(t *testing.T) {
	s := newSessions()
	addr, dir, _ := startNode(t, "unix", ipc.Limits{}, s)
	for range 2 {
		init, _, err := newIPC(nil).Connect(context.Background(), addr, dir)
		if err != nil {
			t.Fatal(err)
		}
		echoThrough(t, init, "hello")
		want := fmt.Sprintf("unix:%d:%d:%s", os.Getuid(), os.Getpid(), selfStart(t))
		if got := s.next(t).peer.ID; got != want {
			t.Fatalf("unix peer identity %q, want %q", got, want)
		}
	}
	_, fields := startHelper(t, "IPCTEST_ROLE=client", "IPCTEST_ADDR="+addr, "IPCTEST_DIR="+dir)
	other := s.next(t).peer
	if !strings.HasPrefix(other.ID, fmt.Sprintf("unix:%d:%s:", os.Getuid(), fields[1])) || other.Name != "client-"+fields[1] {
		t.Fatalf("another process: peer %+v (pid %s)", other, fields[1])
	}

	s = newSessions()
	addr, dir, _ = startNode(t, "tcp:127.0.0.1:0", ipc.Limits{}, s)
	for _, name := range []string{"alice", "bitcoin-wallet-1"} {
		init, _, err := connectTLS(t, addr, newClientFile(t, dir, name, "wallet"))
		if err != nil {
			t.Fatal(err)
		}
		echoThrough(t, init, "hello")
		list, _ := ipc.ListClients(dir)
		peer := s.next(t).peer
		if want := "tls:" + list[len(list)-1].SPKISHA256; peer.ID != want || peer.Name != name {
			t.Fatalf("TLS peer %+v, want identity %s", peer, want)
		}
	}
}
