package interfaces

import chainhash "github.com/btcsuite/btcd/chainhash/v2"

// BlockRef names a block by hash and height (Core's interfaces::BlockRef).
type BlockRef struct {
	Hash   chainhash.Hash
	Height int32
}
