package descriptor

import "testing"

// Vectors from Bitcoin Core's descriptor_tests.cpp and doc/descriptors.md.
func TestChecksum(t *testing.T) {
	for desc, want := range map[string]string{
		"sh(multi(2,[00000000/111'/222]xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc,xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L/0))": "ggrsrxfy",
		"addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)": "02wpgw69",
	} {
		if got := Checksum(desc); got != want {
			t.Errorf("Checksum(%.30s…) = %s, want %s", desc, got, want)
		}
	}
}
