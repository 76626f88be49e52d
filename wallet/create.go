package wallet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// CreateOptions are createwallet's options.
type CreateOptions struct {
	DisablePrivateKeys bool
	Blank              bool
	// Passphrase encrypts the new wallet when not empty.
	Passphrase string
	// AvoidReuse asks for Core's avoid_reuse flag, which is refused: the
	// wallet does not track address reuse yet.
	AvoidReuse     bool
	ExternalSigner bool
}

// errAvoidReuse refuses Core's avoid_reuse wallet flag: marking coins on
// addresses already spent from, keeping them out of coin selection and
// grouping spends by address are not implemented, so a wallet with the
// flag would promise privacy it does not give.
const errAvoidReuse = "The avoid_reuse wallet flag is not supported yet: this wallet does not track address reuse"

// check refuses option combinations no wallet can be created with.
func (o *CreateOptions) check() error {
	if o.ExternalSigner {
		return newErr(ErrWallet, "Compiled without external signing support (required for external signing)")
	}
	if o.AvoidReuse {
		return newErr(ErrWallet, errAvoidReuse)
	}
	if o.Passphrase != "" && o.DisablePrivateKeys {
		return newErr(ErrWallet, "Passphrase provided but private keys are disabled. A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.")
	}
	return nil
}

// CreateWallet creates and loads a wallet, as Core's CreateWallet: a new
// seed and descriptors (unless blank or without private keys), the chain
// tip as its last block (nothing to rescan), encrypted from the start when
// a passphrase is given (and then locked). It returns Core's warnings.
func (l *Loader) CreateWallet(ctx context.Context, name string, o CreateOptions) (*Wallet, []string, error) {
	var warnings []string
	if err := o.check(); err != nil {
		return nil, nil, err
	}
	if err := l.start(ctx); err != nil {
		return nil, nil, err
	}
	tip, err := l.chain.GetTip(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := l.reserve(name); err != nil {
		if errors.Is(err, ErrAlreadyLoaded) {
			// Core fails in MakeDatabase: the file exists.
			err = newErr(ErrAlreadyExists, fmt.Sprintf("Failed to create database path '%s'. Database already exists.", l.walletPath(name)))
			return nil, nil, verifyFailed(err)
		}
		return nil, nil, err
	}
	claim, err := l.claim(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	w, err := l.createWallet(ctx, name, o, tip.Hash, tip.Height)
	if err != nil {
		l.finish(name, nil, claim)
		return nil, nil, err
	}
	l.finish(name, w, claim)
	return w, warnings, nil
}

func (l *Loader) createWallet(ctx context.Context, name string, o CreateOptions, tipHash [32]byte, tipHeight int32) (*Wallet, error) {
	db, err := openStore(ctx, l.walletPath(name), true)
	if err != nil {
		return nil, verifyFailed(err)
	}
	w := l.newWallet(name, db)
	w.mu.Lock()
	defer w.mu.Unlock()
	t := now()
	w.network, w.createdAt, w.birthTime = l.network, t, t
	w.lastBlock = blockRef(tipHash, tipHeight)
	w.flags = defaultFlagsForCreation
	if o.DisablePrivateKeys {
		w.flags |= FlagDisablePrivateKeys
	}
	if o.Blank {
		w.flags |= FlagBlankWallet
	}
	b := newBatch()
	b.info = true
	if o.Passphrase != "" {
		master, err := randomBytes(keyLen)
		if err != nil {
			db.close()
			return nil, err
		}
		if w.crypt, err = newCrypted(o.Passphrase, master, w.kdf); err != nil {
			db.close()
			return nil, newErr(ErrEncryptionFailed, "Error: Wallet created but failed to encrypt.")
		}
		w.master = master
	}
	if !o.DisablePrivateKeys && !o.Blank {
		if err := w.setupDescriptorsLocked(b); err != nil {
			db.close()
			return nil, err
		}
	}
	ctx = context.WithoutCancel(ctx)
	err = db.update(ctx, func(tx *sql.Tx) error {
		if err := createSchema(ctx, tx); err != nil {
			return err
		}
		return w.writeBatch(ctx, tx, b)
	})
	w.lockMasterLocked()
	if err != nil {
		db.close()
		return nil, err
	}
	w.log.Info("wallet created", "dir", db.dir, "encrypted", w.crypt != nil)
	return w, nil
}

// setupDescriptorsLocked adds a fresh seed's active descriptors (sealed
// when encrypted), deactivating the previous ones, and derives their
// keypool. w.mu is held; the master key is available when encrypted.
func (w *Wallet) setupDescriptorsLocked(b *batch) error {
	descs, err := newDescriptors(w.net, now())
	if err != nil {
		return wrapErr(ErrWallet, "generating keys: "+err.Error(), err)
	}
	for _, old := range w.descs {
		if old.active {
			old.active = false
			b.addDesc(old)
		}
	}
	for _, d := range descs {
		if w.crypt != nil {
			sealed, err := seal(w.master, d.secret, []byte(d.pub.String()))
			if err != nil {
				return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
			}
			wipe(d.secret)
			d.secret, d.encrypted = sealed, true
		}
		w.descs = append(w.descs, d)
		b.addDesc(d)
		if err := w.topUp(d, b); err != nil {
			return err
		}
	}
	return nil
}
