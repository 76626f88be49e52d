package wallet

import (
	"bytes"
	"context"
	"database/sql"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// batch collects the changes of one operation; commit writes them in one
// database transaction.
type batch struct {
	info    bool
	txs     map[chainhash.Hash]*walletTx
	outputs []*walletOutput
	spends  [][2]any // prev outpoint, spending txid
	descs   []*walletDesc
	scripts []scriptRow
	addrs   map[string]addrEntry
}

type scriptRow struct {
	script []byte
	desc   *walletDesc
	index  uint32
	addr   string
}

func newBatch() *batch {
	return &batch{txs: map[chainhash.Hash]*walletTx{}, addrs: map[string]addrEntry{}}
}

// addDesc records a changed descriptor once, in order.
func (b *batch) addDesc(d *walletDesc) {
	for _, x := range b.descs {
		if x == d {
			return
		}
	}
	b.descs = append(b.descs, d)
}

func (b *batch) empty() bool {
	return !b.info && len(b.txs) == 0 && len(b.outputs) == 0 && len(b.spends) == 0 && len(b.descs) == 0 &&
		len(b.scripts) == 0 && len(b.addrs) == 0
}

func nullHash(h chainhash.Hash) any {
	if h == (chainhash.Hash{}) {
		return nil
	}
	return h[:]
}

func serializeTx(tx *wire.MsgTx) []byte {
	var buf bytes.Buffer
	buf.Grow(tx.SerializeSize())
	_ = tx.Serialize(&buf)
	return buf.Bytes()
}

// write stores the batch; w.mu is held.
func (w *Wallet) writeBatch(ctx context.Context, tx *sql.Tx, b *batch) error {
	if b.info {
		if err := w.writeInfo(ctx, tx); err != nil {
			return err
		}
	}
	for _, d := range b.descs {
		if err := writeDesc(ctx, tx, d); err != nil {
			return err
		}
	}
	for _, s := range b.scripts {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO scripts (script, descriptor_id, idx, address) VALUES (?, ?, ?, ?)`,
			s.script, s.desc.id, s.index, s.addr); err != nil {
			return err
		}
	}
	for a, e := range b.addrs {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO address_book (address, label, purpose) VALUES (?, ?, ?)`,
			a, e.label, e.purpose); err != nil {
			return err
		}
	}
	for _, t := range b.txs {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO transactions (txid, raw, order_pos, time_received, time_smart, state,
			block_hash, block_height, block_time, block_index, conflict_block_hash, conflict_height, from_me, comment, comment_to)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.txid[:], serializeTx(t.tx), t.orderPos, t.timeReceived, t.timeSmart, int(t.state),
			nullHash(t.blockHash), t.blockHeight, t.blockTime, t.blockIndex, nullHash(t.conflictHash), t.conflictHeight,
			t.fromMe, t.comment, t.commentTo); err != nil {
			return err
		}
	}
	for _, o := range b.outputs {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO outputs (txid, vout, value, script, coinbase) VALUES (?, ?, ?, ?, ?)`,
			o.op.Hash[:], o.op.Index, o.value, o.script, o.coinbase); err != nil {
			return err
		}
	}
	for _, s := range b.spends {
		op, id := s[0].(wire.OutPoint), s[1].(chainhash.Hash)
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO spends (prev_txid, prev_vout, txid) VALUES (?, ?, ?)`,
			op.Hash[:], op.Index, id[:]); err != nil {
			return err
		}
	}
	return nil
}

func (w *Wallet) writeInfo(ctx context.Context, tx *sql.Tx) error {
	var kdf, salt, mk any
	var kt, km, kp any
	if w.crypt != nil {
		kdf, salt, mk = kdfName, w.crypt.salt, w.crypt.masterKey
		kt, km, kp = w.crypt.kdf.Time, w.crypt.kdf.MemoryKiB, w.crypt.kdf.Threads
	}
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO wallet_info (id, network, flags, created_at, birth_time,
		last_block_hash, last_block_height, kdf, kdf_salt, kdf_time, kdf_memory, kdf_threads, master_key)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.network, int64(w.flags), w.createdAt, w.birthTime, nullHash(w.lastBlock.Hash), w.lastBlock.Height,
		kdf, salt, kt, km, kp, mk)
	if err == nil {
		w.lastWritten = w.lastBlock
	}
	return err
}

