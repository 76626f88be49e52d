package args

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzReadConfig feeds arbitrary bytes to the config file parser, selects
// the chain and reads every accessor; it must never panic. It stays in
// memory: includeconf= lines are parsed but not followed, since a fuzzed
// path could name /dev/zero or a FIFO.
func FuzzReadConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"txindex=1\n",
		"[regtest]\nrpcport=1\n[main]\nnorpcport=1\n",
		"includeconf=x.conf\nuacomment=a\nuacomment=b\n",
		"-foo\n",
		"noconnect\n",
		"rpcpassword=a#b\n",
		"[]\n.x=1\n[a.b]\nc.d.e=1\n",
		"regtest=1\ntestnet=1\n",
		"chain=foo\n",
		"nodatadir=1\nloglevel\nloglevel=\n",
		"\r\n\t = \x00\xff[[]]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a := New(Common, CoreServer)
		a.mu.Lock()
		if err := a.readConfigStream(data, "fuzz.conf"); err == nil {
			if chain, err := a.chainFromSettings(); err == nil {
				a.network = string(chain)
			}
		}
		a.mu.Unlock()
		for _, n := range []string{"txindex", "rpcport", "uacomment", "chain", "regtest", "datadir", "includeconf", "x"} {
			a.Get(n)
			a.GetBool(n, false)
			a.GetInt(n, 0)
			a.GetAll(n)
			a.IsNegated(n)
		}
		a.Chain()
		_ = a.GetPath("datadir", "")
		a.Warnings()
		_ = a.CheckSectionOnly()
	})
}

// FuzzSettingsFile feeds arbitrary bytes to the settings.json reader: it
// must never panic, and a file it accepts, written back, reads as the same
// values.
func FuzzSettingsFile(f *testing.F) {
	for _, seed := range []string{
		"{}",
		`{"_warning_": "x", "wallet": ["a", "b"], "keypool": 7}`,
		`{"wallet": "a", "prune": false, "dbcache": true, "x": null, "y": {"z": [1]}}`,
		`{"a": 1, "a": 2}`,
		`["wallet"]`,
		`{"wallet": [1, true, null, "<&>"]} `,
		"{\"\\u0000\": \"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rw, err := parseSettings(data, "fuzz.json")
		if err != nil {
			return
		}
		a := New(Common, CoreServer)
		a.st.rw = rw
		path := filepath.Join(t.TempDir(), SettingsFilename)
		if err := a.writeSettingsLocked(path); err != nil {
			t.Fatalf("writing accepted settings: %v", err)
		}
		written, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseSettings(written, path)
		if err != nil {
			t.Fatalf("reading back %s: %v", written, err)
		}
		for name, s := range rw {
			if !slices.Equal(again[name].vals, s.vals) {
				t.Fatalf("%q: %v became %v", name, s.vals, again[name].vals)
			}
			a.GetAll(name)
			a.Get(name)
		}
		if len(again) != len(rw) {
			t.Fatalf("%d settings became %d", len(rw), len(again))
		}
	})
}
