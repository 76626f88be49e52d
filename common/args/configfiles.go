package args

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ReadConfigFiles reads the config file and its includes and selects the
// chain, as Core's InitConfig / ReadConfigFiles / SelectParams do:
//
//   - -datadir, if given, must be an existing directory.
//   - The config file is -conf (relative paths are relative to the data
//     directory), default <datadir>/bitcoin.conf. A missing default file is
//     fine; a missing -conf file is an error; -noconf reads none.
//   - includeconf= lines at the top level and in the selected chain's
//     section name further files (relative to the data directory); includes
//     inside included files are ignored with a warning; -noincludeconf on
//     the command line skips them all.
//   - Unknown names are ignored and reported by Warnings.
//   - Finally the chain is selected (conflicting chain options are an
//     error), and a datadir= from the config file must exist too.
//
// Config errors read "Error reading configuration file: ..." as in Core.
// Calling it again re-reads the files.
func (a *Args) ReadConfigFiles() error {
	// Forget the previous read first, so that a datadir= it set does not
	// decide where to look now.
	a.mu.Lock()
	a.st.config = make(map[string]map[string][]value)
	a.sections = nil
	a.confWarnings, a.consoleWarnings = nil, nil
	a.network = ""
	a.mu.Unlock()

	baseDir, err := a.DataDir()
	if err != nil {
		return err
	}
	confPath, err := a.AbsPathBase(a.GetPath("conf", ConfFilename))
	if err != nil {
		return err
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	a.configPath = confPath
	a.origDataDir = baseDir

	if err := a.readMainConfig(confPath, baseDir); err != nil {
		return err
	}

	chain, err := a.chainFromSettings()
	if err != nil {
		return err
	}
	a.network = string(chain)

	// A datadir= line in the config file may have changed the data
	// directory; it must exist too.
	if p := a.pathLocked("datadir"); p != "" {
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			v, _ := a.setting("datadir")
			return &Error{Kind: ErrConfig, Err: err, Description: configError(
				fmt.Sprintf("specified data directory \"%s\" does not exist.", v.text()))}
		}
	}
	return nil
}

// configError prefixes a config problem the way Core reports it.
func configError(msg string) string {
	return "Error reading configuration file: " + msg
}

func wrapConfigError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		// Negation and value errors from interpretValue keep their kind
		// but gain Core's prefix.
		return &Error{Kind: e.Kind, Description: configError(e.Description), Err: e.Err}
	}
	return &Error{Kind: ErrConfig, Description: configError(err.Error()), Err: err}
}

// readMainConfig reads confPath and its includes. Caller holds mu.
func (a *Args) readMainConfig(confPath, baseDir string) error {
	if confPath == "" { // -noconf
		return nil
	}
	data, err := readConfigFile(confPath)
	switch {
	case errors.Is(err, errIsDir):
		return &Error{Kind: ErrConfig, Err: err, Description: configError(fmt.Sprintf("Config file \"%s\" is a directory.", confPath))}
	case err != nil && a.isSetLocked("conf"):
		return &Error{Kind: ErrConfig, Err: err, Description: configError(fmt.Sprintf("specified config file \"%s\" could not be opened.", confPath))}
	case err != nil:
		return nil // a missing default config file is fine
	}
	if err := a.readConfigStream(data, confPath); err != nil {
		return wrapConfigError(err)
	}
	if _, ok := a.st.cmdline["includeconf"]; ok {
		// ParseCommandLine only lets -noincludeconf through.
		return nil
	}
	return a.readIncludes(baseDir)
}

// readIncludes reads the files named by includeconf= in the selected
// chain's section and at the top level; relative names are relative to
// baseDir, the data directory in effect before the config file was read.
// Caller holds mu.
func (a *Args) readIncludes(baseDir string) error {
	chain, err := a.chainFromSettings()
	if err != nil {
		return err
	}
	collect := func(section string, skip int) (names []string, n int) {
		vals := span(a.st.config[section]["includeconf"])
		for i := max(skip, vals.negated()); i < len(vals); i++ {
			if vals[i].kind == kindString {
				names = append(names, vals[i].s)
			}
		}
		return names, len(vals)
	}
	chainNames, chainCount := collect(string(chain), 0)
	topNames, topCount := collect("", 0)

	for _, name := range append(chainNames, topNames...) {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(baseDir, p)
		}
		data, err := readConfigFile(p)
		if errors.Is(err, errIsDir) {
			return &Error{Kind: ErrConfig, Err: err, Description: configError(fmt.Sprintf("Included config file \"%s\" is a directory.", p))}
		}
		if err != nil {
			return &Error{Kind: ErrConfig, Err: err, Description: configError("Failed to include configuration file " + name)}
		}
		if err := a.readConfigStream(data, name); err != nil {
			return wrapConfigError(err)
		}
	}

	// includeconf= inside included files is not followed.
	var ignored []string
	more, _ := collect(string(chain), chainCount)
	ignored = append(ignored, more...)
	more, _ = collect("", topCount)
	ignored = append(ignored, more...)
	if final, err := a.chainFromSettings(); err == nil && final != chain {
		more, _ = collect(string(final), 0)
		ignored = append(ignored, more...)
	}
	for _, name := range ignored {
		a.consoleWarnings = append(a.consoleWarnings, "-includeconf cannot be used from included files; ignoring -includeconf="+name)
	}
	return nil
}

var errIsDir = errors.New("is a directory")

// readConfigFile reads a whole config file; a directory gives errIsDir.
func readConfigFile(p string) ([]byte, error) {
	fi, err := os.Stat(p)
	if err == nil && fi.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errIsDir}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}
	return data, nil
}

// isSetLocked is IsSet for callers holding mu.
func (a *Args) isSetLocked(name string) bool {
	_, ok := a.setting(name)
	return ok
}

// pathLocked is GetPath(name, "") made absolute. Caller holds mu.
func (a *Args) pathLocked(name string) string {
	v, ok := a.setting(name)
	if !ok || v.kind == kindFalse || v.text() == "" {
		return ""
	}
	p, err := filepath.Abs(cleanPath(v.text()))
	if err != nil {
		return cleanPath(v.text())
	}
	return p
}
