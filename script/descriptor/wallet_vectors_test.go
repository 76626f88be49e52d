package descriptor

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
)

// bip32Root is the master key of the BIP84/BIP86 test mnemonic
// ("abandon … about").
const bip32Root = "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu"

// TestBIP84BIP86 derives the BIP84 and BIP86 reference addresses from the
// root and from an account-level key with origin, as a wallet stores it.
func TestBIP84BIP86(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		index uint32
		want  string
	}{
		{"wpkh(" + bip32Root + "/84h/0h/0h/0/*)", 0, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"},
		{"wpkh(" + bip32Root + "/84h/0h/0h/0/*)", 1, "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"},
		{"wpkh(" + bip32Root + "/84h/0h/0h/1/*)", 0, "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el"},
		{"tr(" + bip32Root + "/86h/0h/0h/0/*)", 0, "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"},
		{"tr(" + bip32Root + "/86h/0h/0h/0/*)", 1, "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh"},
		{"tr(" + bip32Root + "/86h/0h/0h/1/*)", 0, "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7"},
	} {
		d, err := Parse(tc.desc, mainnet)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := d.Address(tc.index); err != nil || got != tc.want {
			t.Errorf("%s at %d = %s, %v; want %s", tc.desc, tc.index, got, err, tc.want)
		}
	}

	// The account-level form a wallet keeps: [fingerprint/86h/0h/0h]xprv/0/*.
	root, err := hdkeychain.NewKeyFromString(bip32Root)
	if err != nil {
		t.Fatal(err)
	}
	acct := root
	for _, p := range []uint32{86 | hardened, hardened, hardened} {
		if acct, err = acct.Derive(p); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Parse("tr([73c5da0a/86h/0h/0h]"+acct.String()+"/0/*)", mainnet)
	if err != nil {
		t.Fatal(err)
	}
	const acctXpub = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ"
	if got, want := d.String(), AddChecksum("tr([73c5da0a/86h/0h/0h]"+acctXpub+"/0/*)"); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	if got, _ := d.Address(0); got != "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr" {
		t.Errorf("account-level address = %s", got)
	}
	outs, err := d.Expand(0, true)
	if err != nil {
		t.Fatal(err)
	}
	k := outs[0].Keys[0]
	if hex.EncodeToString(k.Serialize()) != "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115" {
		t.Errorf("internal key = %x", k.Serialize())
	}
	if k.PrivKey == nil || !k.PrivKey.PubKey().IsEqual(k.PubKey) {
		t.Error("private key missing or not matching")
	}
	if got, want := formatPath(k.Origin.Path, false), "/86h/0h/0h/0/0"; got != want || hex.EncodeToString(k.Origin.Fingerprint[:]) != "73c5da0a" {
		t.Errorf("origin = %x%s", k.Origin.Fingerprint, got)
	}
	exp, err := d.ExpandedString(0)
	if err != nil || !strings.HasPrefix(exp, "tr([73c5da0a/86h/0h/0h/0/0]cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115)#") {
		t.Errorf("ExpandedString = %s, %v", exp, err)
	}
	// The public form derives the same scripts without private keys.
	pub, err := Parse(d.String(), mainnet)
	if err != nil {
		t.Fatal(err)
	}
	for i := uint32(0); i < 3; i++ {
		a, _ := d.Script(i)
		b, err := pub.Script(i)
		if err != nil || hex.EncodeToString(a) != hex.EncodeToString(b) {
			t.Errorf("public/private scripts differ at %d", i)
		}
	}
	if outs, _ := pub.Expand(0, true); outs[0].Keys[0].PrivKey != nil {
		t.Error("public descriptor produced a private key")
	}
}

func netByName(name string) *chaincfg.Params {
	switch name {
	case "main":
		return &chaincfg.MainNetParams
	case "test":
		return &chaincfg.TestNet3Params
	case "testnet4":
		return &chaincfg.TestNet4Params
	case "signet":
		return &chaincfg.SigNetParams
	case "regtest":
		return &chaincfg.RegressionNetParams
	}
	return nil
}

// TestKeyIO checks address and WIF decoding against Core's key_io vectors.
func TestKeyIO(t *testing.T) {
	var valid [][3]json.RawMessage
	raw, err := os.ReadFile(testenv.Shared(t, "testdata/core/key_io_valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &valid); err != nil {
		t.Fatal(err)
	}
	for _, v := range valid {
		var s, payload string
		var meta struct {
			Chain        string
			IsPrivkey    bool
			IsCompressed bool
		}
		json.Unmarshal(v[0], &s)
		json.Unmarshal(v[1], &payload)
		json.Unmarshal(v[2], &meta)
		net := netByName(meta.Chain)
		if meta.IsPrivkey {
			d, err := Parse("pkh("+s+")", net)
			if err != nil {
				t.Errorf("pkh(%s) on %s: %v", s, meta.Chain, err)
				continue
			}
			k := d.root.keys[0]
			if hex.EncodeToString(k.priv.Serialize()) != payload || k.uncompressed == meta.IsCompressed {
				t.Errorf("WIF %s decoded wrongly", s)
			}
			if got, _ := d.PrivateString(); got != AddChecksum("pkh("+s+")") {
				t.Errorf("WIF %s re-encoded as %s", s, got)
			}
			continue
		}
		script, err := DecodeAddress(s, net)
		if err != nil || hex.EncodeToString(script) != payload {
			t.Errorf("DecodeAddress(%s, %s) = %x, %v; want %s", s, meta.Chain, script, err, payload)
			continue
		}
		if got, ok := EncodeAddress(script, net); !ok || got != strings.ToLower(s) && got != s {
			t.Errorf("EncodeAddress(%s) = %s, want %s", payload, got, s)
		}
	}

	var invalid [][]string
	raw, err = os.ReadFile(testenv.Shared(t, "testdata/core/key_io_invalid.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &invalid); err != nil {
		t.Fatal(err)
	}
	for _, v := range invalid {
		for _, name := range []string{"main", "test", "testnet4", "signet", "regtest"} {
			net := netByName(name)
			if _, err := DecodeAddress(v[0], net); !errors.Is(err, ErrAddress) {
				t.Errorf("DecodeAddress(%q, %s) accepted an invalid address", v[0], name)
			}
			if w, err := btcutil.DecodeWIF(v[0]); err == nil && w.IsForNet(net) {
				if _, err := Parse("pkh("+v[0]+")", net); err == nil {
					t.Errorf("invalid key %q accepted on %s", v[0], name)
				}
			}
		}
	}
}
