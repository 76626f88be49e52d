package wallet

import (
	"encoding/binary"
	"fmt"

	btcec "github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// signLowR makes a deterministic ECDSA signature whose R has its high bit
// clear, as Core's "grind R" signing, so a DER signature is at most 70
// bytes and size estimates hold: RFC6979 with a counter as extra entropy
// until R is low.
func signLowR(key *btcec.PrivateKey, hash []byte) *ecdsa.Signature {
	var priv [32]byte
	key.Key.PutBytes(&priv)
	defer wipe(priv[:])
	var extra [32]byte
	for counter := uint32(0); ; counter++ {
		var data []byte
		if counter > 0 {
			binary.LittleEndian.PutUint32(extra[:], counter)
			data = extra[:]
		}
		for iter := uint32(0); ; iter++ {
			k := btcec.NonceRFC6979(priv[:], hash, data, nil, iter)
			sig, ok := signWithNonce(&key.Key, k, hash)
			k.Zero()
			if !ok {
				continue
			}
			r := sig.R()
			var rb [32]byte
			r.PutBytes(&rb)
			if rb[0] < 0x80 {
				return sig
			}
			break
		}
	}
}

// signWithNonce is ECDSA with a given nonce and low-S normalisation.
func signWithNonce(d, k *btcec.ModNScalar, hash []byte) (*ecdsa.Signature, bool) {
	var kG btcec.JacobianPoint
	btcec.ScalarBaseMultNonConst(k, &kG)
	kG.ToAffine()
	var xb [32]byte
	kG.X.Normalize().PutBytes(&xb)
	var r btcec.ModNScalar
	r.SetBytes(&xb)
	if r.IsZero() {
		return nil, false
	}
	var e btcec.ModNScalar
	e.SetByteSlice(hash)
	kinv := new(btcec.ModNScalar).InverseValNonConst(k)
	s := new(btcec.ModNScalar).Mul2(d, &r).Add(&e).Mul(kinv)
	if s.IsZero() {
		return nil, false
	}
	if s.IsOverHalfOrder() {
		s.Negate()
	}
	return ecdsa.NewSignature(&r, s), true
}

// dummyWitness is the largest witness Core assumes for fee estimation: a
// 72-byte ECDSA signature (low R, with sighash byte) and the key for wpkh,
// a 64-byte Schnorr signature (SIGHASH_DEFAULT) for tr.
func dummyWitness(t descriptor.OutputType) wire.TxWitness {
	if t == descriptor.OutputBech32m {
		return wire.TxWitness{make([]byte, 64)}
	}
	return wire.TxWitness{make([]byte, 72), make([]byte, 33)}
}

// vsize is a transaction's virtual size (weight / 4, rounded up).
func vsize(tx *wire.MsgTx) int64 {
	weight := int64(tx.SerializeSizeStripped()*3 + tx.SerializeSize())
	return (weight + 3) / 4
}

// signTx signs every input of tx, which spends coins (in order): BIP143
// for wpkh, BIP341 key path (BIP86 tweak, SIGHASH_DEFAULT) for tr. Each
// input is then verified with the script engine. w.mu is held.
func (w *Wallet) signTx(tx *wire.MsgTx, coins []Coin) error {
	prevs := make(map[wire.OutPoint]*wire.TxOut, len(coins))
	for _, c := range coins {
		prevs[c.OutPoint] = wire.NewTxOut(c.Value, c.Script)
	}
	fetcher := txscript.NewMultiPrevOutFetcher(prevs)
	hashes := txscript.NewTxSigHashes(tx, fetcher)
	for i, c := range coins {
		if c.desc == nil {
			return newErr(ErrWallet, "Signing transaction failed")
		}
		priv, err := w.privDesc(c.desc)
		if err != nil {
			return err
		}
		outs, err := priv.Expand(c.index, true)
		if err != nil || len(outs) != 1 || len(outs[0].Keys) != 1 || outs[0].Keys[0].PrivKey == nil {
			return newErr(ErrWallet, "Signing transaction failed")
		}
		key := outs[0].Keys[0].PrivKey
		switch c.desc.outputType {
		case descriptor.OutputBech32:
			hash, err := txscript.CalcWitnessSigHash(c.Script, hashes, txscript.SigHashAll, tx, i, c.Value)
			if err != nil {
				return wrapErr(ErrWallet, "Signing transaction failed", err)
			}
			sig := append(signLowR(key, hash).Serialize(), byte(txscript.SigHashAll))
			tx.TxIn[i].Witness = wire.TxWitness{sig, key.PubKey().SerializeCompressed()}
		case descriptor.OutputBech32m:
			wit, err := txscript.TaprootWitnessSignature(tx, hashes, i, c.Value, c.Script, txscript.SigHashDefault, key)
			if err != nil {
				return wrapErr(ErrWallet, "Signing transaction failed", err)
			}
			tx.TxIn[i].Witness = wit
		default:
			return newErr(ErrWallet, "Signing transaction failed")
		}
	}
	for i, c := range coins {
		vm, err := txscript.NewEngine(c.Script, tx, i, txscript.StandardVerifyFlags, nil, hashes, c.Value, fetcher)
		if err == nil {
			err = vm.Execute()
		}
		if err != nil {
			return wrapErr(ErrWallet, fmt.Sprintf("Signing transaction failed (input %d: %v)", i, err), err)
		}
	}
	return nil
}
