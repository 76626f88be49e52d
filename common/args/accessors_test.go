package args

import (
	"errors"
	"os"
	"sync"
	"testing"
)

func TestGetIntAndBool(t *testing.T) {
	a := New(Common, CoreServer)
	if err := a.ParseCommandLine([]string{"-dbcache=12abc", "-maxmempool=x", "-nopersistmempool", "-txindex=true", "-blocksonly=5", "-notxreconciliation=0"}); err != nil {
		t.Fatal(err)
	}
	ints := map[string]int64{"dbcache": 12, "maxmempool": 0, "persistmempool": 0, "txreconciliation": 1, "par": -3}
	for n, want := range ints {
		if got := a.GetInt(n, -3); got != want {
			t.Errorf("GetInt(%s) = %d, want %d", n, got, want)
		}
	}
	bools := map[string]bool{"persistmempool": false, "txindex": false, "blocksonly": true, "txreconciliation": true, "coinstatsindex": true}
	for n, want := range bools {
		if got := a.GetBool(n, true); got != want {
			t.Errorf("GetBool(%s) = %v, want %v", n, got, want)
		}
	}
	if got := a.GetString("-dbcache", "d"); got != "12abc" {
		t.Errorf("GetString with dash = %q", got)
	}
	if got := a.GetString("prune", "d"); got != "d" {
		t.Errorf("GetString default = %q", got)
	}
}

func TestSoftAndForceSet(t *testing.T) {
	a := New(Common, CoreServer)
	if err := a.ParseCommandLine([]string{"-listen=0"}); err != nil {
		t.Fatal(err)
	}
	if a.SoftSetBool("listen", true) {
		t.Errorf("SoftSet overrode a command-line value")
	}
	if !a.SoftSetBool("discover", false) || a.GetBool("discover", true) {
		t.Errorf("SoftSet did not set an unset option")
	}
	if a.SoftSet("discover", "1") {
		t.Errorf("second SoftSet succeeded")
	}
	a.ForceSet("-listen", "1")
	if !a.GetBool("listen", false) {
		t.Errorf("ForceSet did not override")
	}
}

func TestHelpRequested(t *testing.T) {
	for _, argv := range [][]string{{"-?"}, {"-h"}, {"-help"}, {"--help"}, {"-help-debug"}} {
		a := New(Common, CoreServer)
		if err := a.ParseCommandLine(argv); err != nil {
			t.Fatal(err)
		}
		if !a.HelpRequested() {
			t.Errorf("%q: HelpRequested = false", argv)
		}
	}
	if New(Common).HelpRequested() {
		t.Errorf("HelpRequested with no arguments")
	}
}

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrInvalidParameter, ErrNegation, ErrMissingValue, ErrIncludeConf, ErrConfig, ErrDataDir, ErrChain, ErrSectionOnly, ErrIgnoredConf, ErrSettings}
	for _, k := range kinds {
		err := error(&Error{Kind: k, Description: "d", Err: os.ErrNotExist})
		if !errors.Is(err, k) {
			t.Errorf("errors.Is(%v) = false", k)
		}
		for _, other := range kinds {
			if other != k && errors.Is(err, other) {
				t.Errorf("%v matches %v", k, other)
			}
		}
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v does not unwrap", k)
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != k || e.Error() != "d" {
			t.Errorf("errors.As(%v) failed", k)
		}
		if k.Error() != string(k) {
			t.Errorf("ErrorKind.Error() = %q", k.Error())
		}
	}
}

func TestConcurrentAccess(t *testing.T) {
	a, _ := setup(t, "dbcache=1\n", "-uacomment=x")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				a.GetInt("dbcache", 0)
				a.GetAll("uacomment")
				a.SoftSet("listen", "1")
				a.Chain()
				a.Warnings()
			}
		}()
	}
	wg.Wait()
}
