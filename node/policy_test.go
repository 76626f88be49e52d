package node

import (
	"testing"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
)

// TestPolicyBoolOptionsReadAsCore: the node's boolean policy options read
// their values as Core's GetBoolArg: a bare -name is true, numbers by
// their value (" 1" and "1x" too), other words false.
func TestPolicyBoolOptionsReadAsCore(t *testing.T) {
	read := func(name, value string) policy {
		t.Helper()
		cfg := &Config{Settings: func(n string) []string {
			if n == name {
				return []string{value}
			}
			return nil
		}}
		p, err := readPolicy(cfg, &chaincfg.RegressionNetParams)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		value string
		want  bool
	}{{"", true}, {"1", true}, {" 1", true}, {"1x", true}, {"0", false}, {"false", false}, {"true", false}} {
		if got := !read("acceptnonstdtxn", c.value).requireStandard; got != c.want {
			t.Errorf("-acceptnonstdtxn=%q reads %v, Core reads %v", c.value, got, c.want)
		}
		if got := read("permitbaremultisig", c.value).permitBareMultisig; got != c.want {
			t.Errorf("-permitbaremultisig=%q reads %v, Core reads %v", c.value, got, c.want)
		}
		if got := read("datacarrier", c.value).maxDataCarrier >= 0; got != c.want {
			t.Errorf("-datacarrier=%q reads %v, Core reads %v", c.value, got, c.want)
		}
	}
}
