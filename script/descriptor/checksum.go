package descriptor

import "strings"

// inputCharset and checksumCharset are Core's descriptor checksum alphabets.
const (
	inputCharset    = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "
	checksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
)

func polyMod(c uint64, val int) uint64 {
	c0 := c >> 35
	c = (c&0x7ffffffff)<<5 ^ uint64(val)
	if c0&1 != 0 {
		c ^= 0xf5dee51989
	}
	if c0&2 != 0 {
		c ^= 0xa9fdca3312
	}
	if c0&4 != 0 {
		c ^= 0x1bab10e32d
	}
	if c0&8 != 0 {
		c ^= 0x3706b1677a
	}
	if c0&16 != 0 {
		c ^= 0x644d626ffd
	}
	return c
}

// Checksum returns the 8-character checksum of a descriptor (without its
// "#…" suffix), or "" if it has a character descriptors may not contain.
func Checksum(desc string) string {
	c := uint64(1)
	cls, clscount := 0, 0
	for i := 0; i < len(desc); i++ {
		pos := strings.IndexByte(inputCharset, desc[i])
		if pos < 0 {
			return ""
		}
		c = polyMod(c, pos&31)
		cls = cls*3 + pos>>5
		if clscount++; clscount == 3 {
			c = polyMod(c, cls)
			cls, clscount = 0, 0
		}
	}
	if clscount > 0 {
		c = polyMod(c, cls)
	}
	for range 8 {
		c = polyMod(c, 0)
	}
	c ^= 1
	out := make([]byte, 8)
	for j := range out {
		out[j] = checksumCharset[(c>>(5*(7-j)))&31]
	}
	return string(out)
}

// AddChecksum returns desc with its "#checksum" suffix.
func AddChecksum(desc string) string { return desc + "#" + Checksum(desc) }
