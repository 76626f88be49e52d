package wallet

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// TestDescriptorsAndKeypool: a new wallet has Core's four descriptors
// (BIP84 wpkh and BIP86 tr, receive and change, coin type 1), hands out
// their addresses in order and keeps the keypool watched ahead.
func TestDescriptorsAndKeypool(t *testing.T) {
	e := newEnv(t)
	w := e.create("w", CreateOptions{})
	w.mu.Lock()
	descs := append([]*walletDesc(nil), w.descs...)
	w.mu.Unlock()
	if len(descs) != 4 {
		t.Fatalf("%d descriptors", len(descs))
	}
	wantPrefix := []string{"wpkh([", "wpkh([", "tr([", "tr(["}
	wantPath := []string{"/84h/1h/0h]tpub", "/84h/1h/0h]tpub", "/86h/1h/0h]tpub", "/86h/1h/0h]tpub"}
	for i, d := range descs {
		s := d.pub.String()
		branch := "/0/*)#"
		if d.internal {
			branch = "/1/*)#"
		}
		if !strings.HasPrefix(s, wantPrefix[i]) || !strings.Contains(s, wantPath[i]) || !strings.Contains(s, branch) ||
			d.internal != (i%2 == 1) || !d.active || d.rangeEnd != testKeypool {
			t.Errorf("descriptor %d: %s internal=%v range_end=%d", i, s, d.internal, d.rangeEnd)
		}
		// The private form parses back to the same public form.
		priv, err := descriptor.Parse(string(d.secret), e.chain.Params())
		if err != nil || priv.String() != s || !priv.HasPrivateKeys() {
			t.Errorf("descriptor %d private form: %v", i, err)
		}
	}
	for i := uint32(0); i < 3; i++ {
		for _, c := range []struct {
			typ string
			d   *walletDesc
		}{{"bech32", descs[0]}, {"bech32m", descs[2]}} {
			want, _ := c.d.pub.Address(i)
			if got := e.addr(w, c.typ); got != want {
				t.Fatalf("%s address %d = %s, want %s", c.typ, i, got, want)
			}
		}
	}
	change, _ := w.ChangeAddress(e.ctx, "")
	if want, _ := descs[1].pub.Address(0); change != want {
		t.Fatalf("change address %s, want %s", change, want)
	}
	if in := w.Info(); in.KeypoolSize != 2*testKeypool || in.KeypoolSizeInternal != 2*testKeypool {
		t.Fatalf("keypool sizes %d %d", in.KeypoolSize, in.KeypoolSizeInternal)
	}
	// A payment to the last watched script moves the keypool on.
	last, _ := descs[0].pub.Address(testKeypool + 2)
	e.mine(1, last)
	w.mu.Lock()
	next, end := descs[0].nextIndex, descs[0].rangeEnd
	w.mu.Unlock()
	if next != testKeypool+3 || end != next+testKeypool {
		t.Fatalf("after a payment at index %d: next %d end %d", testKeypool+2, next, end)
	}
	if got := e.balances(w); got.Immature != 50*coin {
		t.Fatalf("payment beyond the first keypool not seen: %+v", got)
	}
}

// TestSendFeeAccounting: the fee is inputs minus outputs, at the rate on
// the estimated size, and the change goes back to a change address.
func TestSendFeeAccounting(t *testing.T) {
	e := newEnv(t)
	a := e.create("a", CreateOptions{})
	b := e.create("b", CreateOptions{})
	e.mine(101, e.addr(a, "bech32m"))
	e.mine(5, e.addr(a, ""))
	before := e.balances(a).Trusted
	for _, tc := range []struct {
		amount int64
		rate   int64
		sffo   bool
	}{{coin, 1000, false}, {12_345_678, 3210, false}, {60 * coin, 2000, false}, {coin, 5000, true}} {
		addr := e.addr(b, "bech32m")
		rate := tc.rate
		recipients := []Recipient{{Address: addr, Script: e.script(addr), Amount: tc.amount, SubtractFee: tc.sffo}}
		res, err := a.Send(e.ctx, recipients, SendOptions{FeeRate: &rate})
		if err != nil {
			t.Fatal(err)
		}
		checkAccounting(t, a, res, recipients, rate)
		want := tc.amount
		if tc.sffo {
			want -= res.Fee
		}
		for _, o := range res.Tx.TxOut {
			if bytes.Equal(o.PkScript, recipients[0].Script) && o.Value != want {
				t.Fatalf("recipient got %d, want %d", o.Value, want)
			}
		}
		spent := tc.amount + res.Fee
		if tc.sffo {
			spent = tc.amount
		}
		if got := e.balances(a).Trusted; got != before-spent {
			t.Fatalf("balance %d, want %d", got, before-spent)
		}
		before -= spent
		if res.Tx.TxIn[0].Sequence != maxBIP125RBFSequence || res.Tx.LockTime != uint32(e.chain.Height()) {
			t.Fatalf("sequence %x locktime %d", res.Tx.TxIn[0].Sequence, res.Tx.LockTime)
		}
	}
	// Unconfirmed change is spent when confirmed coins do not suffice.
	all := e.balances(a).Trusted
	addr := e.addr(b, "")
	recipients := []Recipient{{Address: addr, Script: e.script(addr), Amount: all - coin}}
	res, err := a.Send(e.ctx, recipients, SendOptions{})
	if err != nil {
		t.Fatalf("spending unconfirmed change: %v", err)
	}
	checkAccounting(t, a, res, recipients, fallbackRate)
	e.mine(1, e.addr(b, ""))
	e.integrity(a)
}

// TestEncryptedAtRest: after encryptwallet no private key is readable in
// the file, the log holds no secret, and the keys come back after unlock
// and reload.
func TestEncryptedAtRest(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t)
	l, err := NewLoader(&Config{Chain: e.chain, WalletDir: e.dir, Keypool: testKeypool, KDF: testKDF,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	e.loader = l
	w := e.create("w", CreateOptions{})
	e.mine(101, e.addr(w, ""))
	path := filepath.Join(e.dir, "w", DatabaseFile)
	files := func() []byte {
		db, _ := os.ReadFile(path)
		wal, _ := os.ReadFile(path + "-wal")
		return append(db, wal...)
	}
	if data := files(); !bytes.Contains(data, []byte("tprv")) {
		t.Fatal("unencrypted wallet has no tprv in its file (test assumption)")
	}
	if err := w.EncryptWallet(e.ctx, "pass phrase"); err != nil {
		t.Fatal(err)
	}
	if data := files(); bytes.Contains(data, []byte("tprv")) {
		t.Fatal("private keys readable in the encrypted wallet file")
	}
	if locked, _ := w.IsLocked(e.ctx); !locked {
		t.Fatal("wallet not locked after encryption")
	}
	if err := l.UnloadWallet(e.ctx, "w"); err != nil {
		t.Fatal(err)
	}
	w, err = l.OpenWallet(e.ctx, "w")
	if err != nil {
		t.Fatal(err)
	}
	to := e.addr(w, "")
	if _, err := w.Send(e.ctx, []Recipient{{Address: to, Script: e.script(to), Amount: coin}}, SendOptions{}); err != errLocked {
		t.Fatalf("send while locked: %v", err)
	}
	if err := w.Unlock(e.ctx, "pass phrase", 60); err != nil {
		t.Fatal(err)
	}
	e.send(w, to, coin, SendOptions{})
	if strings.Contains(logs.String(), "tprv") || strings.Contains(logs.String(), "pass phrase") {
		t.Fatal("a secret reached the log")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
