package wallet

import (
	"testing"
)

// TestDroppedLoaderCatchesUp: when the node drops the loader's
// subscription (it fell too far behind), the loader subscribes again and
// catches its wallets up from their last processed blocks; the new
// subscription delivers the blocks and mempool transactions that follow.
func TestDroppedLoaderCatchesUp(t *testing.T) {
	e := newEnv(t)
	w := e.create("w", CreateOptions{})
	other := e.create("other", CreateOptions{})
	e.mine(101, e.addr(other, "bech32"))
	e.chain.DropSubscribers("fell 5000 notifications behind")
	waitFor(t, "a new subscription", func() bool { return e.chain.Subscribers() == 1 })
	// Blocks that no subscription saw, until the catch-up.
	e.mine(5, e.addr(w, "bech32"))
	waitFor(t, "the catch-up", func() bool {
		return w.Info().LastBlock.Height == 106 && other.Info().LastBlock.Height == 106
	})
	// Notifications flow again: a payment in the mempool.
	res := e.send(other, e.addr(w, "bech32"), coin, SendOptions{})
	e.chain.Sync()
	if _, err := w.GetTransaction(e.ctx, res.Txid); err != nil {
		t.Fatal("the wallet did not see a mempool payment after the new subscription")
	}
}
