package node

import (
	"bytes"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/database"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// BlockIndex describes a block the node knows, in the active chain or not
// (Core's CBlockIndex, as the RPC methods read it).
type BlockIndex struct {
	Hash   chainhash.Hash
	Header wire.BlockHeader
	Height int32
	// InActiveChain says whether the block is in the active chain.
	InActiveChain bool
	// MedianTime is the median time past of the block (its own time and
	// its ten ancestors').
	MedianTime int64
	// MaxTime is the highest header time of the block and its ancestors.
	MaxTime int64
	// ChainWork is the total work of the chain up to and including the
	// block.
	ChainWork *big.Int
}

// indexCache remembers, per block hash, what btcd's block index does not
// expose: height, chain work and the running maximum of header times.
// Entries never change once computed (they depend on the ancestors only).
type indexCache struct {
	mu sync.Mutex
	m  map[chainhash.Hash]indexEntry
}

type indexEntry struct {
	height  int32
	maxTime int64
	work    *big.Int
}

func (c *indexCache) init() { c.m = make(map[chainhash.Hash]indexEntry) }

// entry returns the cached facts of a known block, computing them by
// walking back to the nearest block already cached (or genesis).
func (c *indexCache) entry(chain *blockchain.BlockChain, hash chainhash.Hash) (indexEntry, wire.BlockHeader, error) {
	hdr, err := chain.HeaderByHash(&hash)
	if err != nil {
		return indexEntry{}, hdr, newError(ErrBlockNotFound, "Block not found", err)
	}
	c.mu.Lock()
	e, ok := c.m[hash]
	c.mu.Unlock()
	if ok {
		return e, hdr, nil
	}
	// Walk back to a cached ancestor, collecting the headers on the way.
	headers := []wire.BlockHeader{hdr}
	var base indexEntry
	haveBase := false
	for {
		prev := headers[len(headers)-1].PrevBlock
		if prev == (chainhash.Hash{}) {
			break
		}
		c.mu.Lock()
		pe, ok := c.m[prev]
		c.mu.Unlock()
		if ok {
			base, haveBase = pe, true
			break
		}
		ph, err := chain.HeaderByHash(&prev)
		if err != nil {
			return indexEntry{}, hdr, newError(ErrBlockNotFound, "Block not found", err)
		}
		headers = append(headers, ph)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(headers) - 1; i >= 0; i-- {
		h := &headers[i]
		var cur indexEntry
		if !haveBase {
			cur = indexEntry{height: 0, maxTime: h.Timestamp.Unix(), work: blockchain.CalcWork(h.Bits)}
			haveBase = true
		} else {
			cur = indexEntry{
				height:  base.height + 1,
				maxTime: max(base.maxTime, h.Timestamp.Unix()),
				work:    new(big.Int).Add(base.work, blockchain.CalcWork(h.Bits)),
			}
		}
		c.m[h.BlockHash()] = cur
		base = cur
	}
	return base, hdr, nil
}

// LookupBlock returns what the node knows of a block, an error of kind
// ErrBlockNotFound when it knows nothing.
func (n *Node) LookupBlock(hash chainhash.Hash) (*BlockIndex, error) {
	e, hdr, err := n.index.entry(n.chain, hash)
	if err != nil {
		return nil, err
	}
	return &BlockIndex{
		Hash:          hash,
		Header:        hdr,
		Height:        e.height,
		InActiveChain: n.chain.MainChainHasBlock(&hash),
		MedianTime:    n.medianTime(hdr),
		MaxTime:       e.maxTime,
		ChainWork:     e.work,
	}, nil
}

// medianTime is Core's GetMedianTimePast: the median of the times of the
// block and up to ten ancestors.
func (n *Node) medianTime(hdr wire.BlockHeader) int64 {
	times := make([]int64, 0, 11)
	for {
		times = append(times, hdr.Timestamp.Unix())
		if len(times) == 11 || hdr.PrevBlock == (chainhash.Hash{}) {
			break
		}
		prev, err := n.chain.HeaderByHash(&hdr.PrevBlock)
		if err != nil {
			break
		}
		hdr = prev
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return times[len(times)/2]
}

// Tip returns the active chain's tip.
func (n *Node) Tip() (chainhash.Hash, int32) {
	s := n.chain.BestSnapshot()
	return s.Hash, s.Height
}

// TipIndex returns the block index of the active tip.
func (n *Node) TipIndex() *BlockIndex {
	hash, _ := n.Tip()
	bi, err := n.LookupBlock(hash)
	if err != nil {
		// The tip is always in the index.
		panic(fmt.Sprintf("node: tip %s not in the block index: %v", hash, err))
	}
	return bi
}

// TotalTransactions is the number of transactions in the active chain up to
// its tip (Core's m_chain_tx_count of the tip).
func (n *Node) TotalTransactions() uint64 { return n.chain.BestSnapshot().TotalTxns }

// BlockHashAt returns the hash of the active chain's block at height.
func (n *Node) BlockHashAt(height int32) (chainhash.Hash, bool) {
	h, err := n.chain.BlockHashByHeight(height)
	if err != nil || h == nil {
		return chainhash.Hash{}, false
	}
	return *h, true
}

// tipTime is the header time of the active tip.
func (n *Node) tipTime() time.Time {
	s := n.chain.BestSnapshot()
	hdr, err := n.chain.HeaderByHash(&s.Hash)
	if err != nil {
		return time.Time{}
	}
	return hdr.Timestamp
}

// RawBlock returns a stored block's serialization (with witness).
func (n *Node) RawBlock(hash chainhash.Hash) ([]byte, error) {
	var raw []byte
	err := n.db.View(func(tx database.Tx) error {
		b, err := tx.FetchBlock(&hash)
		if err != nil {
			return err
		}
		raw = append([]byte(nil), b...)
		return nil
	})
	if err != nil {
		return nil, newError(ErrBlockNotFound, "Block not found", err)
	}
	return raw, nil
}

// Block returns a stored block, in the active chain or not.
func (n *Node) Block(hash chainhash.Hash) (*wire.MsgBlock, error) {
	raw, err := n.RawBlock(hash)
	if err != nil {
		return nil, err
	}
	var b wire.MsgBlock
	if err := b.Deserialize(bytes.NewReader(raw)); err != nil {
		return nil, newError(ErrDatabase, fmt.Sprintf("Failed to read block %s from disk", hash), err)
	}
	return &b, nil
}

// TxCount returns the number of transactions in a stored block, read from
// the block's transaction count without loading the block.
func (n *Node) TxCount(hash chainhash.Hash) (uint64, error) {
	var count uint64
	err := n.db.View(func(tx database.Tx) error {
		b, err := tx.FetchBlockRegion(&database.BlockRegion{Hash: &hash, Offset: wire.MaxBlockHeaderPayload, Len: 9})
		if err != nil {
			return err
		}
		count, err = wire.ReadVarInt(bytes.NewReader(b), 0)
		return err
	})
	if err != nil {
		return 0, newError(ErrBlockNotFound, "Block not found", err)
	}
	return count, nil
}

// SpentOutput is an output a block's transaction spent (Core's undo data).
type SpentOutput struct {
	Value    int64
	PkScript []byte
	Height   int32
	Coinbase bool
}

// SpentOutputs returns, for a block of the active chain, the outputs its
// transactions spent: one slice per transaction (nil for the coinbase), one
// entry per input. ok is false when the block is not in the active chain
// (btcd keeps no undo data for other blocks).
func (n *Node) SpentOutputs(block *wire.MsgBlock) (spent [][]SpentOutput, ok bool, err error) {
	hash := block.BlockHash()
	if !n.chain.MainChainHasBlock(&hash) {
		return nil, false, nil
	}
	stxos, err := n.chain.FetchSpendJournal(btcutil.NewBlock(block))
	if err != nil {
		return nil, false, newError(ErrDatabase, "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.", err)
	}
	spent = make([][]SpentOutput, len(block.Transactions))
	i := 0
	for t, tx := range block.Transactions {
		if t == 0 {
			continue
		}
		outs := make([]SpentOutput, len(tx.TxIn))
		for j := range tx.TxIn {
			if i >= len(stxos) {
				return nil, false, newError(ErrDatabase, "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.", nil)
			}
			s := stxos[i]
			outs[j] = SpentOutput{Value: s.Amount, PkScript: s.PkScript, Height: s.Height, Coinbase: s.IsCoinBase}
			i++
		}
		spent[t] = outs
	}
	return spent, true, nil
}

// SizeOnDisk is the size of the block database's files (Core's
// size_on_disk: blocks and undo data).
func (n *Node) SizeOnDisk() int64 {
	var total int64
	filepath.Walk(filepath.Join(n.cfg.DataDir, "blocks"), func(path string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			total += info.Size()
		}
		return nil
	})
	return total
}

// HeadersHeight is the height of the best known header (Core's "headers").
func (n *Node) HeadersHeight() int32 {
	_, h := n.chain.BestHeader()
	_, tip := n.Tip()
	return max(h, tip)
}
