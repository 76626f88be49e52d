package node

import (
	"errors"
	"testing"
	"time"
)

// TestMockTime: -mocktime and SetMockTime set the time block assembly and
// the initial-block-download check read; 0 returns to the system clock;
// values outside a block time's range are refused.
func TestMockTime(t *testing.T) {
	const genesisTime = 1296688602 // regtest genesis
	n := openNode(t, t.TempDir(), func(c *Config) {
		c.Settings = func(name string) []string {
			if name == "mocktime" {
				return []string{"1296688700"}
			}
			return nil
		}
	})
	if got := n.Now().Unix(); got != 1296688700 {
		t.Fatalf("-mocktime: Now = %d", got)
	}
	// Under mock time near genesis the regtest tip is recent: no IBD.
	if n.IsInitialBlockDownload() {
		t.Errorf("in initial block download at mock time %d with the genesis tip (%d)", n.Now().Unix(), genesisTime)
	}
	if err := n.SetMockTime(1_700_000_000); err != nil {
		t.Fatal(err)
	}
	hash := mine(t, n, []byte{0x51}, 1)[0]
	if b, err := n.Block(hash); err != nil || b.Header.Timestamp.Unix() != 1_700_000_000 {
		t.Errorf("block made at mock time 1700000000: %v, %v", b.Header.Timestamp.Unix(), err)
	}
	for _, bad := range []int64{-1, 1 << 32} {
		if err := n.SetMockTime(bad); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("SetMockTime(%d) = %v, want ErrOutOfRange", bad, err)
		}
	}
	if err := n.SetMockTime(0); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(n.Now()); d < 0 || d > time.Minute {
		t.Errorf("after SetMockTime(0) Now is %v off the system clock", d)
	}
}
