package args

import (
	"strings"
	"sync"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

// Args holds the options an executable accepts and the values given on its
// command line and in its config files. It is safe for concurrent use.
type Args struct {
	// options is immutable after New.
	options map[string]*Option
	// order lists option names in registration order (for help output).
	order []string

	mu         sync.RWMutex
	st         settings
	positional []string
	// network is the selected chain's section name; "" until
	// ReadConfigFiles selects one.
	network string
	// configPath is the config file read ("" with -noconf).
	configPath string
	// origDataDir is the data directory before the config file was read.
	origDataDir string
	// sections lists every section name seen in config files.
	sections []sectionInfo
	// cmdWarnings and confWarnings are collected by ParseCommandLine and
	// ReadConfigFiles; each call replaces its own.
	cmdWarnings  []string
	confWarnings []string
	// consoleWarnings are the config file warnings Core prints on stderr
	// rather than logging them (ConsoleWarnings).
	consoleWarnings []string
	// rwWarnings name unknown settings file entries (InitSettings).
	rwWarnings []string
}

// sectionInfo records where a config section was named.
type sectionInfo struct {
	name string
	file string
	line int
}

// New returns an Args accepting the options in the given tables. When two
// tables define the same name the later definition wins, so an executable
// can override a shared option's help text.
func New(tables ...[]Option) *Args {
	a := &Args{
		options: make(map[string]*Option),
		st: settings{
			forced:  make(map[string]value),
			cmdline: make(map[string][]value),
			rw:      make(map[string]rwSetting),
			config:  make(map[string]map[string][]value),
		},
	}
	for _, table := range tables {
		for i := range table {
			o := table[i]
			if _, dup := a.options[o.Name]; !dup {
				a.order = append(a.order, o.Name)
			}
			a.options[o.Name] = &o
		}
	}
	return a
}

// Option returns the definition of the named option.
func (a *Args) Option(name string) (Option, bool) {
	o, ok := a.options[settingName(name)]
	if !ok {
		return Option{}, false
	}
	return *o, true
}

// Options returns the definitions of every option, in the order the
// tables registered them.
func (a *Args) Options() []Option {
	out := make([]Option, len(a.order))
	for i, name := range a.order {
		out[i] = *a.options[name]
	}
	return out
}

// settingName strips one leading dash, so callers may write "datadir" or
// "-datadir".
func settingName(name string) string {
	return strings.TrimPrefix(name, "-")
}

// useDefaultSection reports whether top-level config values apply to name
// on the selected network (Core's UseDefaultSection). Caller holds mu.
func (a *Args) useDefaultSection(name string) bool {
	if a.network == string(chainparams.Main) {
		return true
	}
	o, ok := a.options[name]
	return !ok || !o.NetworkOnly
}

// setting returns the effective value of name. Caller holds mu.
func (a *Args) setting(name string) (value, bool) {
	return a.st.get(a.network, name, !a.useDefaultSection(name), false)
}
