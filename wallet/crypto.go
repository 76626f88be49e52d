package wallet

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id parameters that turn a passphrase into the
// key encrypting the wallet's master key. They are stored with the
// wallet, so changing the defaults does not affect existing wallets.
type KDFParams struct {
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF is RFC 9106's second recommended Argon2id setting (t=3,
// m=64 MiB, p=4).
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

const (
	kdfName   = "argon2id"
	saltLen   = 16
	keyLen    = 32
	masterAAD = "bulkhead wallet master key v1"
)

// deriveKEK derives the key-encryption key from a passphrase.
func deriveKEK(passphrase string, salt []byte, p KDFParams) []byte {
	return argon2.IDKey([]byte(passphrase), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
}

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return b, nil
}

// seal encrypts plaintext with AES-256-GCM under key: nonce || ciphertext.
func seal(key, plaintext, aad []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce, err := randomBytes(gcm.NonceSize())
	if err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plaintext, aad), nil
}

var errDecrypt = errors.New("wallet: decryption failed")

// open decrypts what seal produced; a wrong key fails authentication.
func open(key, sealed, aad []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcm.NonceSize() {
		return nil, errDecrypt
	}
	out, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], aad)
	if err != nil {
		return nil, errDecrypt
	}
	return out, nil
}

// wipe zeroes a secret.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// crypted is an encrypted wallet's stored key material.
type crypted struct {
	salt      []byte
	kdf       KDFParams
	masterKey []byte // sealed under the passphrase's KEK
}

// unlockMaster returns the master key for a passphrase, or
// ErrWrongPassphrase.
func (c *crypted) unlockMaster(passphrase string) ([]byte, error) {
	kek := deriveKEK(passphrase, c.salt, c.kdf)
	defer wipe(kek)
	mk, err := open(kek, c.masterKey, []byte(masterAAD))
	if err != nil {
		return nil, newErr(ErrWrongPassphrase, "Error: The wallet passphrase entered was incorrect.")
	}
	return mk, nil
}

// newCrypted seals master under a fresh salt and the passphrase.
func newCrypted(passphrase string, master []byte, p KDFParams) (*crypted, error) {
	salt, err := randomBytes(saltLen)
	if err != nil {
		return nil, err
	}
	kek := deriveKEK(passphrase, salt, p)
	defer wipe(kek)
	sealed, err := seal(kek, master, []byte(masterAAD))
	if err != nil {
		return nil, fmt.Errorf("sealing master key: %w", err)
	}
	return &crypted{salt: salt, kdf: p, masterKey: sealed}, nil
}
