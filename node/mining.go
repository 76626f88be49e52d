package node

import (
	"context"
	"math"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/mempool"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// DefaultMaxTries is Core's DEFAULT_MAX_TRIES for the generate methods.
const DefaultMaxTries = 1_000_000

const coinbaseReservedWeight = 4000

// newBlockTemplate is Core's BlockAssembler::CreateNewBlock: a block on
// the active tip whose coinbase pays script the subsidy plus the fees of
// the mempool transactions chosen (by ancestor fee rate) when useMempool.
// The proof of work is not solved. n.mu is held.
func (n *Node) newBlockTemplate(script []byte, useMempool bool) (*wire.MsgBlock, error) {
	tip := n.chain.BestSnapshot()
	height := tip.Height + 1
	version, err := n.chain.CalcNextBlockVersion()
	if err != nil {
		return nil, err
	}
	ts := max(tip.MedianTime.Unix()+1, n.Now().Unix())
	bits, err := n.chain.CalcNextRequiredDifficulty(time.Unix(ts, 0))
	if err != nil {
		return nil, err
	}
	var txs []*wire.MsgTx
	var fees int64
	if useMempool {
		txs, fees = n.selectTransactions()
	}
	cb, err := coinbaseTx(height, script, blockchain.CalcBlockSubsidy(height, n.params)+fees)
	if err != nil {
		return nil, err
	}
	block := &wire.MsgBlock{
		Header: wire.BlockHeader{
			Version:   version,
			PrevBlock: tip.Hash,
			Timestamp: time.Unix(ts, 0),
			Bits:      bits,
		},
		Transactions: append([]*wire.MsgTx{cb}, txs...),
	}
	regenerateCommitments(block)
	return block, nil
}

// coinbaseTx builds the coinbase as Core master does: version 2, the
// height (BIP34) in the script (padded with OP_0 to Core's two-byte
// minimum), nLockTime height-1 with a non-final sequence, the payment,
// and the witness nonce (the commitment output is added by
// regenerateCommitments).
func coinbaseTx(height int32, script []byte, value int64) (*wire.MsgTx, error) {
	sig, err := txscript.NewScriptBuilder().AddInt64(int64(height)).Script()
	if err != nil {
		return nil, err
	}
	if len(sig) < 2 {
		sig = append(sig, op0)
	}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{
		PreviousOutPoint: wire.OutPoint{Index: math.MaxUint32},
		SignatureScript:  sig,
		Sequence:         math.MaxUint32 - 1,
		Witness:          wire.TxWitness{make([]byte, blockchain.CoinbaseWitnessDataLen)},
	})
	tx.AddTxOut(wire.NewTxOut(value, script))
	tx.LockTime = uint32(height - 1)
	return tx, nil
}

// regenerateCommitments is Core's RegenerateCommitments: the coinbase's
// witness commitment output (replaced if present) and the merkle root.
func regenerateCommitments(block *wire.MsgBlock) {
	cb := block.Transactions[0]
	outs := cb.TxOut[:0:0]
	for _, o := range cb.TxOut {
		if len(o.PkScript) >= 38 && o.PkScript[0] == 0x6a && o.PkScript[1] == 0x24 &&
			o.PkScript[2] == 0xaa && o.PkScript[3] == 0x21 && o.PkScript[4] == 0xa9 && o.PkScript[5] == 0xed {
			continue
		}
		outs = append(outs, o)
	}
	cb.TxOut = outs
	cb.TxIn[0].Witness = wire.TxWitness{make([]byte, blockchain.CoinbaseWitnessDataLen)}
	utxs := make([]*btcutil.Tx, len(block.Transactions))
	for i, tx := range block.Transactions {
		utxs[i] = btcutil.NewTx(tx)
	}
	witnessRoot := blockchain.CalcMerkleRoot(utxs, true)
	var preimage [64]byte
	copy(preimage[:32], witnessRoot[:])
	commitment := chainhash.DoubleHashB(preimage[:])
	cb.TxOut = append(cb.TxOut, wire.NewTxOut(0, append(append([]byte(nil), blockchain.WitnessMagicBytes...), commitment...)))
	utxs[0] = btcutil.NewTx(cb)
	block.Header.MerkleRoot = blockchain.CalcMerkleRoot(utxs, false)
}

