package logging

import (
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

func parse(t *testing.T, argv ...string) *args.Args {
	t.Helper()
	a := args.New(args.Common)
	if err := a.ParseCommandLine(argv); err != nil {
		t.Fatalf("ParseCommandLine(%q): %v", argv, err)
	}
	return a
}

func TestConfigFromArgsDefaults(t *testing.T) {
	cfg, err := ConfigFromArgs(parse(t), "/data/regtest")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		FilePath:       "/data/regtest/debug.log",
		PrintToConsole: true,
		Timestamps:     true,
		ShrinkFile:     true,
		Debug:          []string{},
		Levels:         map[string]slog.Level{},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", cfg, want)
	}
}

func TestConfigFromArgsOutput(t *testing.T) {
	tests := []struct {
		argv    []string
		file    string
		console bool
	}{
		{[]string{"-debuglogfile=foo.log"}, "/net/foo.log", true},
		{[]string{"-debuglogfile=sub/../foo.log"}, "/net/foo.log", true},
		{[]string{"-debuglogfile=/var/log/b.log"}, "/var/log/b.log", true},
		{[]string{"-nodebuglogfile"}, "", true},
		{[]string{"-daemon"}, "/net/debug.log", false},
		{[]string{"-daemon", "-printtoconsole"}, "/net/debug.log", true},
		{[]string{"-printtoconsole=0"}, "/net/debug.log", false},
	}
	for _, tc := range tests {
		cfg, err := ConfigFromArgs(parse(t, tc.argv...), "/net")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.FilePath != tc.file || cfg.PrintToConsole != tc.console {
			t.Errorf("%q: file %q console %v", tc.argv, cfg.FilePath, cfg.PrintToConsole)
		}
	}
	cfg, _ := ConfigFromArgs(parse(t, "-nologtimestamps", "-logtimemicros", "-logthreadnames", "-logsourcelocations", "-loglevelalways", "-logips"), "/net")
	if cfg.Timestamps || !cfg.TimeMicros || !cfg.ThreadNames || !cfg.SourceLocations || !cfg.AlwaysPrintCategoryLevel || !cfg.LogIPs {
		t.Errorf("format switches: %+v", cfg)
	}
}

func TestConfigFromArgsCategories(t *testing.T) {
	all := append([]string{""}, Categories()...)
	tests := []struct {
		argv   []string
		debug  []string
		shrink bool
	}{
		{nil, []string{}, true},
		{[]string{"-debug"}, all, false},
		{[]string{"-debug=1"}, all, false},
		{[]string{"-debug=all"}, all, false},
		{[]string{"-debug=ipc"}, []string{"ipc"}, false},
		{[]string{"-debug=ipc", "-debug=net"}, []string{"ipc", "net"}, false},
		{[]string{"-debug=ipc", "-nodebug"}, []string{}, true},
		{[]string{"-debug=http", "-debug=abc", "-debug=0", "-debug=rpc", "-debug=net"}, []string{"net", "rpc"}, false},
		{[]string{"-debug=http", "-debug=none", "-debug=rpc"}, []string{"rpc"}, false},
		{[]string{"-debug=http", "-nodebug", "-debug=rpc"}, []string{"rpc"}, false},
		{[]string{"-debug=0"}, []string{}, true},
		{[]string{"-debug=net", "-debug=0"}, []string{}, true},
		{[]string{"-debug", "-debugexclude=net", "-debugexclude=ipc"}, without(all, "ipc", "net"), false},
		{[]string{"-debug=net", "-debugexclude=all"}, []string{}, true},
		{[]string{"-debug=net", "-shrinkdebugfile"}, []string{"net"}, true},
	}
	for _, tc := range tests {
		cfg, err := ConfigFromArgs(parse(t, tc.argv...), "/net")
		if err != nil {
			t.Fatalf("%q: %v", tc.argv, err)
		}
		if !reflect.DeepEqual(cfg.Debug, tc.debug) {
			t.Errorf("%q: Debug = %q, want %q", tc.argv, cfg.Debug, tc.debug)
		}
		if cfg.ShrinkFile != tc.shrink {
			t.Errorf("%q: ShrinkFile = %v", tc.argv, cfg.ShrinkFile)
		}
	}
}

