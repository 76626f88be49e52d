package mp

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"sync"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// maxSegments bounds the segment table of an incoming message.
const maxSegments = 512

// A received message may be read traverseFactor times its size, and at
// least minTraverseLimit bytes (go-capnp's default).
const (
	traverseFactor   = 4
	minTraverseLimit = 64 << 20
)

// maxPooledBuffer is the largest message buffer kept for reuse.
const maxPooledBuffer = 16 << 20

// inMsg is one received message: its bytes, the go-capnp view over them, and
// the capabilities its payload carries once decoded.
type inMsg struct {
	buf   []byte
	arena capnp.ReadOnlySingleSegment
	msg   capnp.Message
	root  rpccp.Message
}

var inMsgPool = sync.Pool{New: func() any { return new(inMsg) }}

// frameReader reads framed messages. A read interrupted by an error (a
// read deadline set to wake a cancelled caller) keeps what it has read, and
// the next call resumes where it stopped, so the stream stays in step.
// Only the goroutine holding the connection's reader role uses it.
type frameReader struct {
	r     *bufio.Reader
	limit int

	stage int // 0: first word of the segment table, 1: the rest, 2: the body
	n     int // bytes of the current stage read so far
	nseg  int
	word  [8]byte
	table []byte // segment table after its first word
	total int
	m     *inMsg
}

// fill reads into dst[f.n:] until dst is full.
func (f *frameReader) fill(dst []byte) error {
	for f.n < len(dst) {
		k, err := f.r.Read(dst[f.n:])
		f.n += k
		if err != nil {
			if err == io.EOF && (f.stage > 0 || f.n > 0) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
	}
	f.n = 0
	return nil
}

// read returns the next message.
func (f *frameReader) read() (*inMsg, error) {
	if f.stage == 0 {
		if err := f.fill(f.word[:4]); err != nil {
			return nil, err
		}
		f.nseg = int(binary.LittleEndian.Uint32(f.word[:4])) + 1
		if f.nseg > maxSegments || f.nseg <= 0 {
			return nil, fmt.Errorf("message has %d segments, more than %d", f.nseg, maxSegments)
		}
		// The rest of the table: nseg sizes, padded to a word.
		rest := 4 * f.nseg
		if f.nseg%2 == 0 {
			rest += 4
		}
		if cap(f.table) < rest {
			f.table = make([]byte, rest)
		}
		f.table = f.table[:rest]
		f.stage = 1
	}
	if f.stage == 1 {
		if err := f.fill(f.table); err != nil {
			return nil, err
		}
		f.total = 0
		for i := range f.nseg {
			words := int64(binary.LittleEndian.Uint32(f.table[4*i:]))
			f.total += int(min(words*8, int64(f.limit)+1))
			if f.total > f.limit {
				f.stage = 0
				return nil, fmt.Errorf("message of more than %d bytes exceeds the limit of %d", f.total, f.limit)
			}
		}
		f.m = inMsgPool.Get().(*inMsg)
		if cap(f.m.buf) < f.total {
			f.m.buf = make([]byte, f.total, max(f.total, 512))
		}
		f.m.buf = f.m.buf[:f.total]
		f.stage = 2
	}
	if err := f.fill(f.m.buf); err != nil {
		return nil, err
	}
	m := f.m
	f.m, f.stage = nil, 0
	var arena capnp.Arena
	if f.nseg == 1 {
		m.arena.ReplaceData(m.buf)
		arena = &m.arena
	} else {
		segs := make([][]byte, f.nseg)
		off := 0
		for i := range segs {
			size := int(binary.LittleEndian.Uint32(f.table[4*i:])) * 8
			segs[i] = m.buf[off : off+size : off+size]
			off += size
		}
		arena = capnp.MultiSegment(segs)
	}
	// go-capnp refuses to read more than TraverseLimit bytes of a message
	// (against pointers that make the same bytes be read over and over);
	// reading a large message's fields more than once is normal, so the
	// limit grows with the message.
	m.msg.TraverseLimit = uint64(max(traverseFactor*f.total, minTraverseLimit))
	if _, err := m.msg.Reset(arena); err != nil {
		m.free()
		return nil, err
	}
	root, err := m.msg.Root()
	if err != nil {
		m.free()
		return nil, fmt.Errorf("message root: %w", err)
	}
	m.root = rpccp.Message(root.Struct())
	return m, nil
}

// free returns the message to the pool; nothing may use it afterwards.
func (m *inMsg) free() {
	if m == nil {
		return
	}
	m.root = rpccp.Message{}
	m.msg = capnp.Message{}
	m.arena.Release()
	if cap(m.buf) > maxPooledBuffer {
		m.buf = nil // too big to keep around
	}
	inMsgPool.Put(m)
}

// writeFrame writes msg's segment table and segments to w. hdr is scratch
// space owned by the writer.
func writeFrame(w *bufio.Writer, msg *capnp.Message, hdr *[8]byte) error {
	n := msg.NumSegments()
	binary.LittleEndian.PutUint32(hdr[:4], uint32(n-1))
	if n == 1 {
		seg, err := msg.Segment(0)
		if err != nil {
			return err
		}
		data := seg.Data()
		binary.LittleEndian.PutUint32(hdr[4:], uint32(len(data)/8))
		if _, err := w.Write(hdr[:]); err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if _, err := w.Write(hdr[:4]); err != nil {
		return err
	}
	segs := make([][]byte, n)
	for i := range segs {
		seg, err := msg.Segment(capnp.SegmentID(i))
		if err != nil {
			return err
		}
		segs[i] = seg.Data()
		binary.LittleEndian.PutUint32(hdr[:4], uint32(len(segs[i])/8))
		if _, err := w.Write(hdr[:4]); err != nil {
			return err
		}
	}
	if n%2 == 0 {
		var pad [4]byte
		if _, err := w.Write(pad[:]); err != nil {
			return err
		}
	}
	for _, s := range segs {
		if _, err := w.Write(s); err != nil {
			return err
		}
	}
	return nil
}
