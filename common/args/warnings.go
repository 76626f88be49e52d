package args

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

// Warnings returns what the caller should log after reading the
// configuration: unknown config file names ("Ignoring unknown
// configuration value foo"), double negatives, unknown settings file
// entries and unrecognised sections ("FILE:LINE Section [x] is not
// recognized."). Options without effect are NoEffectLines'; the warnings
// Core prints on stderr are ConsoleWarnings'.
func (a *Args) Warnings() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	out := slices.Concat(a.cmdWarnings, a.confWarnings, a.rwWarnings)
	for _, s := range a.sections {
		if _, ok := chainparams.Parse(s.name); !ok {
			out = append(out, fmt.Sprintf("%s:%d Section [%s] is not recognized.", s.file, s.line, s.name))
		}
	}
	return out
}

// ConsoleWarnings returns the warnings of the last ReadConfigFiles that
// Core prints on stderr, prefixed "warning: ", instead of logging them:
// an includeconf= inside an included file ("-includeconf cannot be used
// from included files; ignoring -includeconf=NAME").
func (a *Args) ConsoleWarnings() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return slices.Clone(a.consoleWarnings)
}

// CheckSectionOnly returns Core's error for network-only options (-rpcport,
// -port, -bind, -connect, -addnode, -rpcbind, -wallet, -walletdir) that are
// set only at the top level of the config file while a chain other than
// main is selected. bitcoind and bitcoin-node call it at startup, as Core's
// AppInitParameterInteraction does; tools such as bitcoin-cli just ignore
// such values.
func (a *Args) CheckSectionOnly() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.network == "" || a.network == string(chainparams.Main) {
		return nil
	}
	var names []string
	for name, o := range a.options {
		if o.NetworkOnly && a.st.onlyInDefaultSection(a.network, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "Config setting for -%s only applied on %s network when in [%s] section.\n", n, a.network, a.network)
	}
	return newError(ErrSectionOnly, strings.TrimSuffix(b.String(), "\n"))
}

// CheckIgnoredConfig returns Core's error when the data directory holds a
// bitcoin.conf other than the config file in use (after -conf=other or a
// datadir= line in the config file). With -allowignoredconf it returns
// (warning, nil) instead; with -noconf it returns Core's note that the file
// is explicitly ignored. Call it after ReadConfigFiles; bitcoind and
// bitcoin-node do at startup, as Core's InitConfig does.
func (a *Args) CheckIgnoredConfig() (string, error) {
	base, err := a.DataDir()
	if err != nil {
		return "", err
	}
	a.mu.RLock()
	conf, origDataDir := a.configPath, a.origDataDir
	a.mu.RUnlock()
	baseConf := filepath.Join(base, ConfFilename)
	fi, statErr := os.Stat(baseConf)
	switch {
	case statErr != nil:
		return "", nil
	case conf == "":
		return fmt.Sprintf("Data directory %q contains a %q file which is explicitly ignored using -noconf.", base, ConfFilename), nil
	}
	if ci, err := os.Stat(conf); err == nil && os.SameFile(fi, ci) {
		return "", nil
	}
	source := fmt.Sprintf("data directory %q", origDataDir)
	if cli := a.GetString("conf", ""); cli != "" {
		source = fmt.Sprintf("command line argument %q", "-conf="+cli)
	}
	msg := fmt.Sprintf("Data directory %q contains a %q file which is ignored, because a different configuration file %q from %s is being used instead. Possible ways to address this would be to:\n"+
		"- Delete or rename the %q file in data directory %q.\n"+
		"- Change datadir= or conf= options to specify one configuration file, not two, and use includeconf= to include any other configuration files.",
		base, ConfFilename, conf, source, ConfFilename, base)
	if a.GetBool("allowignoredconf", false) {
		return msg, nil
	}
	return "", newError(ErrIgnoredConf, msg+"\n- Set allowignoredconf=1 option to treat this condition as a warning, not an error.")
}
