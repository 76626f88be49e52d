package mp

import (
	"fmt"
)

// export is a capability this side serves to the peer.
type export struct {
	d    Dispatcher
	refs int
	// streaming calls on this capability run one at a time, in order.
	streamBusy bool
	streamQ    []*answer
}

// addExport serves d under a new export id with one reference. A peer that
// already holds MaxExports capabilities of ours without releasing them is
// disconnected instead.
func (c *Conn) addExport(d Dispatcher) (uint32, error) {
	c.mu.Lock()
	if live := len(c.exports) - len(c.efree); live >= c.cfg.MaxExports {
		c.mu.Unlock()
		return 0, c.protocolError("the peer holds %d capabilities of this process without releasing them (the maximum)", live)
	}
	defer c.mu.Unlock()
	e := export{d: d, refs: 1}
	if n := len(c.efree); n > 0 {
		id := c.efree[n-1]
		c.efree = c.efree[:n-1]
		c.exports[id] = e
		return id, nil
	}
	c.exports = append(c.exports, e)
	return uint32(len(c.exports) - 1), nil
}

// exportDispatcher returns the dispatcher served under id.
func (c *Conn) exportDispatcher(id uint32) (Dispatcher, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exportLocked(id)
}

func (c *Conn) exportLocked(id uint32) (Dispatcher, error) {
	if int(id) >= len(c.exports) || c.exports[id].refs <= 0 {
		return nil, fmt.Errorf("no capability with export id %d", id)
	}
	return c.exports[id].d, nil
}

// releaseExport drops count references to export id.
func (c *Conn) releaseExport(id uint32, count uint32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.releaseExportLocked(id, count)
}

func (c *Conn) releaseExportLocked(id uint32, count uint32) error {
	if int(id) >= len(c.exports) || c.exports[id].refs <= 0 {
		if c.err != nil {
			return nil
		}
		return fmt.Errorf("release of unknown export %d", id)
	}
	e := &c.exports[id]
	if uint32(e.refs) < count {
		return fmt.Errorf("release of %d references to export %d that has %d", count, id, e.refs)
	}
	e.refs -= int(count)
	if e.refs == 0 {
		*e = export{}
		c.efree = append(c.efree, id)
	}
	return nil
}

// dropExports undoes the exports of a payload that was never sent.
func (c *Conn) dropExports(out *outMsg) {
	for _, d := range out.caps {
		if !d.receiverHosted {
			c.releaseExport(d.id, 1)
		}
	}
}
