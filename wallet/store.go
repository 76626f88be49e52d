package wallet

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DatabaseFile is the wallet file inside a wallet's directory, as Core's.
const DatabaseFile = "wallet.dat"

// lockError is Core's SQLiteDatabase message when another process holds
// the database.
const lockError = "SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?\n"

// store is one wallet's SQLite database. It holds a single connection in
// exclusive locking mode, so no other process (or handle) can open the file
// while it is open; every access is serialized by mu.
type store struct {
	mu   sync.Mutex
	db   *sql.DB
	conn *sql.Conn
	dir  string
	path string

	id         fileID
	registered bool
}

// isSQLiteFile reports whether path starts with SQLite's header.
func isSQLiteFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte("SQLite format 3\x00"))
}

// openFiles are the wallet files this process holds open, by device and
// inode. Closing any descriptor of a file drops every POSIX lock the
// process holds on it, so a file open here must not be opened again, even
// just to read its header: the second opener is told the file is locked.
var (
	openMu    sync.Mutex
	openFiles = map[fileID]bool{}
)

type fileID struct{ dev, ino uint64 }

func fileIDOf(path string) (fileID, bool) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

// openStore opens (create: creates) the database of the wallet directory
// dir, with Core's MakeDatabase errors.
func openStore(ctx context.Context, dir string, create bool) (*store, error) {
	openMu.Lock()
	defer openMu.Unlock()
	path := filepath.Join(dir, DatabaseFile)
	if id, ok := fileIDOf(path); ok && openFiles[id] {
		return nil, newErr(ErrLockedByOtherProcess, lockError)
	}
	_, statErr := os.Lstat(dir)
	exists := statErr == nil
	format := exists && isSQLiteFile(path)
	switch {
	case !exists && !create:
		return nil, newErr(ErrNotFound, fmt.Sprintf("Failed to load database path '%s'. Path does not exist.", dir))
	case exists && !format && !create:
		return nil, newErr(ErrNotFound, fmt.Sprintf("Failed to load database path '%s'. Data is not in recognized format.", dir))
	case format && create:
		return nil, newErr(ErrAlreadyExists, fmt.Sprintf("Failed to create database path '%s'. Database already exists.", dir))
	}
	if create {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Failed to create directory %s: %v", dir, err), err)
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, dbErr("open", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Failed to open database: %v", err), err)
	}
	s := &store{db: db, conn: conn, dir: dir, path: path}
	if err := s.setup(ctx); err != nil {
		s.close()
		return nil, err
	}
	if id, ok := fileIDOf(path); ok {
		s.id, s.registered = id, true
		openFiles[id] = true
	}
	return s, nil
}

// setup sets the pragmas and takes the exclusive lock as Core does:
// locking_mode EXCLUSIVE, then an exclusive transaction, so the lock is
// held until the connection closes. The journal is a WAL (one fsync per
// commit with synchronous=FULL; in exclusive mode it needs no shared
// memory file), and secure_delete zeroes freed content.
func (s *store) setup(ctx context.Context) error {
	for _, p := range []string{
		"PRAGMA busy_timeout = 0",
		"PRAGMA locking_mode = EXCLUSIVE",
		"PRAGMA journal_mode = WAL",
		"PRAGMA synchronous = FULL",
		"PRAGMA secure_delete = ON",
		"PRAGMA foreign_keys = ON",
	} {
		if _, err := s.conn.ExecContext(ctx, p); err != nil {
			if isBusy(err) {
				return wrapErr(ErrLockedByOtherProcess, lockError, err)
			}
			return wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Failed to set %s: %v", p, err), err)
		}
	}
	var mode string
	if err := s.conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		return wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Failed to set journal_mode=WAL (%s)", mode), err)
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN EXCLUSIVE TRANSACTION"); err != nil {
		if isBusy(err) {
			return wrapErr(ErrLockedByOtherProcess, lockError, err)
		}
		return wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Failed to begin exclusive transaction: %v", err), err)
	}
	if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return wrapErr(ErrDatabase, fmt.Sprintf("SQLiteDatabase: Unable to end exclusive lock transaction: %v\n", err), err)
	}
	return nil
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return false
}

// update runs fn in one transaction and commits it (fsync'ed with
// synchronous=FULL); any error rolls everything back.
func (s *store) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return newErr(ErrDatabase, "wallet database is closed")
	}
	tx, err := s.conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return dbErr("begin", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return dbErr("write", err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr("commit", err)
	}
	return nil
}

// read runs fn with the connection.
func (s *store) read(ctx context.Context, fn func(q *sql.Conn) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return newErr(ErrDatabase, "wallet database is closed")
	}
	if err := fn(s.conn); err != nil {
		return dbErr("read", err)
	}
	return nil
}

// integrityCheck runs PRAGMA integrity_check and returns its verdict
// ("ok" when sound).
func (s *store) integrityCheck(ctx context.Context) (string, error) {
	var res string
	err := s.read(ctx, func(q *sql.Conn) error {
		return q.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	})
	return res, err
}

// rewrite rewrites the file (VACUUM) and empties the WAL, so no old page
// or log frame keeps content that was replaced (Core's Rewrite after
// encryption).
func (s *store) rewrite(ctx context.Context) error {
	return s.read(ctx, func(q *sql.Conn) error {
		if _, err := q.ExecContext(ctx, "VACUUM"); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		return err
	})
}

// backup writes a consistent copy of the database to dest (VACUUM INTO a
// temporary file beside it, fsync, rename over dest).
func (s *store) backup(ctx context.Context, dest string) error {
	tmp := dest + ".tmp-backup"
	os.Remove(tmp)
	err := s.read(ctx, func(q *sql.Conn) error {
		_, err := q.ExecContext(ctx, "VACUUM INTO ?", tmp)
		return err
	})
	if err != nil {
		os.Remove(tmp)
		return err
	}
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(dest)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// close releases the connection and with it the lock.
func (s *store) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.conn != nil {
		err = s.conn.Close()
		s.conn = nil
	}
	if s.db != nil {
		if cerr := s.db.Close(); err == nil {
			err = cerr
		}
		s.db = nil
	}
	if s.registered {
		openMu.Lock()
		delete(openFiles, s.id)
		openMu.Unlock()
		s.registered = false
	}
	return err
}
