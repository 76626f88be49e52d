package descriptor

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/btcsuite/btcd/address/v2"
	btcec "github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
)

// hardened is BIP32's hardened-derivation bit.
const hardened = hdkeychain.HardenedKeyStart

type deriveType int

const (
	deriveNone deriveType = iota
	deriveUnhardened
	deriveHardened
)

// KeyOrigin is a key's origin: the fingerprint of the master key and the
// derivation path from it, as in "[d34db33f/84h/1h/0h]".
type KeyOrigin struct {
	Fingerprint [4]byte
	Path        []uint32
}

// DerivedKey is one key of a descriptor expanded at an index.
type DerivedKey struct {
	PubKey *btcec.PublicKey
	// PrivKey is nil unless the descriptor holds the private key.
	PrivKey *btcec.PrivateKey
	// Origin is the key's full origin (fingerprint and path down to this
	// key).
	Origin KeyOrigin
	// XOnly is set for keys used as 32-byte x-only keys (tr()).
	XOnly bool
	// Uncompressed is set for keys serialized in 65 bytes.
	Uncompressed bool
}

// Serialize returns the key as the script uses it: 32 bytes x-only, 33
// compressed or 65 uncompressed.
func (k *DerivedKey) Serialize() []byte {
	switch {
	case k.XOnly:
		return schnorr.SerializePubKey(k.PubKey)
	case k.Uncompressed:
		return k.PubKey.SerializeUncompressed()
	}
	return k.PubKey.SerializeCompressed()
}

// keyExpr is one KEY expression: a constant public key, a WIF private key
// or an extended key with a derivation path, optionally with an origin.
type keyExpr struct {
	origin     *KeyOrigin
	apostrophe bool // hardened steps print as ' rather than h
	net        *chaincfg.Params

	// Constant keys.
	pub          *btcec.PublicKey
	priv         *btcec.PrivateKey
	uncompressed bool
	xonly        bool

	// Extended keys.
	ext    *hdkeychain.ExtendedKey // the root as given (private or public)
	rootFP [4]byte                 // fingerprint of the root key
	path   []uint32
	derive deriveType

	mu       sync.Mutex
	basePub  *hdkeychain.ExtendedKey // ext derived along path, neutered
	basePriv *hdkeychain.ExtendedKey // ext derived along path, private
}

func (k *keyExpr) isRange() bool { return k.ext != nil && k.derive != deriveNone }

func (k *keyExpr) hasPrivate() bool {
	if k.ext != nil {
		return k.ext.IsPrivate()
	}
	return k.priv != nil
}

// needsPrivate reports whether deriving needs the private key (a hardened
// step after the extended key).
func (k *keyExpr) needsPrivate() bool {
	if k.ext == nil {
		return false
	}
	if k.derive == deriveHardened {
		return true
	}
	for _, p := range k.path {
		if p >= hardened {
			return true
		}
	}
	return false
}

// parseKeyPath is Core's ParseKeyPath over the '/'-separated elements.
func parseKeyPath(elems []string, apostrophe *bool) ([]uint32, error) {
	var out []uint32
	for _, e := range elems {
		hard := false
		if n := len(e); n > 0 && (e[n-1] == '\'' || e[n-1] == 'h') {
			hard = true
			*apostrophe = e[n-1] == '\''
			e = e[:n-1]
		}
		if e == "" || e[0] == '+' || e[0] == '-' {
			return nil, parseErr(fmt.Sprintf("Key path value '%s' is not a valid uint32", e))
		}
		p, err := strconv.ParseUint(e, 10, 32)
		if err != nil {
			return nil, parseErr(fmt.Sprintf("Key path value '%s' is not a valid uint32", e))
		}
		if p > 0x7fffffff {
			return nil, parseErr(fmt.Sprintf("Key path value %d is out of range", p))
		}
		if hard {
			p |= hardened
		}
		out = append(out, uint32(p))
	}
	return out, nil
}

// parseKey is Core's ParsePubkey: an optional "[fingerprint/path]" origin,
// then the key.
func parseKey(s string, ctx context, net *chaincfg.Params) (*keyExpr, error) {
	parts := strings.Split(s, "]")
	if len(parts) > 2 {
		return nil, parseErr("Multiple ']' characters found for a single pubkey")
	}
	apostrophe := false
	if len(parts) == 1 {
		k, err := parseKeyInner(parts[0], ctx, net, &apostrophe)
		if err != nil {
			return nil, err
		}
		k.apostrophe = apostrophe
		return k, nil
	}
	if parts[0] == "" || parts[0][0] != '[' {
		c := byte(']')
		if parts[0] != "" {
			c = parts[0][0]
		}
		return nil, parseErr(fmt.Sprintf("Key origin start '[ character expected but not found, got '%c' instead", c))
	}
	elems := strings.Split(parts[0][1:], "/")
	if len(elems[0]) != 8 {
		return nil, parseErr(fmt.Sprintf("Fingerprint is not 4 bytes (%d characters instead of 8 characters)", len(elems[0])))
	}
	fp, err := hex.DecodeString(elems[0])
	if err != nil {
		return nil, parseErr(fmt.Sprintf("Fingerprint '%s' is not hex", elems[0]))
	}
	path, err := parseKeyPath(elems[1:], &apostrophe)
	if err != nil {
		return nil, err
	}
	k, err := parseKeyInner(parts[1], ctx, net, &apostrophe)
	if err != nil {
		return nil, err
	}
	k.origin = &KeyOrigin{Path: path}
	copy(k.origin.Fingerprint[:], fp)
	k.apostrophe = apostrophe
	return k, nil
}

