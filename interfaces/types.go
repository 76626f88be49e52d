package interfaces

import chainhash "github.com/btcsuite/btcd/chainhash/v2"

// BlockRef names a block by hash and height (Core's interfaces::BlockRef).
type BlockRef struct {
	Hash   chainhash.Hash
	Height int32
}

// ErrorKind is a kind of error an interface method can return, to be tested
// with errors.Is in any process.
type ErrorKind string

func (k ErrorKind) Error() string { return string(k) }

// Error kinds shared by the interfaces.
const (
	ErrNotFound = ErrorKind("ErrNotFound")
)