// selectTransactions is Core's addPackageTxs, simplified: repeatedly take
// the mempool transaction whose package (it and its not yet chosen
// ancestors) pays the highest fee rate, while it fits the block weight and
// pays at least -blockmintxfee. n.mu is held.
func (n *Node) selectTransactions() ([]*wire.MsgTx, int64) {
	if n.pool.Count() == 0 {
		return nil, 0
	}
	g := n.poolGraph()
	included := map[chainhash.Hash]bool{}
	failed := map[chainhash.Hash]bool{}
	weight := int64(coinbaseReservedWeight)
	var out []*wire.MsgTx
	var fees int64
	for {
		var best []chainhash.Hash
		var bestFee, bestSize, bestWeight int64
		for h, d := range g.descs {
			if included[h] || failed[h] {
				continue
			}
			pkg := map[chainhash.Hash]bool{h: true}
			for a := range g.ancestors(d.Tx.MsgTx()) {
				if !included[a] {
					pkg[a] = true
				}
			}
			var fee, size, w int64
			for p := range pkg {
				pd := g.descs[p]
				fee += pd.Fee
				size += mempool.GetTxVirtualSize(pd.Tx)
				w += txWeight(pd.Tx.MsgTx())
			}
			if best == nil || fee*bestSize > bestFee*size {
				best, bestFee, bestSize, bestWeight = g.topoOrder(pkg), fee, size, w
			}
		}
		if best == nil || bestFee < feeFor(n.policy.blockMinTxFee, bestSize) {
			break
		}
		if weight+bestWeight > defaultBlockMaxWeight {
			failed[best[len(best)-1]] = true
			continue
		}
		for _, h := range best {
			included[h] = true
			out = append(out, g.descs[h].Tx.MsgTx())
		}
		weight += bestWeight
		fees += bestFee
	}
	return out, fees
}

// solve searches nonces for the proof of work, at most *tries of them. It
// reports whether the block is solved; false with block.Header.Nonce at
// its maximum means the nonce space ran out (build a new template).
func solve(ctx context.Context, block *wire.MsgBlock, tries *uint64) bool {
	target := blockchain.CompactToBig(block.Header.Bits)
	for *tries > 0 && block.Header.Nonce < math.MaxUint32 {
		hash := block.BlockHash()
		if blockchain.HashToBig(&hash).Cmp(target) <= 0 {
			return true
		}
		block.Header.Nonce++
		*tries--
		if block.Header.Nonce%65536 == 0 && ctx.Err() != nil {
			return false
		}
	}
	hash := block.BlockHash()
	return blockchain.HashToBig(&hash).Cmp(target) <= 0
}

// GenerateBlocks mines count blocks on the active tip paying script, each
// with mempool transactions, trying at most maxTries nonces in all (Core's
// generatetoaddress). It returns the hashes of the blocks mined, fewer
// than count when the tries ran out.
func (n *Node) GenerateBlocks(ctx context.Context, script []byte, count int, maxTries uint64) ([]chainhash.Hash, error) {
	var hashes []chainhash.Hash
	for count > 0 && !n.closed.Load() && ctx.Err() == nil {
		n.mu.Lock()
		block, err := n.newBlockTemplate(script, true)
		n.mu.Unlock()
		if err != nil {
			return hashes, rpcerr.Errorf(rpcerr.RPC_INTERNAL_ERROR, "CreateNewBlock failed: %v", err)
		}
		if !solve(ctx, block, &maxTries) {
			if block.Header.Nonce == math.MaxUint32 && maxTries > 0 {
				continue
			}
			break
		}
		if err := n.submitMined(block); err != nil {
			return hashes, err
		}
		hashes = append(hashes, block.BlockHash())
		count--
	}
	return hashes, nil
}

func (n *Node) submitMined(block *wire.MsgBlock) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.processBlock(btcutil.NewBlock(block)); err != nil {
		n.valLog.Debug("ProcessNewBlock: block not accepted: " + blockErrorString(err))
		return rpcerr.NewError(rpcerr.RPC_INTERNAL_ERROR, "ProcessNewBlock, block not accepted")
	}
	return nil
}

// GenerateBlock mines one block on the active tip holding exactly txs
// after a coinbase paying script the subsidy (Core's generateblock: the
// fees are not claimed). The block is checked first ("TestBlockValidity
// failed: …", RPC_VERIFY_ERROR) and, when submit, processed.
func (n *Node) GenerateBlock(ctx context.Context, script []byte, txs []*wire.MsgTx, submit bool) (*wire.MsgBlock, error) {
	n.mu.Lock()
	block, err := n.newBlockTemplate(script, false)
	if err != nil {
		n.mu.Unlock()
		return nil, rpcerr.Errorf(rpcerr.RPC_INTERNAL_ERROR, "CreateNewBlock failed: %v", err)
	}
	block.Transactions = append(block.Transactions, txs...)
	regenerateCommitments(block)
	if err := n.chain.CheckConnectBlockTemplate(btcutil.NewBlock(block)); err != nil {
		n.mu.Unlock()
		return nil, rpcerr.NewError(rpcerr.RPC_VERIFY_ERROR, "TestBlockValidity failed: "+blockErrorString(err))
	}
	n.mu.Unlock()
	tries := uint64(DefaultMaxTries)
	if !solve(ctx, block, &tries) {
		return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "Failed to make block.")
	}
	if submit {
		if err := n.submitMined(block); err != nil {
			return nil, err
		}
	}
	return block, nil
}
