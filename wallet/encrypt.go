package wallet

import (
	"context"
	"time"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// MaxUnlockSeconds is Core's cap on walletpassphrase's timeout.
const MaxUnlockSeconds = 100_000_000

// EncryptWallet encrypts the wallet's private keys under passphrase, as
// Core's EncryptWallet: the descriptors' private material is sealed with
// a random master key, itself sealed with an Argon2id key from the
// passphrase; a new seed and new active descriptors are made (old ones
// stay watched); the file is rewritten (VACUUM, WAL emptied) and the
// wallet stays locked.
func (w *Wallet) EncryptWallet(ctx context.Context, passphrase string) error {
	w.mu.Lock()
	switch {
	case w.flags&FlagDisablePrivateKeys != 0:
		w.mu.Unlock()
		return newErr(ErrEncryptionFailed, "Error: wallet does not contain private keys, nothing to encrypt.")
	case w.crypt != nil:
		w.mu.Unlock()
		return newErr(ErrWrongEncState, "Error: running with an encrypted wallet, but encryptwallet was called.")
	}
	kdf := w.kdf
	w.mu.Unlock()

	master, err := randomBytes(keyLen)
	if err != nil {
		return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
	}
	c, err := newCrypted(passphrase, master, kdf)
	if err != nil {
		return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt != nil {
		return newErr(ErrWrongEncState, "Error: running with an encrypted wallet, but encryptwallet was called.")
	}
	w.crypt, w.master = c, master
	b := newBatch()
	b.info = true
	for _, d := range w.descs {
		if d.secret == nil || d.encrypted {
			continue
		}
		sealed, err := seal(master, d.secret, []byte(d.pub.String()))
		if err != nil {
			w.lockMasterLocked()
			w.reloadLocked(ctx)
			return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
		}
		wipe(d.secret)
		d.secret, d.encrypted = sealed, true
		b.addDesc(d)
	}
	if w.flags&FlagBlankWallet == 0 {
		if err := w.setupDescriptorsLocked(b); err != nil {
			w.lockMasterLocked()
			w.reloadLocked(ctx)
			return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
		}
	}
	if err := w.commit(ctx, b); err != nil {
		w.lockMasterLocked()
		return wrapErr(ErrEncryptionFailed, "Error: Failed to encrypt the wallet.", err)
	}
	w.lockMasterLocked()
	if err := w.db.rewrite(ctx); err != nil {
		w.log.Warn("rewriting the wallet file after encryption failed", "err", err)
	}
	w.log.Info("wallet encrypted")
	return nil
}

// Unlock decrypts the keys for timeout seconds (walletpassphrase); a later
// call replaces the timeout.
func (w *Wallet) Unlock(ctx context.Context, passphrase string, timeout int64) error {
	w.mu.Lock()
	c := w.crypt
	w.mu.Unlock()
	if c == nil {
		return newErr(ErrWrongEncState, "Error: running with an unencrypted wallet, but walletpassphrase was called.")
	}
	timeout = min(max(timeout, 0), MaxUnlockSeconds)
	master, err := c.unlockMaster(passphrase)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt != c {
		wipe(master)
		return newErr(ErrWrongPassphrase, "Error: The wallet passphrase entered was incorrect.")
	}
	if w.master != nil {
		wipe(w.master)
	}
	w.master = master
	w.decryptDescsLocked()
	w.unlockedUntil = now() + timeout
	w.relockGen++
	gen := w.relockGen
	if w.relock != nil {
		w.relock.Stop()
	}
	w.relock = time.AfterFunc(time.Duration(timeout)*time.Second, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.relockGen == gen {
			w.lockMasterLocked()
		}
	})
	return nil
}

// Lock forgets the decrypted keys (walletlock).
func (w *Wallet) Lock(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt == nil {
		return newErr(ErrWrongEncState, "Error: running with an unencrypted wallet, but walletlock was called.")
	}
	w.lockMasterLocked()
	return nil
}

// ChangePassphrase re-seals the master key under a new passphrase
// (walletpassphrasechange); the lock state is unchanged.
func (w *Wallet) ChangePassphrase(ctx context.Context, oldPass, newPass string) error {
	w.mu.Lock()
	c, kdf := w.crypt, w.kdf
	w.mu.Unlock()
	if c == nil {
		return newErr(ErrWrongEncState, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.")
	}
	master, err := c.unlockMaster(oldPass)
	if err != nil {
		return err
	}
	defer wipe(master)
	nc, err := newCrypted(newPass, master, kdf)
	if err != nil {
		return wrapErr(ErrWallet, "Error: Failed to change the passphrase.", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt != c {
		return newErr(ErrWrongPassphrase, "Error: The wallet passphrase entered was incorrect.")
	}
	w.crypt = nc
	b := newBatch()
	b.info = true
	return w.commit(ctx, b)
}

// UnlockedUntil is getwalletinfo's unlocked_until: 0 when locked.
func (w *Wallet) UnlockedUntil() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.master == nil {
		return 0
	}
	return w.unlockedUntil
}

// lockMasterLocked wipes the master key and the decrypted descriptors.
func (w *Wallet) lockMasterLocked() {
	if w.master != nil {
		wipe(w.master)
		w.master = nil
	}
	w.unlockedUntil = 0
	w.relockGen++
	for _, d := range w.descs {
		if d.encrypted {
			d.priv = nil
		}
	}
}

// decryptDescsLocked parses the private descriptors with the master key.
func (w *Wallet) decryptDescsLocked() {
	if w.master == nil {
		return
	}
	for _, d := range w.descs {
		if !d.encrypted || d.priv != nil {
			continue
		}
		text, err := open(w.master, d.secret, []byte(d.pub.String()))
		if err != nil {
			w.log.Error("a descriptor does not decrypt with the master key", "descriptor_id", d.id)
			continue
		}
		d.priv, err = descriptor.Parse(string(text), w.net)
		wipe(text)
		if err != nil {
			w.log.Error("a decrypted descriptor does not parse", "descriptor_id", d.id)
		}
	}
}

// privDesc returns the private form of a descriptor for signing.
func (w *Wallet) privDesc(d *walletDesc) (*descriptor.Descriptor, error) {
	if d.priv != nil {
		return d.priv, nil
	}
	if d.secret == nil {
		return nil, newErr(ErrWallet, "Error: Private keys are disabled for this wallet")
	}
	return nil, errLocked
}