func without(list []string, drop ...string) []string {
	var out []string
	for _, s := range list {
		keep := true
		for _, d := range drop {
			keep = keep && s != d
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}

func TestConfigFromArgsLevels(t *testing.T) {
	tests := []struct {
		argv []string
		want map[string]slog.Level
	}{
		{[]string{"-loglevel=trace"}, map[string]slog.Level{"": LevelTrace}},
		{[]string{"-loglevel=info"}, map[string]slog.Level{"": slog.LevelInfo}},
		{[]string{"-loglevel=net:trace", "-loglevel=ipc:info"}, map[string]slog.Level{"net": LevelTrace, "ipc": slog.LevelInfo}},
		{[]string{"-loglevel=debug", "-loglevel=net:trace"}, map[string]slog.Level{"": slog.LevelDebug, "net": LevelTrace}},
	}
	for _, tc := range tests {
		cfg, err := ConfigFromArgs(parse(t, tc.argv...), "/net")
		if err != nil {
			t.Fatalf("%q: %v", tc.argv, err)
		}
		if !reflect.DeepEqual(cfg.Levels, tc.want) {
			t.Errorf("%q: Levels = %v", tc.argv, cfg.Levels)
		}
	}
	cfg, err := ConfigFromArgs(parse(t, "-loglevel=all:trace"), "/net")
	if err != nil || len(cfg.Levels) != len(categories) || cfg.Levels["zmq"] != LevelTrace {
		t.Errorf("all:trace: %v %v", cfg.Levels, err)
	}
}

func TestConfigFromArgsErrors(t *testing.T) {
	catLevel := func(v string) string {
		return "Unsupported category-specific logging level -loglevel=" + v + ". Expected -loglevel=<category>:<loglevel>. Valid categories: " + args.LogCategoriesHelp + ". Valid loglevels: info, debug, trace."
	}
	tests := []struct {
		argv []string
		kind ErrorKind
		msg  string
	}{
		{[]string{"-debug=abc"}, ErrUnsupportedCategory, "Unsupported logging category -debug=abc."},
		{[]string{"-debug=net", "-debug=lock"}, ErrUnsupportedCategory, "Unsupported logging category -debug=lock."},
		{[]string{"-debugexclude=abc"}, ErrUnsupportedCategory, "Unsupported logging category -debugexclude=abc."},
		{[]string{"-debugexclude=none"}, ErrUnsupportedCategory, "Unsupported logging category -debugexclude=none."},
		{[]string{"-loglevel=abc"}, ErrUnsupportedLevel, "Unsupported global logging level -loglevel=abc. Valid values: info, debug, trace."},
		{[]string{"-loglevel=warning"}, ErrUnsupportedLevel, "Unsupported global logging level -loglevel=warning. Valid values: info, debug, trace."},
		{[]string{"-loglevel=a:debug"}, ErrUnsupportedLevel, "Unsupported global logging level -loglevel=a:debug. Valid values: info, debug, trace."},
		{[]string{"-loglevel=net:abc"}, ErrUnsupportedLevel, catLevel("net:abc")},
		{[]string{"-loglevel=net:info:abc"}, ErrUnsupportedLevel, catLevel("net:info:abc")},
		{[]string{"-loglevel=foo:debug"}, ErrUnsupportedLevel, catLevel("foo:debug")},
		{[]string{"-loglevel=net:error"}, ErrUnsupportedLevel, catLevel("net:error")},
		// Categories are checked before levels, as in Core.
		{[]string{"-loglevel=abc", "-debug=abc"}, ErrUnsupportedCategory, "Unsupported logging category -debug=abc."},
	}
	for _, tc := range tests {
		_, err := ConfigFromArgs(parse(t, tc.argv...), "/net")
		if err == nil || err.Error() != tc.msg || !errors.Is(err, tc.kind) {
			t.Errorf("%q: err = %v\nwant %s", tc.argv, err, tc.msg)
		}
	}
}

func TestConfigFromArgsConfigFile(t *testing.T) {
	dir := t.TempDir()
	a := args.New(args.Common)
	if err := a.ParseCommandLine([]string{"-datadir=" + dir, "-regtest"}); err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigFiles(); err != nil {
		t.Fatal(err)
	}
	net, _ := a.NetDataDir()
	cfg, err := ConfigFromArgs(a, net)
	if err != nil || cfg.FilePath != filepath.Join(dir, "regtest", "debug.log") {
		t.Errorf("FilePath = %q, %v", cfg.FilePath, err)
	}
}
