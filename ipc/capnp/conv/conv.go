package conv

import (
	"bytes"
	"fmt"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// Tx serializes a transaction with witness; nil gives empty Data.
func Tx(tx *wire.MsgTx) ([]byte, error) {
	if tx == nil {
		return nil, nil
	}
	var b bytes.Buffer
	b.Grow(tx.SerializeSize())
	if err := tx.Serialize(&b); err != nil {
		return nil, fmt.Errorf("serializing transaction: %w", err)
	}
	return b.Bytes(), nil
}

// ParseTx reads a transaction; empty Data gives nil.
func ParseTx(b []byte) (*wire.MsgTx, error) {
	if len(b) == 0 {
		return nil, nil
	}
	tx := new(wire.MsgTx)
	r := bytes.NewReader(b)
	if err := tx.Deserialize(r); err != nil {
		return nil, fmt.Errorf("reading transaction: %w", err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("reading transaction: %d bytes left over", r.Len())
	}
	return tx, nil
}

// Block serializes a block with witness; nil gives empty Data.
func Block(blk *wire.MsgBlock) ([]byte, error) {
	if blk == nil {
		return nil, nil
	}
	var b bytes.Buffer
	b.Grow(blk.SerializeSize())
	if err := blk.Serialize(&b); err != nil {
		return nil, fmt.Errorf("serializing block: %w", err)
	}
	return b.Bytes(), nil
}

// ParseBlock reads a block; empty Data gives nil.
func ParseBlock(b []byte) (*wire.MsgBlock, error) {
	if len(b) == 0 {
		return nil, nil
	}
	blk := new(wire.MsgBlock)
	r := bytes.NewReader(b)
	if err := blk.Deserialize(r); err != nil {
		return nil, fmt.Errorf("reading block: %w", err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("reading block: %d bytes left over", r.Len())
	}
	return blk, nil
}

// Header serializes an 80-byte block header.
func Header(h wire.BlockHeader) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(wire.MaxBlockHeaderPayload)
	if err := h.Serialize(&b); err != nil {
		return nil, fmt.Errorf("serializing header: %w", err)
	}
	return b.Bytes(), nil
}

// ParseHeader reads an 80-byte block header.
func ParseHeader(b []byte) (wire.BlockHeader, error) {
	var h wire.BlockHeader
	if len(b) != wire.MaxBlockHeaderPayload {
		return h, fmt.Errorf("reading header: %d bytes, want %d", len(b), wire.MaxBlockHeaderPayload)
	}
	if err := h.Deserialize(bytes.NewReader(b)); err != nil {
		return h, fmt.Errorf("reading header: %w", err)
	}
	return h, nil
}

// OutPoint serializes an outpoint as Core does: the 32-byte txid, then the
// output index as 4 bytes little-endian.
func OutPoint(op wire.OutPoint) ([]byte, error) {
	b := make([]byte, 36)
	copy(b, op.Hash[:])
	b[32], b[33], b[34], b[35] = byte(op.Index), byte(op.Index>>8), byte(op.Index>>16), byte(op.Index>>24)
	return b, nil
}

// ParseOutPoint reads a 36-byte outpoint.
func ParseOutPoint(b []byte) (wire.OutPoint, error) {
	var op wire.OutPoint
	if len(b) != 36 {
		return op, fmt.Errorf("reading outpoint: %d bytes, want 36", len(b))
	}
	copy(op.Hash[:], b[:32])
	op.Index = uint32(b[32]) | uint32(b[33])<<8 | uint32(b[34])<<16 | uint32(b[35])<<24
	return op, nil
}

// Hash serializes a 256-bit hash as its 32 bytes in internal order (Core's
// uint256 serialization).
func Hash(h chainhash.Hash) ([]byte, error) { return append([]byte(nil), h[:]...), nil }

// ParseHash reads a 32-byte hash.
func ParseHash(b []byte) (chainhash.Hash, error) {
	var h chainhash.Hash
	if len(b) != chainhash.HashSize {
		return h, fmt.Errorf("reading hash: %d bytes, want %d", len(b), chainhash.HashSize)
	}
	copy(h[:], b)
	return h, nil
}

// Script passes a script's bytes as they are (Core's CScript in Data).
func Script(s []byte) ([]byte, error) { return s, nil }

// ParseScript copies a script out of the message.
func ParseScript(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	return append([]byte{}, b...), nil
}
