package mp

import (
	"errors"
	"fmt"

	"capnproto.org/go/capnp/v3"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// payloadIn reads the capabilities of a received payload (a Call's params or
// a Return's results). Each capability the peer sent counts one reference;
// the ones no generated code claims are released when the payload is done.
type payloadIn struct {
	conn    *Conn
	content capnp.Ptr
	table   rpccp.CapDescriptor_List
	clients []*Client // claimed capabilities by table index
	answer  *answer   // for receiverAnswer descriptors: nil
}

// cap returns the capability an interface pointer refers to (nil for null).
func (p *payloadIn) cap(ptr capnp.Ptr) (*Client, error) {
	if !ptr.IsValid() {
		return nil, nil
	}
	iface := ptr.Interface()
	if !iface.IsValid() {
		return nil, errors.New("expected a capability, found another pointer")
	}
	idx := int(iface.Capability())
	if idx >= p.table.Len() {
		return nil, fmt.Errorf("capability index %d outside the table of %d", idx, p.table.Len())
	}
	if p.clients == nil {
		p.clients = make([]*Client, p.table.Len())
	}
	if cl := p.clients[idx]; cl != nil {
		return cl, nil
	}
	cl, err := p.conn.capFromDescriptor(p.table.At(idx))
	if err != nil {
		return nil, err
	}
	p.clients[idx] = cl
	return cl, nil
}

// releaseUnclaimed releases every peer capability in the table that no code
// took.
func (p *payloadIn) releaseUnclaimed() {
	for i := 0; i < p.table.Len(); i++ {
		if p.clients != nil && p.clients[i] != nil {
			continue
		}
		d := p.table.At(i)
		switch d.Which() {
		case rpccp.CapDescriptor_Which_senderHosted:
			p.conn.releaseImportRef(d.SenderHosted())
		case rpccp.CapDescriptor_Which_senderPromise:
			p.conn.releaseImportRef(d.SenderPromise())
		}
	}
}

// releaseImportRef releases a reference that never became a Client.
func (c *Conn) releaseImportRef(id uint32) {
	c.mu.Lock()
	c.imports++
	c.mu.Unlock()
	c.releaseImport(id)
}

// capFromDescriptor turns one capability table entry into a Client.
func (c *Conn) capFromDescriptor(d rpccp.CapDescriptor) (*Client, error) {
	switch d.Which() {
	case rpccp.CapDescriptor_Which_none:
		return nil, nil
	case rpccp.CapDescriptor_Which_senderHosted:
		return c.newImport(d.SenderHosted())
	case rpccp.CapDescriptor_Which_senderPromise:
		// Calls on a promise are queued by its sender until it resolves, so
		// it can be used like a hosted capability.
		return c.newImport(d.SenderPromise())
	case rpccp.CapDescriptor_Which_receiverHosted:
		disp, err := c.exportDispatcher(d.ReceiverHosted())
		if err != nil {
			return nil, err
		}
		return &Client{conn: c, local: disp}, nil
	case rpccp.CapDescriptor_Which_receiverAnswer:
		pa, err := d.ReceiverAnswer()
		if err != nil {
			return nil, err
		}
		disp, err := c.resolvePromisedAnswer(pa)
		if err != nil {
			return nil, err
		}
		return &Client{conn: c, local: disp}, nil
	default:
		return nil, fmt.Errorf("capability descriptor %v is not supported", d.Which())
	}
}

// capFor adds v to an outgoing payload's capability table (see Call.Cap).
func (c *Conn) capFor(out *outMsg, v any, serve func() Dispatcher) (capnp.Ptr, error) {
	if v == nil {
		return capnp.Ptr{}, nil
	}
	var d Dispatcher
	if p, ok := v.(Proxy); ok {
		if cl := p.MPClient(); cl != nil && cl.conn == c {
			if cl.local == nil {
				return out.addCap(capDesc{receiverHosted: true, id: cl.id}), nil
			}
			d = cl.local
		}
	}
	if d == nil {
		d = serve()
	}
	id, err := c.addExport(d)
	if err != nil {
		return capnp.Ptr{}, err
	}
	return out.addCap(capDesc{id: id}), nil
}
