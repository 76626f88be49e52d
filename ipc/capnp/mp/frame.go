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

// inMsg is one received message: its bytes, the go-capnp view over them, and
// the capabilities its payload carries once decoded.
type inMsg struct {
	buf   []byte
	arena capnp.ReadOnlySingleSegment
	msg   capnp.Message
	root  rpccp.Message
}

var inMsgPool = sync.Pool{New: func() any { return new(inMsg) }}

// readMsg reads one framed message. limit bounds its size in bytes. hdr is
// scratch space owned by the reader.
func readMsg(r *bufio.Reader, limit int, hdr *[8]byte) (*inMsg, error) {
	if _, err := io.ReadFull(r, hdr[:4]); err != nil {
		return nil, err
	}
	nseg := int(binary.LittleEndian.Uint32(hdr[:4])) + 1
	if nseg > maxSegments || nseg <= 0 {
		return nil, fmt.Errorf("message has %d segments, more than %d", nseg, maxSegments)
	}
	// The rest of the segment table: nseg sizes, padded to a word.
	tableLen := 4 * nseg
	if nseg%2 == 0 {
		tableLen += 4
	}
	var sizes []uint32
	if nseg > 1 {
		sizes = make([]uint32, 0, nseg)
	}
	total := 0
	for i := 0; i < tableLen/4; i++ {
		if _, err := io.ReadFull(r, hdr[4:8]); err != nil {
			return nil, unexpectedEOF(err)
		}
		if i >= nseg {
			continue
		}
		words := binary.LittleEndian.Uint32(hdr[4:8])
		if int64(words)*8 > int64(limit) {
			return nil, fmt.Errorf("message segment of %d bytes exceeds the limit of %d", int64(words)*8, limit)
		}
		if nseg > 1 {
			sizes = append(sizes, words)
		}
		total += int(words) * 8
		if total > limit {
			return nil, fmt.Errorf("message of %d bytes exceeds the limit of %d", total, limit)
		}
	}
	m := inMsgPool.Get().(*inMsg)
	if cap(m.buf) < total {
		m.buf = make([]byte, total, max(total, 512))
	}
	m.buf = m.buf[:total]
	if _, err := io.ReadFull(r, m.buf); err != nil {
		m.free()
		return nil, unexpectedEOF(err)
	}
	var arena capnp.Arena
	if nseg == 1 {
		m.arena.ReplaceData(m.buf)
		arena = &m.arena
	} else {
		segs := make([][]byte, nseg)
		off := 0
		for i, w := range sizes {
			segs[i] = m.buf[off : off+int(w)*8 : off+int(w)*8]
			off += int(w) * 8
		}
		arena = capnp.MultiSegment(segs)
	}
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
	if cap(m.buf) > 1<<20 {
		m.buf = nil // don't pin big buffers in the pool
	}
	inMsgPool.Put(m)
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
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
