package args

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestNoEffectLines: a NoEffect option set anywhere (command line, config
// file, negated) gets one line, however often it is given; unset ones and
// implemented ones get none.
func TestNoEffectLines(t *testing.T) {
	a, _ := setup(t, "natpmp=0\ndiscover=0\n[regtest]\nlistenonion=0\n", "-regtest", "-natpmp=1", "-nodnsseed", "-bind=127.0.0.1:1", "-bind=127.0.0.1:2=onion", "-debug=net")
	got := a.NoEffectLines()
	want := []string{
		"option -bind is accepted for compatibility and has no effect",
		"option -discover is accepted for compatibility and has no effect",
		"option -dnsseed is accepted for compatibility and has no effect",
		"option -listenonion is accepted for compatibility and has no effect",
		"option -natpmp is accepted for compatibility and has no effect",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("NoEffectLines() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Claimed options are Implemented and say nothing.
	c := New(Claim(Common, "settings"), Claim(CoreServer, "bind"))
	if err := c.ParseCommandLine([]string{"-bind=127.0.0.1", "-nosettings"}); err != nil {
		t.Fatal(err)
	}
	if l := c.NoEffectLines(); len(l) != 0 {
		t.Errorf("claimed options: %q", l)
	}
	if o, _ := New(CoreServer).Option("bind"); o.Support != NoEffect {
		t.Errorf("Claim changed the shared table: %v", o.Support)
	}
}

// TestCheckSupported: Limited options take their accepted values (and
// negations), and refuse others with ErrNotSupported and the reason.
func TestCheckSupported(t *testing.T) {
	for _, tc := range []struct {
		conf string
		argv []string
		bad  string // "" when accepted
	}{
		{"", nil, ""},
		{"", []string{"-prune=0", "-txindex=0", "-noblockfilterindex", "-connect=0", "-nodaemon", "-logratelimit=0", "-limitancestorcount=25"}, ""},
		{"", []string{"-nologratelimit", "-norest", "-noconnect", "-prune"}, ""},
		{"prune=550\n", nil, "-prune=550 is not supported: Bulkhead does not prune"},
		{"prune=550\n", []string{"-noprune"}, ""},
		{"", []string{"-txindex"}, "-txindex is not supported: Bulkhead has no optional indexes"},
		{"", []string{"-txindex=1"}, "-txindex=1 is not supported"},
		{"", []string{"-blockfilterindex=basic"}, "-blockfilterindex=basic is not supported"},
		{"", []string{"-connect=127.0.0.1:8333"}, "-connect=127.0.0.1:8333 is not supported"},
		{"[regtest]\nzmqpubrawtx=tcp://127.0.0.1:28332\n", []string{"-regtest"}, "-zmqpubrawtx=tcp://127.0.0.1:28332 is not supported: ZMQ notifications are not supported yet"},
		{"[main]\nzmqpubrawtx=tcp://127.0.0.1:28332\n", []string{"-regtest"}, ""},
		{"", []string{"-daemon"}, "-daemon is not supported: Bulkhead does not fork"},
		{"", []string{"-logratelimit"}, "-logratelimit is not supported"},
		{"", []string{"-limitancestorcount=50"}, "-limitancestorcount=50 is not supported"},
		// A negated string option is unset; a negated number is 0.
		{"", []string{"-noblocknotify", "-nosigner", "-server", "-server=1"}, ""},
		{"", []string{"-nolimitancestorcount"}, "-limitancestorcount=0 is not supported"},
		{"", []string{"-noserver"}, "-server=0 is not supported: the JSON-RPC server always runs"},
		{"", []string{"-blocknotify=echo %s"}, "-blocknotify=echo %s is not supported"},
	} {
		a, _ := setup(t, tc.conf, tc.argv...)
		err := a.CheckSupported()
		switch {
		case tc.bad == "" && err != nil:
			t.Errorf("%q %q: %v", tc.conf, tc.argv, err)
		case tc.bad != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.bad)):
			t.Errorf("%q %q: error %v, want %q…", tc.conf, tc.argv, err, tc.bad)
		case tc.bad != "" && !errors.Is(err, ErrNotSupported):
			t.Errorf("%q %q: %v is not ErrNotSupported", tc.conf, tc.argv, err)
		}
	}
}
