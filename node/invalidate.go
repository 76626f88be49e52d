package node

import (
	"fmt"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
)

// InvalidateBlock is Core's invalidateblock: it marks the block (and so its
// descendants) invalid, disconnects it from the active chain if it is there
// (its transactions return to the mempool), and moves to the best chain
// left, if that has more work than the block's parent. The genesis block
// is left alone, as Core does. An unknown block is an error of kind
// ErrBlockNotFound; a failure of the chain database ErrDatabase.
func (n *Node) InvalidateBlock(hash chainhash.Hash) error {
	return n.changeBlockValidity(hash, true)
}

// ReconsiderBlock is Core's reconsiderblock: it clears the invalid marks of
// the block and its descendants and moves to the chain with the most work.
func (n *Node) ReconsiderBlock(hash chainhash.Hash) error {
	return n.changeBlockValidity(hash, false)
}

func (n *Node) changeBlockValidity(hash chainhash.Hash, invalidate bool) error {
	if n.closed.Load() {
		return newError(ErrClosed, "node: closed", nil)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	bi, err := n.LookupBlock(hash)
	if err != nil {
		return err
	}
	if invalidate && bi.Height == 0 {
		return nil
	}
	update := n.beginChainUpdate()
	if invalidate {
		// As Core's InvalidateBlock, each disconnected block's
		// transactions return to the mempool before the next step
		// (and before any better chain is connected).
		n.readdEachDisconnect = true
		err = n.chain.InvalidateBlock(&hash)
		n.readdEachDisconnect = false
	} else {
		err = n.chain.ReconsiderBlock(&hash)
	}
	n.endChainUpdate(update)
	if err != nil {
		return newError(ErrDatabase, fmt.Sprintf("%v", err), err)
	}
	return nil
}
