package node

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// maxBlockSerializedSize is Core's MAX_BLOCK_SERIALIZED_SIZE.
const maxBlockSerializedSize = 4_000_000

// importBlockFiles is Core's ImportBlocks for -loadblock: each file in
// turn, then nothing else (the chain is always at its best here).
func (n *Node) importBlockFiles(ctx context.Context, paths []string) error {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			n.log.Warn(fmt.Sprintf("Warning: Could not open blocks file %s", path))
			continue
		}
		n.log.Info(fmt.Sprintf("Importing blocks file %s...", path))
		err = n.loadExternalBlockFile(ctx, f)
		f.Close()
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			n.log.Info("Interrupt requested. Exit ImportBlocks")
			return nil
		}
	}
	return nil
}

// loadExternalBlockFile is Core's LoadExternalBlockFile: records of
// {network magic, 4-byte little-endian size, block}, found by scanning for
// the magic (so zero padding and garbage are skipped up to EOF); known
// blocks (genesis) are skipped, the others validated and connected as they
// come (btcd's orphan pool holds blocks whose parent comes later).
func (n *Node) loadExternalBlockFile(ctx context.Context, r io.Reader) error {
	start := time.Now()
	br := bufio.NewReaderSize(r, 1<<20)
	var magic [4]byte
	binary.LittleEndian.PutUint32(magic[:], uint32(n.params.Net))
	loaded := 0
	var buf []byte
	for ctx.Err() == nil {
		if err := seekMagic(br, magic); err != nil {
			break // EOF
		}
		var sizeBytes [4]byte
		if _, err := io.ReadFull(br, sizeBytes[:]); err != nil {
			break
		}
		size := binary.LittleEndian.Uint32(sizeBytes[:])
		if size < wire.MaxBlockHeaderPayload || size > maxBlockSerializedSize {
			continue
		}
		if cap(buf) < int(size) {
			buf = make([]byte, size)
		}
		buf = buf[:size]
		if _, err := io.ReadFull(br, buf); err != nil {
			break
		}
		var msg wire.MsgBlock
		if err := msg.Deserialize(bytes.NewReader(buf)); err != nil {
			n.log.Info(fmt.Sprintf("LoadExternalBlockFile: Deserialize or I/O error - %v", err))
			continue
		}
		block := btcutil.NewBlock(&msg)
		if have, _ := n.chain.HaveBlock(block.Hash()); have {
			n.reindexLog.Debug(fmt.Sprintf("Block Import: already had block %s", block.Hash()))
			continue
		}
		n.mu.Lock()
		isNew, err := n.processBlock(block)
		n.mu.Unlock()
		if err != nil {
			var rerr blockchain.RuleError
			if !errors.As(err, &rerr) {
				n.log.Error(fmt.Sprintf("LoadExternalBlockFile: failed to process block %s: %v", block.Hash(), err))
				return newError(ErrDatabase, fmt.Sprintf("Failed to connect best block (%v).", err), err)
			}
			n.log.Info(fmt.Sprintf("ERROR: AcceptBlock: %s, %s", blockErrorString(err), rerr.Description))
			continue
		}
		if isNew {
			loaded++
		}
	}
	n.log.Info(fmt.Sprintf("Loaded %d blocks from external file in %dms", loaded, time.Since(start).Milliseconds()))
	return nil
}

// seekMagic reads up to and including the next occurrence of magic.
func seekMagic(br *bufio.Reader, magic [4]byte) error {
	matched := 0
	for matched < 4 {
		c, err := br.ReadByte()
		if err != nil {
			return err
		}
		switch {
		case c == magic[matched]:
			matched++
		case c == magic[0]:
			matched = 1
		default:
			matched = 0
		}
	}
	return nil
}
