package zmq

import (
	"io"
	"log/slog"
	"net"
	"testing"
)

// FuzzSubscriberInput feeds arbitrary bytes to a connection as a peer
// would send them: the handshake, subscriptions and commands must never
// panic or hang, whatever arrives.
func FuzzSubscriberInput(f *testing.F) {
	peerGreeting := append([]byte(nil), greeting...)
	peerGreeting[11] = 0
	ready := appendFrame(nil, flagCommand, readyCommand("SUB"))
	f.Add(append(append(append([]byte(nil), greeting...), ready...), appendFrame(nil, flagCommand, command("SUBSCRIBE", []byte("hash")))...))
	f.Add(append(append(append([]byte(nil), peerGreeting...), ready...), appendFrame(nil, 0, []byte("\x01raw"))...))
	f.Add(append(append(append([]byte(nil), greeting...), ready...), appendFrame(nil, flagCommand, command("PING", []byte{0, 10, 'x'}))...))
	f.Add(append(append([]byte(nil), greeting...), 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	f.Add([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Socket{endpoint: "fuzz", log: slog.New(slog.DiscardHandler), conns: map[*conn]struct{}{}}
		ours, peer := net.Pipe()
		c := newConn(s, ours)
		go io.Copy(io.Discard, peer)
		go func() {
			peer.Write(data)
			peer.Close()
		}()
		c.run()
		c.offer([][]byte{[]byte("hash")}, 1)
	})
}
