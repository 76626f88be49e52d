package rpc

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// CookieFileName is the default name of the cookie file, as Core's.
const CookieFileName = ".cookie"

// CookieFilePath resolves a -rpccookiefile value as Core's GetAuthCookieFile:
// empty means ".cookie", and a relative path is taken inside the network's
// data directory. (A negated -norpccookiefile disables the cookie; callers
// pass "" as Config.CookieFile for that instead of calling this.)
func CookieFilePath(netDataDir, value string) string {
	if value == "" {
		value = CookieFileName
	}
	if filepath.IsAbs(value) {
		return value
	}
	return filepath.Join(netDataDir, value)
}

// ErrInvalidCookiePerms is returned by New for a -rpccookieperms value that
// is not owner, group or all.
var ErrInvalidCookiePerms = errors.New("rpc: invalid -rpccookieperms")

// cookiePerms is Core's InterpretPermString.
func cookiePerms(s string) (fs.FileMode, error) {
	switch s {
	case "", "owner":
		return 0o600, nil
	case "group":
		return 0o640, nil
	case "all":
		return 0o644, nil
	}
	return 0, fmt.Errorf("%w: Invalid -rpccookieperms=%s; must be one of 'owner', 'group', or 'all'.", ErrInvalidCookiePerms, s)
}

// cookie is a cookie file this server wrote; it removes it at shutdown.
type cookie struct {
	path string
	pass string
}

// writeCookie writes "__cookie__:<64 hex>" to path through path.tmp, as
// Core's GenerateAuthCookie.
func writeCookie(path, perms string, log *slog.Logger) (*cookie, error) {
	mode, err := cookiePerms(perms)
	if err != nil {
		log.Error(err.Error())
		return nil, err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("rpc: cookie: %w", err)
	}
	pass := hex.EncodeToString(raw[:])
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(CookieUser+":"+pass), 0o600); err != nil {
		log.Warn(fmt.Sprintf("Unable to open cookie authentication file %s for writing", tmp))
		return nil, fmt.Errorf("rpc: write cookie: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		log.Warn(fmt.Sprintf("Unable to rename cookie authentication file %s to %s", tmp, path))
		os.Remove(tmp)
		return nil, fmt.Errorf("rpc: write cookie: %w", err)
	}
	if perms != "" {
		if err := os.Chmod(path, mode); err != nil {
			log.Warn(fmt.Sprintf("Unable to set permissions on cookie authentication file %s", path))
			os.Remove(path)
			return nil, fmt.Errorf("rpc: cookie permissions: %w", err)
		}
	}
	log.Info(fmt.Sprintf("Generated RPC authentication cookie %s", path))
	if st, err := os.Stat(path); err == nil {
		log.Info(fmt.Sprintf("Permissions used for cookie: %s", st.Mode().Perm().String()[1:]))
	}
	return &cookie{path: path, pass: pass}, nil
}

// remove deletes the cookie file (Core's DeleteAuthCookie). A nil cookie
// does nothing.
func (c *cookie) remove(log *slog.Logger) {
	if c == nil {
		return
	}
	if err := os.Remove(c.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Warn(fmt.Sprintf("Unable to remove random auth cookie file %s: %v", c.path, err))
	}
}
