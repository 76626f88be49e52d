package zmq

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/zmqsub"
)

// waitSubscribed waits until n subscribers hold a subscription to topic.
func waitSubscribed(t *testing.T, s *Socket, topic string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		count := 0
		for c := range s.conns {
			c.mu.Lock()
			if c.ready && c.subs[topic] > 0 {
				count++
			}
			c.mu.Unlock()
		}
		s.mu.Unlock()
		if count >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d subscribers to %q after 20s", count, n, topic)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func listenT(t *testing.T, endpoint string, hwm int) *Socket {
	t.Helper()
	s, err := Listen(endpoint, &Config{HWM: hwm})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestLibzmqSubscriber: a libzmq SUB socket gets exactly the messages whose
// topic it subscribed to, multi-part and byte for byte, short and long
// frames alike.
func TestLibzmqSubscriber(t *testing.T) {
	s := listenT(t, "tcp://127.0.0.1:0", DefaultHWM)
	sub := zmqsub.Start(t, "tcp://"+s.Addr().String(), zmqsub.Options{Topics: []string{"hashblock", "raw"}})
	waitSubscribed(t, s, "hashblock", 1)
	waitSubscribed(t, s, "raw", 1)
	long := bytes.Repeat([]byte{0xab, 0x00, 0xcd}, 30_000)
	seq := func(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
	msgs := [][][]byte{
		{[]byte("hashblock"), bytes.Repeat([]byte{1}, 32), seq(0)},
		{[]byte("hashtx"), bytes.Repeat([]byte{2}, 32), seq(0)}, // not subscribed
		{[]byte("rawtx"), long, seq(0)},
		{[]byte("rawblock"), {}, seq(7)},
		{[]byte("hashblock"), bytes.Repeat([]byte{3}, 32), seq(1)},
	}
	for _, m := range msgs {
		if err := s.Send(m...); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{0, 2, 3, 4} {
		got := sub.Recv(10 * time.Second)
		if len(got) != len(msgs[i]) {
			t.Fatalf("message %d: %d parts, want %d", i, len(got), len(msgs[i]))
		}
		for j := range got {
			if !bytes.Equal(got[j], msgs[i][j]) {
				t.Fatalf("message %d part %d differs: %.80x, want %.80x", i, j, got[j], msgs[i][j])
			}
		}
	}
	if m := sub.TryRecv(300 * time.Millisecond); m != nil {
		t.Fatalf("unexpected message %s", zmqsub.String(m))
	}
	t.Logf("libzmq %s", sub.Libzmq)
}

// TestIPCEndpoint: ipc:// endpoints work, replace a stale socket file and
// remove theirs on Close.
func TestIPCEndpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zmq.sock")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Listen("ipc://"+path, nil); !errors.Is(err, ErrBind) {
		t.Fatalf("binding over a regular file: %v, want ErrBind", err)
	}
	os.Remove(path)
	s := listenT(t, "ipc://"+path, DefaultHWM)
	sub := zmqsub.Start(t, "ipc://"+path, zmqsub.Options{Topics: []string{""}})
	waitSubscribed(t, s, "", 1)
	s.Send([]byte("sequence"), []byte("x"))
	if got := sub.Recv(10 * time.Second); string(got[0]) != "sequence" || string(got[1]) != "x" {
		t.Fatalf("got %s", zmqsub.String(got))
	}
	s.Close()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("socket file left after Close: %v", err)
	}
	// A socket file left behind (as after a crash) is replaced.
	s2 := listenT(t, "ipc://"+path, DefaultHWM)
	s2.Close()
}

// TestHighWaterMark: a subscriber that does not read loses messages beyond
// the high-water mark while Send never waits, and a reading subscriber
// beside it gets every message in order.
func TestHighWaterMark(t *testing.T) {
	const hwm, count, size = 20, 3000, 8192
	s := listenT(t, "tcp://127.0.0.1:0", hwm)
	one := 1
	slow := zmqsub.Start(t, "tcp://"+s.Addr().String(), zmqsub.Options{Topics: []string{"t"}, Paused: true, RcvHWM: &one, Short: true})
	fast := zmqsub.Start(t, "tcp://"+s.Addr().String(), zmqsub.Options{Topics: []string{"t"}, Short: true})
	waitSubscribed(t, s, "t", 2)
	payload := bytes.Repeat([]byte{0x5a}, size)
	// Batches smaller than the mark, each read by the fast subscriber
	// before the next: its queue never reaches the mark, the paused one's
	// does. Only the time spent in Send counts.
	const batch = hwm / 2
	var inSend time.Duration
	for i := 0; i < count; i += batch {
		start := time.Now()
		for j := i; j < i+batch; j++ {
			s.Send([]byte("t"), payload, binary.LittleEndian.AppendUint32(nil, uint32(j)))
		}
		inSend += time.Since(start)
		for j := i; j < i+batch; j++ {
			m := fast.Recv(20 * time.Second)
			if got := binary.LittleEndian.Uint32(m[2]); got != uint32(j) || string(m[1]) != fmt.Sprintf("#%d", size) {
				t.Fatalf("fast subscriber: message %d is %d (%s)", j, got, m[1])
			}
		}
	}
	elapsed := inSend
	slow.Resume()
	received, last := 0, -1
	for {
		m := slow.TryRecv(2 * time.Second)
		if m == nil {
			break
		}
		n := int(binary.LittleEndian.Uint32(m[2]))
		if n <= last {
			t.Fatalf("slow subscriber: message %d after %d", n, last)
		}
		last = n
		received++
	}
	t.Logf("%d messages of %d bytes spent %v in Send; the paused subscriber got %d (last %d)", count, size, elapsed, received, last)
	if received == 0 || received >= count {
		t.Fatalf("paused subscriber received %d of %d messages; want some dropped at the high-water mark", received, count)
	}
	if elapsed > 10*time.Second {
		t.Fatalf("Send took %v in all: it waited for a subscriber", elapsed)
	}
}

// TestEndpoints: what Listen accepts and refuses.
func TestEndpoints(t *testing.T) {
	for _, bad := range []string{"foo", "tcp://", "tcp://127.0.0.1", "tcp://:5", "inproc://x", "pgm://x", "ipc://"} {
		if _, err := Listen(bad, nil); !errors.Is(err, ErrEndpoint) {
			t.Errorf("Listen(%q) = %v, want ErrEndpoint", bad, err)
		}
	}
	s := listenT(t, "tcp://127.0.0.1:0", 0)
	if _, err := Listen("tcp://"+s.Addr().String(), nil); !errors.Is(err, ErrBind) {
		t.Errorf("second bind of %s: %v, want ErrBind", s.Addr(), err)
	}
	s6, err := Listen("tcp://[::1]:0", nil)
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer s6.Close()
	sub := zmqsub.Start(t, "tcp://"+s6.Addr().String(), zmqsub.Options{Topics: []string{""}, IPv6: true})
	waitSubscribed(t, s6, "", 1)
	s6.Send([]byte("v6"))
	if got := sub.Recv(10 * time.Second); string(got[0]) != "v6" {
		t.Fatalf("got %s", zmqsub.String(got))
	}
}
