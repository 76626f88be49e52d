package wallet

import (
	"context"
	"database/sql"
	"fmt"
)

// SchemaVersion is the version of the wallet database layout, stored in
// PRAGMA user_version. Opening a file with a newer version fails.
const SchemaVersion = 1

// schema creates the tables of a new wallet (SchemaVersion 1).
//
//   - wallet_info: one row: network, Core's wallet flags, creation and
//     birth time, the last processed block (hash, height), and the
//     encryption parameters (KDF, salt, the encrypted master key) once
//     encrypted.
//   - descriptors: the wallet's descriptors, public form and private
//     material (plain, or AES-256-GCM under the master key when
//     encrypted), output type, internal (change), active, the next index
//     to hand out and the end of the derived range.
//   - scripts: every derived (watched) script: descriptor, index,
//     address.
//   - address_book: labels and purposes (receive, send).
//   - transactions: raw transactions relevant to the wallet with their
//     state (inactive, mempool, confirmed, conflicted, abandoned), block
//     (hash, height, time, position), times, order, comments.
//   - outputs: outputs paying the wallet (the coins).
//   - spends: which wallet transaction spends which wallet output
//     (unspent = no spend by an active transaction).
var schema = []string{
	`CREATE TABLE wallet_info (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		network TEXT NOT NULL,
		flags INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		birth_time INTEGER NOT NULL,
		last_block_hash BLOB,
		last_block_height INTEGER NOT NULL,
		kdf TEXT,
		kdf_salt BLOB,
		kdf_time INTEGER,
		kdf_memory INTEGER,
		kdf_threads INTEGER,
		master_key BLOB
	)`,
	`CREATE TABLE descriptors (
		id INTEGER PRIMARY KEY,
		descriptor TEXT NOT NULL UNIQUE,
		secret BLOB,
		secret_encrypted INTEGER NOT NULL,
		output_type TEXT NOT NULL,
		internal INTEGER NOT NULL,
		active INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		next_index INTEGER NOT NULL,
		range_end INTEGER NOT NULL
	)`,
	`CREATE TABLE scripts (
		script BLOB PRIMARY KEY,
		descriptor_id INTEGER NOT NULL REFERENCES descriptors(id),
		idx INTEGER NOT NULL,
		address TEXT NOT NULL
	) WITHOUT ROWID`,
	`CREATE TABLE address_book (
		address TEXT PRIMARY KEY,
		label TEXT NOT NULL,
		purpose TEXT NOT NULL
	) WITHOUT ROWID`,
	`CREATE TABLE transactions (
		txid BLOB PRIMARY KEY,
		raw BLOB NOT NULL,
		order_pos INTEGER NOT NULL,
		time_received INTEGER NOT NULL,
		time_smart INTEGER NOT NULL,
		state INTEGER NOT NULL,
		block_hash BLOB,
		block_height INTEGER,
		block_time INTEGER,
		block_index INTEGER,
		conflict_block_hash BLOB,
		conflict_height INTEGER,
		from_me INTEGER NOT NULL,
		comment TEXT NOT NULL DEFAULT '',
		comment_to TEXT NOT NULL DEFAULT ''
	) WITHOUT ROWID`,
	`CREATE TABLE outputs (
		txid BLOB NOT NULL,
		vout INTEGER NOT NULL,
		value INTEGER NOT NULL,
		script BLOB NOT NULL,
		coinbase INTEGER NOT NULL,
		PRIMARY KEY (txid, vout)
	) WITHOUT ROWID`,
	`CREATE TABLE spends (
		prev_txid BLOB NOT NULL,
		prev_vout INTEGER NOT NULL,
		txid BLOB NOT NULL,
		PRIMARY KEY (prev_txid, prev_vout, txid)
	) WITHOUT ROWID`,
	`CREATE INDEX spends_by_tx ON spends(txid)`,
}

// createSchema creates the tables in tx and sets the version.
func createSchema(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
	return err
}

// checkSchema verifies the version of an existing wallet.
func (s *store) checkSchema(ctx context.Context) error {
	var v int
	err := s.read(ctx, func(q *sql.Conn) error {
		return q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	})
	if err != nil {
		return err
	}
	if v != SchemaVersion {
		return newErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Unknown wallet schema version %d (this program knows %d)", v, SchemaVersion))
	}
	return nil
}
