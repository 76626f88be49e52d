package node

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// processBlock validates a block and connects it if it makes the best
// chain, as Core's ProcessNewBlock; the mempool follows and the
// notifications are queued. isNew is false when the block was already
// known (btcd's duplicate error is not an error here). n.mu is held.
func (n *Node) processBlock(block *btcutil.Block) (isNew bool, err error) {
	update := n.beginChainUpdate()
	_, _, err = n.chain.ProcessBlock(block, blockchain.BFNone)
	n.endChainUpdate(update)
	if err != nil {
		var rerr blockchain.RuleError
		if errors.As(err, &rerr) && rerr.ErrorCode == blockchain.ErrDuplicateBlock {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// chainUpdate is the tip before a change of the active chain.
type chainUpdate struct{ prev chainhash.Hash }

// beginChainUpdate starts a change of the active chain (btcd's
// ProcessBlock, InvalidateBlock or ReconsiderBlock). n.mu is held.
func (n *Node) beginChainUpdate() chainUpdate {
	n.disconnected = n.disconnected[:0]
	n.connected = n.connected[:0]
	return chainUpdate{prev: n.chain.BestSnapshot().Hash}
}

// endChainUpdate finishes a change of the active chain in Core's order
// (ActivateBestChain): BlockDisconnected went out as each block left; the
// mempool takes back the disconnected blocks' transactions (Core's
// MaybeUpdateMempoolForReorg); then BlockConnected for each connected
// block, and UpdatedBlockTip once if blocks were connected and the tip
// moved (a change that only disconnects, as invalidateblock, announces no
// new tip, as Core). n.mu is held.
func (n *Node) endChainUpdate(u chainUpdate) {
	if len(n.disconnected) > 0 {
		n.mempoolAfterReorg(n.disconnected)
		n.disconnected = n.disconnected[:0]
	}
	connected := len(n.connected) > 0
	for i := range n.connected {
		n.notifier.publish(n.connected[i])
		n.connected[i] = event{}
	}
	n.connected = n.connected[:0]
	if tip := n.chain.BestSnapshot(); connected && tip.Hash != u.prev {
		n.notifier.publish(event{kind: evTip, ref: interfaces.BlockRef{Hash: tip.Hash, Height: tip.Height}, ibd: n.IsInitialBlockDownload()})
	}
}

// ProcessBlock validates and stores a block (submitblock's path). isNew is
// false when the block was already known; connected says whether it is in
// the active chain afterwards. An invalid block is an error of kind
// ErrInvalidBlock with Core's reject reason ("prev-blk-not-found" when its
// parent is unknown: orphans are not kept).
func (n *Node) ProcessBlock(msg *wire.MsgBlock) (isNew, connected bool, err error) {
	if n.closed.Load() {
		return false, false, newError(ErrClosed, "node: closed", nil)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if ok, err := n.chain.HaveBlock(&msg.Header.PrevBlock); err != nil || !ok {
		return false, false, newError(ErrInvalidBlock, "prev-blk-not-found", err)
	}
	isNew, err = n.processBlock(btcutil.NewBlock(msg))
	if err != nil {
		return false, false, newError(ErrInvalidBlock, blockErrorString(err), err)
	}
	hash := msg.BlockHash()
	return isNew, n.chain.MainChainHasBlock(&hash), nil
}

// onChainEvent receives btcd's chain notifications. btcd calls it from
// ProcessBlock, InvalidateBlock and ReconsiderBlock with its chain lock
// released; our callers hold n.mu and bracket the call with
// beginChainUpdate and endChainUpdate.
func (n *Node) onChainEvent(nt *blockchain.Notification) {
	switch nt.Type {
	case blockchain.NTBlockConnected:
		block := nt.Data.(*btcutil.Block)
		n.mempoolBlockConnected(block)
		n.connected = append(n.connected, event{kind: evConnected, block: blockInfo(block)})
		n.logUpdateTip("UpdateTip", block.Hash())
	case blockchain.NTBlockDisconnected:
		block := nt.Data.(*btcutil.Block)
		n.notifier.publish(event{kind: evDisconnected, block: blockInfo(block)})
		if n.readdEachDisconnect {
			n.mempoolAfterReorg([]*btcutil.Block{block})
		} else {
			n.disconnected = append(n.disconnected, block)
		}
		n.logUpdateTip("UpdateTip", &block.MsgBlock().Header.PrevBlock)
	}
}

func blockInfo(b *btcutil.Block) interfaces.BlockInfo {
	msg := b.MsgBlock()
	return interfaces.BlockInfo{
		Hash:     *b.Hash(),
		PrevHash: msg.Header.PrevBlock,
		Height:   b.Height(),
		Time:     msg.Header.Timestamp.Unix(),
		Block:    msg,
	}
}

// logUpdateTip writes Core's UpdateTip line for the new tip.
func (n *Node) logUpdateTip(prefix string, hash *chainhash.Hash) {
	e, hdr, err := n.index.entry(n.chain, *hash)
	if err != nil {
		return
	}
	snap := n.chain.BestSnapshot()
	n.log.Info(fmt.Sprintf("%s: new best=%s height=%d version=0x%08x log2_work=%f tx=%d date='%s' progress=%f cache=%.1fMiB",
		prefix, hash, e.height, uint32(hdr.Version), log2(e.work), snap.TotalTxns,
		formatISO8601(hdr.Timestamp), 1.0, float64(n.chain.CachedStateSize())/(1<<20)))
}

func log2(x *big.Int) float64 {
	f, _ := new(big.Float).SetInt(x).Float64()
	return math.Log2(f)
}

// formatISO8601 is Core's FormatISO8601DateTime.
func formatISO8601(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// IsInitialBlockDownload is Core's ChainstateManager::IsInitialBlockDownload:
// true while importing blocks or while the tip is older than -maxtipage
// (24 hours); once false it stays false.
func (n *Node) IsInitialBlockDownload() bool {
	if n.ibdDone.Load() {
		return false
	}
	if n.importing.Load() {
		return true
	}
	if n.Now().Sub(n.tipTime()) > n.maxTipAge {
		return true
	}
	if n.ibdDone.CompareAndSwap(false, true) {
		n.log.Info("Leaving InitialBlockDownload (latching to false)")
	}
	return false
}

// VerificationProgress is Core's GuessVerificationProgress; without chain
// transaction statistics (btcd has none, regtest has none) it is 1.
func (n *Node) VerificationProgress() float64 { return 1.0 }
