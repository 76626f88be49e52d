package logging

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// DefaultFilename is the default debug log file name.
const DefaultFilename = "debug.log"

// Config says where log lines go, how they look, and which debug lines are
// wanted. ConfigFromArgs fills it from the command line and config file
// with Core's defaults; the zero Config writes nothing.
type Config struct {
	// FilePath is the debug log file, appended to; "" writes no file.
	FilePath string
	// PrintToConsole also writes every line to Console.
	PrintToConsole bool
	// Console receives lines when PrintToConsole is set; nil is os.Stdout.
	Console io.Writer

	// Timestamps prefixes lines with "2006-01-02T15:04:05Z ".
	Timestamps bool
	// TimeMicros adds microseconds to timestamps.
	TimeMicros bool
	// ThreadNames prefixes lines with "[name] ": the value of a ThreadKey
	// attribute, else ThreadName, else "unknown".
	ThreadNames bool
	// ThreadName is the default thread name.
	ThreadName string
	// SourceLocations prefixes lines with "[file:line] [function] ".
	SourceLocations bool
	// AlwaysPrintCategoryLevel prints "[category:level] " on every line.
	AlwaysPrintCategoryLevel bool
	// LogIPs is -logips; callers that log peer addresses read it.
	LogIPs bool
	// ShrinkFile trims FilePath to its last 10 MB when it is over 11 MB,
	// before opening it.
	ShrinkFile bool

	// Debug lists the categories whose debug (and trace) lines are wanted.
	// "" stands for uncategorised debug lines, which only -debug=1 enables.
	Debug []string
	// Levels holds the threshold for debug categories: key "" is the
	// global one (missing means debug), other keys override it per
	// category. Info, warning and error lines are always written.
	Levels map[string]slog.Level

	// Now, if set, replaces the clock (tests).
	Now func() time.Time
}

// ConfigFromArgs builds a Config from parsed arguments as Core's
// SetLoggingOptions, SetLoggingCategories and SetLoggingLevel do. Relative
// -debuglogfile paths are relative to netDataDir. PrintToConsole follows
// Core's default (on unless -daemon); a process that wants it off by
// default checks a.IsSet("printtoconsole") and clears it.
//
// Errors carry Core's texts: "Unsupported logging category -debug=foo.",
// "Unsupported global logging level -loglevel=foo. Valid values: info,
// debug, trace." and "Unsupported category-specific logging level ...".
func ConfigFromArgs(a *args.Args, netDataDir string) (Config, error) {
	cfg := Config{
		PrintToConsole:           a.GetBool("printtoconsole", !a.GetBool("daemon", false)),
		Timestamps:               a.GetBool("logtimestamps", true),
		TimeMicros:               a.GetBool("logtimemicros", false),
		ThreadNames:              a.GetBool("logthreadnames", false),
		SourceLocations:          a.GetBool("logsourcelocations", false),
		AlwaysPrintCategoryLevel: a.GetBool("loglevelalways", false),
		LogIPs:                   a.GetBool("logips", false),
	}
	if !a.IsNegated("debuglogfile") {
		p := a.GetPath("debuglogfile", DefaultFilename)
		if !filepath.IsAbs(p) {
			p = filepath.Join(netDataDir, p)
		}
		cfg.FilePath = p
	}

	debug, err := debugCategories(a.GetAll("debug"), a.GetAll("debugexclude"))
	if err != nil {
		return Config{}, err
	}
	cfg.Debug = debug
	cfg.Levels, err = parseLevels(a.GetAll("loglevel"))
	if err != nil {
		return Config{}, err
	}
	cfg.ShrinkFile = a.GetBool("shrinkdebugfile", len(cfg.Debug) == 0)
	return cfg, nil
}

// debugCategories applies -debug and -debugexclude values: values before
// the last -debug=0 or -debug=none are dropped; "", "1" and "all" mean every
// category (and uncategorised lines).
func debugCategories(include, exclude []string) ([]string, error) {
	start := 0
	for i, c := range include {
		if c == "0" || c == "none" {
			start = i + 1
		}
	}
	on := map[string]bool{}
	for _, c := range include[start:] {
		switch {
		case isAll(c):
			on[""] = true
			for _, name := range categories {
				on[name] = true
			}
		default:
			if _, ok := categoryIndex(c); !ok {
				return nil, &Error{Kind: ErrUnsupportedCategory, Description: fmt.Sprintf("Unsupported logging category %s=%s.", "-debug", c)}
			}
			on[c] = true
		}
	}
	for _, c := range exclude {
		switch {
		case isAll(c):
			clear(on)
		default:
			if _, ok := categoryIndex(c); !ok {
				return nil, &Error{Kind: ErrUnsupportedCategory, Description: fmt.Sprintf("Unsupported logging category %s=%s.", "-debugexclude", c)}
			}
			delete(on, c)
		}
	}
	out := make([]string, 0, len(on))
	for c := range on {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// parseLevels reads -loglevel values: "level" sets the global threshold,
// "category:level" one category's ("all:level" every category's). As in
// Core, a value is category-specific when it has a ':' at index 3 or later.
func parseLevels(values []string) (map[string]slog.Level, error) {
	levels := map[string]slog.Level{}
	for _, s := range values {
		if len(s) < 3 || !strings.Contains(s[3:], ":") {
			l, ok := parseUserLevel(s)
			if !ok {
				return nil, &Error{Kind: ErrUnsupportedLevel, Description: fmt.Sprintf("Unsupported global logging level %s=%s. Valid values: %s.", "-loglevel", s, joinLevels())}
			}
			levels[""] = l
			continue
		}
		parts := strings.Split(s, ":")
		l, levelOK := slog.Level(0), false
		catOK := false
		if len(parts) == 2 {
			l, levelOK = parseUserLevel(parts[1])
			_, catOK = categoryIndex(parts[0])
			catOK = catOK && parts[0] != "" || isAll(parts[0])
		}
		if !levelOK || !catOK {
			return nil, &Error{Kind: ErrUnsupportedLevel, Description: fmt.Sprintf("Unsupported category-specific logging level %[1]s=%[2]s. Expected %[1]s=<category>:<loglevel>. Valid categories: %[3]s. Valid loglevels: %[4]s.", "-loglevel", s, joinCategories(), joinLevels())}
		}
		if isAll(parts[0]) {
			for _, c := range categories {
				levels[c] = l
			}
			continue
		}
		levels[parts[0]] = l
	}
	return levels, nil
}
