package node

import (
	"context"
	"fmt"
	"math"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
)

// Now is the node's time, as Core's GetTime: the mock time when one is set
// (-mocktime, SetMockTime), else the system clock. Block assembly and the
// initial-block-download tip age read it.
func (n *Node) Now() time.Time {
	if m := n.mockTime.Load(); m != 0 {
		return time.Unix(m, 0)
	}
	return time.Now()
}

// SetMockTime sets the node's time to secs (Unix seconds); 0 returns to the
// system clock. As Core's setmocktime it is for regtest only (ErrConfig on
// another chain), and secs must fit a block time, [0, 2^32-1]
// (ErrOutOfRange).
func (n *Node) SetMockTime(secs int64) error {
	if n.params.Name != chaincfg.RegressionNetParams.Name {
		return newError(ErrConfig, "setmocktime is for regression testing (-regtest mode) only", nil)
	}
	return n.setMockTime(secs)
}

// setMockTime is SetMockTime on any chain (-mocktime, as Core, is not
// limited to regtest).
func (n *Node) setMockTime(secs int64) error {
	if secs < 0 || secs > math.MaxUint32 {
		return newError(ErrOutOfRange, fmt.Sprintf("Mocktime must be in the range [0, %d], not %d.", uint32(math.MaxUint32), secs), nil)
	}
	// Under cs_main, as Core: not in the middle of processing a block.
	n.mu.Lock()
	n.mockTime.Store(secs)
	n.mu.Unlock()
	return nil
}

// SyncNotifications waits until every subscriber of Chain.HandleNotifications
// has been delivered what was queued for it (Core's
// SyncWithValidationInterfaceQueue), or ctx ends.
func (n *Node) SyncNotifications(ctx context.Context) error {
	return n.notifier.drain(ctx)
}
