package mp

import (
	"fmt"
	"io"
	"sync/atomic"
)

// Stats counts a connection's traffic.
type Stats struct {
	CallsOut, CallsIn       int64 // calls made / served (streaming ones included)
	BytesOut, BytesIn       int64 // bytes written to / read from the socket
	MessagesOut, MessagesIn int64
	Refused                 int64 // calls refused as overloaded
}

func (s Stats) String() string {
	return fmt.Sprintf("calls made %d, served %d, refused %d; messages out %d, in %d; bytes out %d, in %d",
		s.CallsOut, s.CallsIn, s.Refused, s.MessagesOut, s.MessagesIn, s.BytesOut, s.BytesIn)
}

type counters struct {
	callsOut, callsIn, bytesOut, bytesIn, msgsOut, msgsIn, refused atomic.Int64
}

// Stats returns the connection's traffic so far.
func (c *Conn) Stats() Stats {
	return Stats{
		CallsOut: c.stats.callsOut.Load(), CallsIn: c.stats.callsIn.Load(),
		BytesOut: c.stats.bytesOut.Load(), BytesIn: c.stats.bytesIn.Load(),
		MessagesOut: c.stats.msgsOut.Load(), MessagesIn: c.stats.msgsIn.Load(),
		Refused: c.stats.refused.Load(),
	}
}

// countingReader and countingWriter count the socket's bytes.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (r countingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n.Add(int64(n))
	return n, err
}

type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (w countingWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.n.Add(int64(n))
	return n, err
}