func writeDesc(ctx context.Context, tx *sql.Tx, d *walletDesc) error {
	if d.id == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO descriptors (descriptor, secret, secret_encrypted, output_type, internal,
			active, created_at, next_index, range_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.pub.String(), d.secret, d.encrypted, string(d.outputType), d.internal, d.active, d.createdAt, d.nextIndex, d.rangeEnd)
		if err != nil {
			return err
		}
		d.id, err = res.LastInsertId()
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE descriptors SET secret = ?, secret_encrypted = ?, active = ?, next_index = ?,
		range_end = ? WHERE id = ?`, d.secret, d.encrypted, d.active, d.nextIndex, d.rangeEnd, d.id)
	return err
}

// loadState reads the whole wallet into memory; w.mu is held.
func (w *Wallet) loadState(ctx context.Context) error {
	w.resetState()
	return w.db.read(ctx, func(q *sql.Conn) error {
		var lastHash []byte
		var kdf sql.NullString
		var salt, mk []byte
		var kt, km, kp sql.NullInt64
		var flags int64
		err := q.QueryRowContext(ctx, `SELECT network, flags, created_at, birth_time, last_block_hash, last_block_height,
			kdf, kdf_salt, kdf_time, kdf_memory, kdf_threads, master_key FROM wallet_info WHERE id = 1`).Scan(
			&w.network, &flags, &w.createdAt, &w.birthTime, &lastHash, &w.lastBlock.Height, &kdf, &salt, &kt, &km, &kp, &mk)
		if err != nil {
			return err
		}
		w.flags = uint64(flags)
		copy(w.lastBlock.Hash[:], lastHash)
		w.lastWritten = w.lastBlock
		if kdf.Valid {
			w.crypt = &crypted{salt: salt, masterKey: mk,
				kdf: KDFParams{Time: uint32(kt.Int64), MemoryKiB: uint32(km.Int64), Threads: uint8(kp.Int64)}}
		}
		if err := w.loadDescs(ctx, q); err != nil {
			return err
		}
		if err := w.loadAddrs(ctx, q); err != nil {
			return err
		}
		return w.loadTxs(ctx, q)
	})
}

func (w *Wallet) loadDescs(ctx context.Context, q *sql.Conn) error {
	rows, err := q.QueryContext(ctx, `SELECT id, descriptor, secret, secret_encrypted, output_type, internal, active,
		created_at, next_index, range_end FROM descriptors ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int64]*walletDesc{}
	for rows.Next() {
		d := &walletDesc{}
		var pub, ot string
		if err := rows.Scan(&d.id, &pub, &d.secret, &d.encrypted, &ot, &d.internal, &d.active, &d.createdAt,
			&d.nextIndex, &d.rangeEnd); err != nil {
			return err
		}
		d.outputType = descriptor.OutputType(ot)
		if d.pub, err = descriptor.Parse(pub, w.net); err != nil {
			return err
		}
		if d.secret != nil && !d.encrypted {
			if d.priv, err = descriptor.Parse(string(d.secret), w.net); err != nil {
				return err
			}
		}
		w.descs = append(w.descs, d)
		byID[d.id] = d
	}
	if err := rows.Err(); err != nil {
		return err
	}
	srows, err := q.QueryContext(ctx, `SELECT script, descriptor_id, idx FROM scripts`)
	if err != nil {
		return err
	}
	defer srows.Close()
	for srows.Next() {
		var script []byte
		var id int64
		var idx uint32
		if err := srows.Scan(&script, &id, &idx); err != nil {
			return err
		}
		w.scripts[string(script)] = scriptInfo{desc: byID[id], index: idx}
	}
	return srows.Err()
}

func (w *Wallet) loadAddrs(ctx context.Context, q *sql.Conn) error {
	rows, err := q.QueryContext(ctx, `SELECT address, label, purpose FROM address_book`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var e addrEntry
		if err := rows.Scan(&a, &e.label, &e.purpose); err != nil {
			return err
		}
		w.addrBook[a] = e
	}
	return rows.Err()
}

func (w *Wallet) loadTxs(ctx context.Context, q *sql.Conn) error {
	rows, err := q.QueryContext(ctx, `SELECT txid, raw, order_pos, time_received, time_smart, state, block_hash,
		block_height, block_time, block_index, conflict_block_hash, conflict_height, from_me, comment, comment_to
		FROM transactions ORDER BY order_pos`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		t := &walletTx{tx: &wire.MsgTx{}}
		var id, raw, bh, ch []byte
		var bHeight, bTime, bIndex, cHeight sql.NullInt64
		var state int
		if err := rows.Scan(&id, &raw, &t.orderPos, &t.timeReceived, &t.timeSmart, &state, &bh, &bHeight, &bTime,
			&bIndex, &ch, &cHeight, &t.fromMe, &t.comment, &t.commentTo); err != nil {
			return err
		}
		if err := t.tx.Deserialize(bytes.NewReader(raw)); err != nil {
			return err
		}
		t.txid = t.tx.TxHash()
		t.state = txState(state)
		copy(t.blockHash[:], bh)
		copy(t.conflictHash[:], ch)
		t.blockHeight, t.blockTime, t.blockIndex = int32(bHeight.Int64), bTime.Int64, int(bIndex.Int64)
		t.conflictHeight = int32(cHeight.Int64)
		w.addTxMem(t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	orows, err := q.QueryContext(ctx, `SELECT txid, vout, value, script, coinbase FROM outputs`)
	if err != nil {
		return err
	}
	defer orows.Close()
	for orows.Next() {
		o := &walletOutput{}
		var id []byte
		if err := orows.Scan(&id, &o.op.Index, &o.value, &o.script, &o.coinbase); err != nil {
			return err
		}
		copy(o.op.Hash[:], id)
		w.outputs[o.op] = o
	}
	return orows.Err()
}

// addTxMem indexes a transaction in memory.
func (w *Wallet) addTxMem(t *walletTx) {
	w.txs[t.txid] = t
	w.ordered = append(w.ordered, t)
	if t.orderPos >= w.nextOrder {
		w.nextOrder = t.orderPos + 1
	}
	if !t.isCoinbase() {
		for _, in := range t.tx.TxIn {
			w.spenders[in.PreviousOutPoint] = append(w.spenders[in.PreviousOutPoint], t.txid)
		}
	}
	if t.state == stateConfirmed {
		w.recent[t.blockHeight] = t.blockHash
	}
}

// blockRef is a helper for interfaces.BlockRef literals.
func blockRef(h chainhash.Hash, height int32) interfaces.BlockRef {
	return interfaces.BlockRef{Hash: h, Height: height}
}