func isHex(s string) bool {
	if len(s)%2 != 0 || s == "" {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// parseKeyInner is Core's ParsePubkeyInner: a hex public key, a WIF
// private key, or an extended key with a path.
func parseKeyInner(s string, ctx context, net *chaincfg.Params, apostrophe *bool) (*keyExpr, error) {
	split := strings.Split(s, "/")
	str := split[0]
	if str == "" {
		return nil, parseErr("No key provided")
	}
	permitUncompressed := ctx == ctxTop || ctx == ctxP2SH
	if len(split) == 1 {
		if isHex(str) {
			data, _ := hex.DecodeString(str)
			if len(data) == 65 && (data[0] == 0x06 || data[0] == 0x07) {
				if _, err := btcec.ParsePubKey(data); err == nil {
					return nil, parseErr("Hybrid public keys are not allowed")
				}
			}
			if (len(data) == 33 || len(data) == 65) && data[0] != 0x06 && data[0] != 0x07 {
				if pub, err := btcec.ParsePubKey(data); err == nil {
					if len(data) == 65 && !permitUncompressed {
						return nil, parseErr("Uncompressed keys are not allowed")
					}
					return &keyExpr{pub: pub, uncompressed: len(data) == 65, net: net}, nil
				}
			}
			if len(data) == 32 && ctx == ctxP2TR {
				if pub, err := schnorr.ParsePubKey(data); err == nil {
					return &keyExpr{pub: pub, xonly: true, net: net}, nil
				}
			}
			return nil, parseErr(fmt.Sprintf("Pubkey '%s' is invalid", str))
		}
		if wif, err := btcutil.DecodeWIF(str); err == nil && wif.IsForNet(net) {
			if !wif.CompressPubKey && !permitUncompressed {
				return nil, parseErr("Uncompressed keys are not allowed")
			}
			return &keyExpr{pub: wif.PrivKey.PubKey(), priv: wif.PrivKey, uncompressed: !wif.CompressPubKey,
				xonly: ctx == ctxP2TR, net: net}, nil
		}
	}
	ext, err := hdkeychain.NewKeyFromString(str)
	if err != nil || !extIsForNet(ext, net) {
		return nil, parseErr(fmt.Sprintf("key '%s' is not valid", str))
	}
	// Memoize the root's public key now, so later uses only read it.
	root, err := ext.ECPubKey()
	if err != nil {
		return nil, parseErr(fmt.Sprintf("key '%s' is not valid", str))
	}
	k := &keyExpr{ext: ext, rootFP: fingerprint(root), xonly: ctx == ctxP2TR, net: net}
	elems := split[1:]
	if n := len(elems); n > 0 {
		switch elems[n-1] {
		case "*":
			k.derive = deriveUnhardened
			elems = elems[:n-1]
		case "*'", "*h":
			k.derive = deriveHardened
			*apostrophe = elems[n-1] == "*'"
			elems = elems[:n-1]
		}
	}
	if k.path, err = parseKeyPath(elems, apostrophe); err != nil {
		return nil, err
	}
	return k, nil
}

func extIsForNet(k *hdkeychain.ExtendedKey, net *chaincfg.Params) bool {
	v := k.Version()
	if k.IsPrivate() {
		return string(v) == string(net.HDPrivateKeyID[:])
	}
	return string(v) == string(net.HDPublicKeyID[:])
}

// formatPath prints a path as Core's FormatHDKeypath: "/84h/1h/0" (or with
// ' when apostrophe).
func formatPath(path []uint32, apostrophe bool) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(strconv.FormatUint(uint64(p&^hardened), 10))
		if p >= hardened {
			if apostrophe {
				b.WriteByte('\'')
			} else {
				b.WriteByte('h')
			}
		}
	}
	return b.String()
}

