package wallet

import (
	"context"
	"testing"

	"github.com/bulkhead-btc/bulkhead/wallet/internal/fakechain"
)

// BenchmarkCreateWallet measures creating a wallet with Core's default
// keypool (4 descriptors × 1000 derived scripts).
func BenchmarkCreateWallet(b *testing.B) {
	c := fakechain.New()
	dir := b.TempDir()
	l, err := NewLoader(&Config{Chain: c, WalletDir: dir, KDF: testKDF})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Stop(context.Background())
	for i := 0; b.Loop(); i++ {
		if _, _, err := l.CreateWallet(context.Background(), "w"+string(rune('a'+i%26))+string(rune('a'+i/26)), CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSend measures sendtoaddress's wallet half (select, sign,
// record, broadcast to the in-memory chain).
func BenchmarkSend(b *testing.B) {
	e := &env{t: b, ctx: context.Background(), chain: fakechain.New(), dir: b.TempDir()}
	e.chain.SetSetting("fallbackfee", "0.0002")
	l, err := NewLoader(&Config{Chain: e.chain, WalletDir: e.dir, Keypool: testKeypool, KDF: testKDF})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Stop(context.Background())
	e.loader = l
	w, _, err := l.CreateWallet(e.ctx, "w", CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	a, _ := w.NewAddress(e.ctx, "", "")
	e.chain.Generate(200, e.script(a))
	w.BlockUntilSynced(e.ctx)
	for b.Loop() {
		to, _ := w.NewAddress(e.ctx, "", "bech32m")
		if _, err := w.Send(e.ctx, []Recipient{{Address: to, Script: e.script(to), Amount: 1_000_000}}, SendOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
