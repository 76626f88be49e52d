package zmq

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// ZMTP 3.1 framing (RFC 37).
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04

	greetingSize = 64
	// maxInbound bounds a frame a subscriber may send (subscriptions and
	// commands are small); larger ones close the connection.
	maxInbound = 64 << 10
)

// greeting is ours: signature, version 3.1, the NULL mechanism, as-server 0.
var greeting = func() []byte {
	g := make([]byte, greetingSize)
	g[0], g[9] = 0xff, 0x7f
	g[10], g[11] = 3, 1
	copy(g[12:32], "NULL")
	return g
}()

// checkGreeting validates a peer's greeting: ZMTP 3 or later with the
// NULL mechanism.
func checkGreeting(g []byte) error {
	if g[0] != 0xff || g[9]&0x01 == 0 {
		return newError(ErrProtocol, "peer greeting lacks the ZMTP signature", nil)
	}
	if g[10] < 3 {
		return newError(ErrProtocol, fmt.Sprintf("peer speaks ZMTP %d.%d; 3.0 or later is needed", g[10], g[11]), nil)
	}
	mech := bytes.TrimRight(g[12:32], "\x00")
	if string(mech) != "NULL" {
		return newError(ErrProtocol, fmt.Sprintf("peer asks for security mechanism %q; only NULL is offered", mech), nil)
	}
	return nil
}

// appendFrame appends one frame with the given flags (flagMore,
// flagCommand) to b.
func appendFrame(b []byte, flags byte, body []byte) []byte {
	return append(appendHeader(b, flags, len(body)), body...)
}

// appendHeader appends the header of a frame of size bytes.
func appendHeader(b []byte, flags byte, size int) []byte {
	if size > 255 {
		b = append(b, flags|flagLong)
		return binary.BigEndian.AppendUint64(b, uint64(size))
	}
	return append(b, flags, byte(size))
}

// command builds a command frame's body: the name and its data.
func command(name string, data []byte) []byte {
	b := make([]byte, 0, 1+len(name)+len(data))
	b = append(b, byte(len(name)))
	b = append(b, name...)
	return append(b, data...)
}

// readyCommand is our READY with its Socket-Type property.
func readyCommand(socketType string) []byte {
	var props []byte
	props = append(props, byte(len("Socket-Type")))
	props = append(props, "Socket-Type"...)
	props = binary.BigEndian.AppendUint32(props, uint32(len(socketType)))
	props = append(props, socketType...)
	return command("READY", props)
}

// readFrame reads one frame of at most maxInbound bytes.
func readFrame(r *bufio.Reader) (flags byte, body []byte, err error) {
	flags, err = r.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	if flags&^(flagMore|flagLong|flagCommand) != 0 {
		return 0, nil, newError(ErrProtocol, fmt.Sprintf("frame flags %#x have reserved bits set", flags), nil)
	}
	var size uint64
	if flags&flagLong != 0 {
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, nil, err
		}
		size = binary.BigEndian.Uint64(b[:])
	} else {
		s, err := r.ReadByte()
		if err != nil {
			return 0, nil, err
		}
		size = uint64(s)
	}
	if size > maxInbound {
		return 0, nil, newError(ErrProtocol, fmt.Sprintf("frame of %d bytes from a subscriber", size), nil)
	}
	body = make([]byte, size)
	if _, err := io.ReadFull(r, body); err != nil {
		return 0, nil, err
	}
	return flags, body, nil
}

// parseCommand splits a command body into its name and data.
func parseCommand(body []byte) (name string, data []byte, err error) {
	if len(body) < 1 || int(body[0]) > len(body)-1 {
		return "", nil, newError(ErrProtocol, "malformed command", nil)
	}
	n := int(body[0])
	return string(body[1 : 1+n]), body[1+n:], nil
}

// parseProperties reads a READY command's metadata.
func parseProperties(data []byte) (map[string]string, error) {
	props := map[string]string{}
	for len(data) > 0 {
		n := int(data[0])
		if len(data) < 1+n+4 {
			return nil, newError(ErrProtocol, "malformed READY metadata", nil)
		}
		name := string(data[1 : 1+n])
		data = data[1+n:]
		vlen := binary.BigEndian.Uint32(data)
		data = data[4:]
		if uint64(vlen) > uint64(len(data)) {
			return nil, newError(ErrProtocol, "malformed READY metadata", nil)
		}
		props[name] = string(data[:vlen])
		data = data[vlen:]
	}
	return props, nil
}
