package descriptor

import "testing"

// FuzzParse: parsing never panics, and a parsed descriptor's public form
// parses back to itself.
func FuzzParse(f *testing.F) {
	for _, v := range coreVectors {
		f.Add(v.prv)
		f.Add(v.pub)
	}
	f.Add("tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)")
	f.Add("addr(bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu)#abcdefgh")
	f.Add("raw(6a00)")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s, mainnet)
		if err != nil {
			return
		}
		pub := d.String()
		d2, err := Parse(pub, mainnet)
		if err != nil {
			t.Fatalf("public form %q of %q does not parse: %v", pub, s, err)
		}
		if d2.String() != pub {
			t.Fatalf("round trip %q -> %q", pub, d2.String())
		}
		if !d.IsRange() {
			d.Expand(0, true) //nolint:errcheck // must not panic
		}
	})
}