// String prints the key expression, public or (if possible) private.
func (k *keyExpr) String(private bool) (string, error) {
	var b strings.Builder
	if k.origin != nil {
		b.WriteString("[" + hex.EncodeToString(k.origin.Fingerprint[:]) + formatPath(k.origin.Path, k.apostrophe) + "]")
	}
	switch {
	case k.ext != nil:
		if private {
			if !k.ext.IsPrivate() {
				return "", &Error{Kind: ErrNoPrivateKeys, Description: "descriptor has no private key"}
			}
			b.WriteString(k.ext.String())
		} else {
			pub, err := k.ext.Neuter()
			if err != nil {
				return "", err
			}
			b.WriteString(pub.String())
		}
		b.WriteString(formatPath(k.path, k.apostrophe))
		switch k.derive {
		case deriveUnhardened:
			b.WriteString("/*")
		case deriveHardened:
			if k.apostrophe {
				b.WriteString("/*'")
			} else {
				b.WriteString("/*h")
			}
		}
	case private:
		if k.priv == nil {
			return "", &Error{Kind: ErrNoPrivateKeys, Description: "descriptor has no private key"}
		}
		wif, err := btcutil.NewWIF(k.priv, k.net, !k.uncompressed)
		if err != nil {
			return "", err
		}
		b.WriteString(wif.String())
	case k.xonly:
		b.WriteString(hex.EncodeToString(schnorr.SerializePubKey(k.pub)))
	case k.uncompressed:
		b.WriteString(hex.EncodeToString(k.pub.SerializeUncompressed()))
	default:
		b.WriteString(hex.EncodeToString(k.pub.SerializeCompressed()))
	}
	return b.String(), nil
}

// bases returns the extended key derived along the fixed path, public and
// (when the root is private) private, computed once.
func (k *keyExpr) bases() (pub, priv *hdkeychain.ExtendedKey, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.basePub != nil {
		return k.basePub, k.basePriv, nil
	}
	cur := k.ext
	for _, p := range k.path {
		if p >= hardened && !cur.IsPrivate() {
			return nil, nil, &Error{Kind: ErrDerive, Description: "cannot derive a hardened key without the private key"}
		}
		if cur, err = cur.Derive(p); err != nil {
			return nil, nil, &Error{Kind: ErrDerive, Description: err.Error()}
		}
	}
	if cur.IsPrivate() {
		priv = cur
		// Memoize the public key so concurrent derivations only read.
		if _, err := priv.ECPubKey(); err != nil {
			return nil, nil, err
		}
	}
	if pub, err = cur.Neuter(); err != nil {
		return nil, nil, err
	}
	k.basePub, k.basePriv = pub, priv
	return pub, priv, nil
}

// fingerprint is the first four bytes of HASH160 of a compressed key.
func fingerprint(pub *btcec.PublicKey) [4]byte {
	var fp [4]byte
	copy(fp[:], address.Hash160(pub.SerializeCompressed()))
	return fp
}

// derive returns the key at index (ignored for unranged keys), with its
// private key when wantPriv and available.
func (k *keyExpr) deriveKey(index uint32, wantPriv bool) (DerivedKey, error) {
	if k.ext == nil {
		dk := DerivedKey{PubKey: k.pub, XOnly: k.xonly, Uncompressed: k.uncompressed}
		if wantPriv {
			dk.PrivKey = k.priv
		}
		if k.origin != nil {
			dk.Origin = KeyOrigin{Fingerprint: k.origin.Fingerprint, Path: append([]uint32(nil), k.origin.Path...)}
		} else {
			dk.Origin.Fingerprint = fingerprint(k.pub)
		}
		return dk, nil
	}
	if index >= hardened {
		return DerivedKey{}, &Error{Kind: ErrDerive, Description: fmt.Sprintf("index %d is out of range", index)}
	}
	if k.needsPrivate() && !k.ext.IsPrivate() {
		return DerivedKey{}, &Error{Kind: ErrDerive, Description: "cannot derive a hardened key without the private key"}
	}
	basePub, basePriv, err := k.bases()
	if err != nil {
		return DerivedKey{}, err
	}
	var path []uint32
	if k.origin != nil {
		path = append(path, k.origin.Path...)
	}
	path = append(path, k.path...)
	key := basePub
	if basePriv != nil && (wantPriv || k.derive == deriveHardened) {
		key = basePriv
	}
	switch k.derive {
	case deriveUnhardened:
		path = append(path, index)
		key, err = key.Derive(index)
	case deriveHardened:
		path = append(path, index|hardened)
		key, err = key.Derive(index | hardened)
	}
	if err != nil {
		return DerivedKey{}, &Error{Kind: ErrDerive, Description: err.Error()}
	}
	dk := DerivedKey{XOnly: k.xonly, Origin: KeyOrigin{Path: path}}
	if dk.PubKey, err = key.ECPubKey(); err != nil {
		return DerivedKey{}, &Error{Kind: ErrDerive, Description: err.Error()}
	}
	if wantPriv && key.IsPrivate() {
		if dk.PrivKey, err = key.ECPrivKey(); err != nil {
			return DerivedKey{}, &Error{Kind: ErrDerive, Description: err.Error()}
		}
	}
	if k.origin != nil {
		dk.Origin.Fingerprint = k.origin.Fingerprint
	} else {
		dk.Origin.Fingerprint = k.rootFP
	}
	return dk, nil
}
