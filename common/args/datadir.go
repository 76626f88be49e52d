package args

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

// ConfFilename is the default config file name.
const ConfFilename = "bitcoin.conf"

// DefaultDataDir returns Core's default data directory: ~/.bitcoin on Unix,
// ~/Library/Application Support/Bitcoin on macOS, %LOCALAPPDATA%\Bitcoin on
// Windows. An unset or empty HOME counts as "/".
func DefaultDataDir() string {
	switch runtime.GOOS {
	case "windows":
		if dir, err := os.UserCacheDir(); err == nil { // %LocalAppData%
			return filepath.Join(dir, "Bitcoin")
		}
	case "darwin":
		return filepath.Join(homeDir(), "Library", "Application Support", "Bitcoin")
	}
	return filepath.Join(homeDir(), ".bitcoin")
}

func homeDir() string {
	if h := os.Getenv("HOME"); h != "" {
		return h
	}
	return "/"
}

// cleanPath normalises a path argument as Core's GetPathArg does: "." and
// ".." components and trailing separators are removed. The empty string
// stays empty.
func cleanPath(p string) string {
	if p == "" {
		return ""
	}
	return filepath.Clean(p)
}

// GetPath returns a path option, normalised as Core's GetPathArg: "" when
// negated (-nodebuglogfile), def when unset or empty.
func (a *Args) GetPath(name, def string) string {
	if a.IsNegated(name) {
		return ""
	}
	p := a.GetString(name, "")
	if p == "" {
		return def
	}
	return cleanPath(p)
}

// DataDir returns the absolute base data directory: -datadir if given (it
// must be an existing directory), otherwise DefaultDataDir() (which may not
// exist yet). The error text is Core's:
// Specified data directory "X" does not exist.
func (a *Args) DataDir() (string, error) {
	dir := a.GetPath("datadir", "")
	if dir == "" {
		return DefaultDataDir(), nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", a.dataDirError(err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", a.dataDirError(err)
	}
	if !fi.IsDir() {
		return "", a.dataDirError(nil)
	}
	return abs, nil
}

func (a *Args) dataDirError(err error) error {
	return &Error{
		Kind:        ErrDataDir,
		Description: fmt.Sprintf("Specified data directory \"%s\" does not exist.", a.GetString("datadir", "")),
		Err:         err,
	}
}

// NetDataDir returns the data directory of the selected chain: DataDir()
// plus "testnet3", "testnet4", "signet" or "regtest" (nothing for main).
func (a *Args) NetDataDir() (string, error) {
	base, err := a.DataDir()
	if err != nil {
		return "", err
	}
	p, err := chainparams.For(a.Chain())
	if err != nil {
		return "", fmt.Errorf("net data directory: %w", err)
	}
	return filepath.Join(base, p.DataSubdir), nil
}

// AbsPathNet resolves a path option value as Core's AbsPathForConfigVal:
// absolute and empty paths are returned unchanged, relative ones are joined
// to the selected chain's data directory (-pid, -debuglogfile,
// -rpccookiefile, ...).
func (a *Args) AbsPathNet(p string) (string, error) {
	if p == "" || filepath.IsAbs(p) {
		return p, nil
	}
	dir, err := a.NetDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, p), nil
}

// AbsPathBase is AbsPathNet relative to the base data directory (-conf,
// -includeconf).
func (a *Args) AbsPathBase(p string) (string, error) {
	if p == "" || filepath.IsAbs(p) {
		return p, nil
	}
	dir, err := a.DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, p), nil
}

// ConfigPath returns the path of the config file ReadConfigFiles read or
// tried to read; "" with -noconf.
func (a *Args) ConfigPath() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.configPath
}

// CreateDataDirs creates the data directory and the chain's data directory
// if they do not exist, each with a "wallets" subdirectory, as Core's
// InitConfig does (mode 0700, as under Core's umask 077).
func (a *Args) CreateDataDirs() error {
	base, err := a.DataDir()
	if err != nil {
		return err
	}
	netDir, err := a.NetDataDir()
	if err != nil {
		return err
	}
	for _, dir := range []string{base, netDir} {
		if _, err := os.Stat(dir); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Join(dir, "wallets"), 0o700); err != nil {
			return fmt.Errorf("create data directory: %w", err)
		}
	}
	return nil
}
