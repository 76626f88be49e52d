package rpc

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// CookieUser is the user name of cookie authentication, as Core's; local
// IPC clients run their RPC requests as this user too.
const CookieUser = "__cookie__"

// authEntry is one accepted credential: a user and the HMAC-SHA256 of its
// password keyed with the salt, hex encoded (Core's -rpcauth format; the
// rpcuser/rpcpassword pair and the cookie are stored the same way, with a
// random salt).
type authEntry struct {
	user, salt, hash string
}

// authState holds the credentials and the -rpcwhitelist rules.
type authState struct {
	entries          []authEntry
	whitelist        map[string]map[string]bool
	whitelistDefault bool
}

// ErrInvalidRPCAuth is returned by New for a malformed Config.Auth entry.
var ErrInvalidRPCAuth = errors.New("Invalid -rpcauth argument.")

func hmacHex(salt, pass string) string {
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(pass))
	return hex.EncodeToString(m.Sum(nil))
}

// addPlain stores a plaintext credential hashed with a random salt, as
// Core's InitRPCAuthentication does.
func (a *authState) addPlain(user, pass string) error {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return fmt.Errorf("rpc: salt: %w", err)
	}
	salt := hex.EncodeToString(raw[:])
	a.entries = append(a.entries, authEntry{user, salt, hmacHex(salt, pass)})
	return nil
}

// addRPCAuth parses one -rpcauth value "USER:SALT$HASH".
func (a *authState) addRPCAuth(s string) error {
	fields := strings.Split(s, ":")
	saltHash := strings.Split(fields[len(fields)-1], "$")
	if len(fields) != 2 || len(saltHash) != 2 {
		return ErrInvalidRPCAuth
	}
	a.entries = append(a.entries, authEntry{fields[0], saltHash[0], saltHash[1]})
	return nil
}

// setWhitelist parses -rpcwhitelist values "USER:method,method" (a user
// named twice gets the intersection) and -rpcwhitelistdefault.
func (a *authState) setWhitelist(values []string, def *bool) {
	a.whitelist = make(map[string]map[string]bool)
	for _, v := range values {
		user, list, hasList := strings.Cut(v, ":")
		old, existed := a.whitelist[user]
		if !existed {
			a.whitelist[user] = map[string]bool{}
		}
		if !hasList {
			continue
		}
		set := map[string]bool{}
		for _, m := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
			if !existed || old[m] {
				set[m] = true
			}
		}
		a.whitelist[user] = set
	}
	a.whitelistDefault = len(values) > 0
	if def != nil {
		a.whitelistDefault = *def
	}
}

// check verifies an Authorization header as Core's RPCAuthorized. It returns
// the user name given (even when the check fails, for logging).
func (a *authState) check(header string) (string, bool) {
	rest, ok := strings.CutPrefix(header, "Basic ")
	if !ok {
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Trim(rest, " \f\n\r\t\v"))
	if err != nil {
		return "", false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", false
	}
	for _, e := range a.entries {
		if subtle.ConstantTimeCompare([]byte(e.user), []byte(user)) != 1 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hmacHex(e.salt, pass)), []byte(e.hash)) == 1 {
			return user, true
		}
	}
	return user, false
}

// newAuth sets up authentication from cfg as Core's InitRPCAuthentication:
// a cookie when no password is set (unless disabled), else the
// rpcuser/rpcpassword pair, plus every -rpcauth entry.
func newAuth(cfg *Config, log *slog.Logger) (*authState, *cookie, error) {
	a := &authState{}
	var ck *cookie
	if cfg.Password == "" {
		if cfg.CookieFile == "" {
			log.Info("RPC authentication cookie file generation is disabled.")
		} else {
			c, err := writeCookie(cfg.CookieFile, cfg.CookiePerms, log)
			if err != nil {
				return nil, nil, err
			}
			ck = c
			log.Info("Using random cookie authentication.")
			if err := a.addPlain(CookieUser, c.pass); err != nil {
				c.remove(log)
				return nil, nil, err
			}
		}
	} else {
		log.Info("Using rpcuser/rpcpassword authentication.")
		log.Warn("The use of rpcuser/rpcpassword is less secure, because credentials are configured in plain text. It is recommended that locally-run instances switch to cookie-based auth, or otherwise to use hashed rpcauth credentials. See share/rpcauth in the source directory for more information.")
		if err := a.addPlain(cfg.User, cfg.Password); err != nil {
			return nil, nil, err
		}
	}
	if len(cfg.Auth) > 0 {
		log.Info("Using rpcauth authentication.")
		for _, s := range cfg.Auth {
			if err := a.addRPCAuth(s); err != nil {
				log.Warn("Invalid -rpcauth argument.")
				ck.remove(log)
				return nil, nil, err
			}
		}
	}
	a.setWhitelist(cfg.Whitelist, cfg.WhitelistDefault)
	return a, ck, nil
}
