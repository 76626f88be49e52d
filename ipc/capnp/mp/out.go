package mp

import (
	"sync"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// outMsg is a message being built for sending. Its payload part (the params
// of a Call or the results of a Return) collects the capabilities the
// payload's interface pointers refer to.
type outMsg struct {
	msg     capnp.Message
	seg     *capnp.Segment
	root    rpccp.Message
	payload rpccp.Payload
	caps    []capDesc
}

// capDesc is one entry of a payload's capability table.
type capDesc struct {
	receiverHosted bool   // id is the receiver's export (our import)
	id             uint32 // export id (ours) or import id (theirs)
}

var outMsgPool = sync.Pool{New: func() any { return new(outMsg) }}

func newOutMsg() (*outMsg, error) {
	m := outMsgPool.Get().(*outMsg)
	seg, err := m.msg.Reset(capnp.SingleSegment(nil))
	if err != nil {
		outMsgPool.Put(m)
		return nil, err
	}
	root, err := rpccp.NewRootMessage(seg)
	if err != nil {
		m.free()
		return nil, err
	}
	m.seg, m.root = seg, root
	return m, nil
}

func (m *outMsg) free() {
	if m == nil {
		return
	}
	m.msg.Reset(nil)
	m.seg = nil
	m.root = rpccp.Message{}
	m.payload = rpccp.Payload{}
	m.caps = m.caps[:0]
	outMsgPool.Put(m)
}

// writeCapTable writes the collected capability table into the payload.
func (m *outMsg) writeCapTable() error {
	if len(m.caps) == 0 {
		return nil
	}
	list, err := m.payload.NewCapTable(int32(len(m.caps)))
	if err != nil {
		return err
	}
	for i, c := range m.caps {
		d := list.At(i)
		if c.receiverHosted {
			d.SetReceiverHosted(c.id)
		} else {
			d.SetSenderHosted(c.id)
		}
	}
	return nil
}

// addCap appends a capability to the payload's table and returns the
// interface pointer that refers to it.
func (m *outMsg) addCap(c capDesc) capnp.Ptr {
	m.caps = append(m.caps, c)
	return capnp.NewInterface(m.seg, capnp.CapabilityID(len(m.caps)-1)).ToPtr()
}
