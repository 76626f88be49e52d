package args

import "testing"

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
