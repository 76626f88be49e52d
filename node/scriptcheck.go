package node

import (
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	txscript "github.com/btcsuite/btcd/txscript/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// mandatoryScriptFlags are Core's MANDATORY_SCRIPT_VERIFY_FLAGS (P2SH,
// DERSIG, NULLDUMMY, CLTV, CSV, WITNESS, TAPROOT).
const mandatoryScriptFlags = txscript.ScriptBip16 | txscript.ScriptVerifyDERSignatures |
	txscript.ScriptStrictMultiSig | txscript.ScriptVerifyCheckLockTimeVerify |
	txscript.ScriptVerifyCheckSequenceVerify | txscript.ScriptVerifyWitness |
	txscript.ScriptVerifyTaproot

// checkScripts is Core's PolicyScriptChecks: every input is verified with
// the standard flags; a failure that the mandatory flags alone would accept
// is "non-mandatory-script-verify-flag (…)", else
// "mandatory-script-verify-flag-failed (…)", both with the standard run's
// script error as Core's ScriptErrorString.
func (n *Node) checkScripts(tx *btcutil.Tx, coins []*coin) *txReject {
	msg := tx.MsgTx()
	fetcher := txscript.NewMultiPrevOutFetcher(nil)
	for i, in := range msg.TxIn {
		fetcher.AddPrevOut(in.PreviousOutPoint, coins[i].out)
	}
	hashes := txscript.NewTxSigHashes(msg, fetcher)
	for i := range msg.TxIn {
		err := runScript(msg, i, coins[i].out, txscript.StandardVerifyFlags, n.sigCache, hashes, fetcher)
		if err == nil {
			continue
		}
		text := scriptErrorString(err)
		if runScript(msg, i, coins[i].out, mandatoryScriptFlags, n.sigCache, hashes, fetcher) == nil {
			return reject(fmt.Sprintf("non-mandatory-script-verify-flag (%s)", text), "")
		}
		return reject(fmt.Sprintf("mandatory-script-verify-flag-failed (%s)", text), "")
	}
	return nil
}

func runScript(tx *wire.MsgTx, i int, prev *wire.TxOut, flags txscript.ScriptFlags, sigCache *txscript.SigCache,
	hashes *txscript.TxSigHashes, fetcher txscript.PrevOutputFetcher) error {
	vm, err := txscript.NewEngine(prev.PkScript, tx, i, flags, sigCache, hashes, prev.Value, fetcher)
	if err != nil {
		return err
	}
	return vm.Execute()
}

// scriptErrorString is Core's ScriptErrorString for a btcd script error.
func scriptErrorString(err error) string {
	var serr txscript.Error
	if !errors.As(err, &serr) {
		return "unknown error"
	}
	switch serr.ErrorCode {
	case txscript.ErrEvalFalse, txscript.ErrEmptyStack:
		return "Script evaluated without error but finished with a false/empty top stack element"
	case txscript.ErrVerify:
		return "Script failed an OP_VERIFY operation"
	case txscript.ErrEqualVerify:
		return "Script failed an OP_EQUALVERIFY operation"
	case txscript.ErrCheckMultiSigVerify:
		return "Script failed an OP_CHECKMULTISIGVERIFY operation"
	case txscript.ErrCheckSigVerify:
		return "Script failed an OP_CHECKSIGVERIFY operation"
	case txscript.ErrNumEqualVerify:
		return "Script failed an OP_NUMEQUALVERIFY operation"
	case txscript.ErrScriptTooBig:
		return "Script is too big"
	case txscript.ErrElementTooBig:
		return "Push value size limit exceeded"
	case txscript.ErrTooManyOperations:
		return "Operation limit exceeded"
	case txscript.ErrStackOverflow:
		return "Stack size limit exceeded"
	case txscript.ErrInvalidSignatureCount:
		return "Signature count negative or greater than pubkey count"
	case txscript.ErrInvalidPubKeyCount:
		return "Pubkey count negative or limit exceeded"
	case txscript.ErrReservedOpcode, txscript.ErrMalformedPush:
		return "Opcode missing or not understood"
	case txscript.ErrDisabledOpcode:
		return "Attempted to use a disabled opcode"
	case txscript.ErrInvalidStackOperation:
		return "Operation not valid with the current stack size"
	case txscript.ErrEarlyReturn:
		return "OP_RETURN was encountered"
	case txscript.ErrUnbalancedConditional:
		return "Invalid OP_IF construction"
	case txscript.ErrNegativeLockTime:
		return "Negative locktime"
	case txscript.ErrUnsatisfiedLockTime:
		return "Locktime requirement not satisfied"
	case txscript.ErrInvalidSigHashType:
		return "Signature hash type missing or not understood"
	case txscript.ErrSigTooShort, txscript.ErrSigTooLong, txscript.ErrSigInvalidSeqID,
		txscript.ErrSigInvalidDataLen, txscript.ErrSigMissingSTypeID, txscript.ErrSigMissingSLen,
		txscript.ErrSigInvalidSLen, txscript.ErrSigInvalidRIntID, txscript.ErrSigZeroRLen,
		txscript.ErrSigNegativeR, txscript.ErrSigTooMuchRPadding, txscript.ErrSigInvalidSIntID,
		txscript.ErrSigZeroSLen, txscript.ErrSigNegativeS, txscript.ErrSigTooMuchSPadding:
		return "Non-canonical DER signature"
	case txscript.ErrMinimalData:
		return "Data push larger than necessary"
	case txscript.ErrNotPushOnly:
		return "Only push operators allowed in signatures"
	case txscript.ErrSigHighS:
		return "Non-canonical signature: S value is unnecessarily high"
	case txscript.ErrSigNullDummy:
		return "Dummy CHECKMULTISIG argument must be zero"
	case txscript.ErrMinimalIf:
		return "OP_IF/NOTIF argument must be minimal"
	case txscript.ErrNullFail:
		return "Signature must be zero for failed CHECK(MULTI)SIG operation"
	case txscript.ErrDiscourageUpgradableNOPs:
		return "NOPx reserved for soft-fork upgrades"
	case txscript.ErrDiscourageUpgradableWitnessProgram:
		return "Witness version reserved for soft-fork upgrades"
	case txscript.ErrDiscourageUpgradeableTaprootVersion:
		return "Taproot version reserved for soft-fork upgrades"
	case txscript.ErrDiscourageOpSuccess:
		return "OP_SUCCESSx reserved for soft-fork upgrades"
	case txscript.ErrDiscourageUpgradeablePubKeyType:
		return "Public key version reserved for soft-fork upgrades"
	case txscript.ErrPubKeyType:
		return "Public key is neither compressed or uncompressed"
	case txscript.ErrCleanStack:
		return "Stack size must be exactly one after execution"
	case txscript.ErrWitnessProgramWrongLength:
		return "Witness program has incorrect length"
	case txscript.ErrWitnessProgramEmpty:
		return "Witness program was passed an empty witness"
	case txscript.ErrWitnessProgramMismatch, txscript.ErrTaprootMerkleProofInvalid,
		txscript.ErrTaprootOutputKeyParityMismatch:
		return "Witness program hash mismatch"
	case txscript.ErrWitnessMalleated:
		return "Witness requires empty scriptSig"
	case txscript.ErrWitnessMalleatedP2SH:
		return "Witness requires only-redeemscript scriptSig"
	case txscript.ErrWitnessUnexpected:
		return "Witness provided for non-witness script"
	case txscript.ErrWitnessPubKeyType:
		return "Using non-compressed keys in segwit"
	case txscript.ErrInvalidTaprootSigLen:
		return "Invalid Schnorr signature size"
	case txscript.ErrTaprootSigInvalid:
		return "Invalid Schnorr signature"
	case txscript.ErrControlBlockTooSmall, txscript.ErrControlBlockTooLarge, txscript.ErrControlBlockInvalidLength:
		return "Invalid Taproot control block size"
	case txscript.ErrTaprootMaxSigOps:
		return "Too much signature validation relative to witness weight"
	case txscript.ErrTapscriptCheckMultisig:
		return "OP_CHECKMULTISIG(VERIFY) is not available in tapscript"
	case txscript.ErrTaprootPubkeyIsEmpty:
		return "Empty public key in tapscript"
	case txscript.ErrCodeSeparator:
		return "Using OP_CODESEPARATOR in non-witness script"
	}
	return "unknown error"
}

// blockRejectReason is Core's reject reason for a btcd block rule error
// ("" when there is no close equivalent).
func blockRejectReason(code blockchain.ErrorCode) string {
	switch code {
	case blockchain.ErrDuplicateBlock:
		return "duplicate"
	case blockchain.ErrBlockTooBig, blockchain.ErrBlockWeightTooHigh:
		return "bad-blk-weight"
	case blockchain.ErrBlockVersionTooOld:
		return "bad-version"
	case blockchain.ErrTimeTooOld:
		return "time-too-old"
	case blockchain.ErrTimeTooNew:
		return "time-too-new"
	case blockchain.ErrUnexpectedDifficulty:
		return "bad-diffbits"
	case blockchain.ErrHighHash:
		return "high-hash"
	case blockchain.ErrBadMerkleRoot:
		return "bad-txnmrklroot"
	case blockchain.ErrNoTransactions:
		return "bad-blk-length"
	case blockchain.ErrNoTxInputs:
		return "bad-txns-vin-empty"
	case blockchain.ErrNoTxOutputs:
		return "bad-txns-vout-empty"
	case blockchain.ErrTxTooBig:
		return "bad-txns-oversize"
	case blockchain.ErrBadTxOutValue:
		return "bad-txns-vout-toolarge"
	case blockchain.ErrDuplicateTxInputs:
		return "bad-txns-inputs-duplicate"
	case blockchain.ErrBadTxInput:
		return "bad-txns-prevout-null"
	case blockchain.ErrMissingTxOut:
		return "bad-txns-inputs-missingorspent"
	case blockchain.ErrUnfinalizedTx:
		return "bad-txns-nonfinal"
	case blockchain.ErrDuplicateTx, blockchain.ErrOverwriteTx:
		return "bad-txns-BIP30"
	case blockchain.ErrImmatureSpend:
		return "bad-txns-premature-spend-of-coinbase"
	case blockchain.ErrSpendTooHigh:
		return "bad-txns-in-belowout"
	case blockchain.ErrBadFees:
		return "bad-txns-fee-outofrange"
	case blockchain.ErrTooManySigOps:
		return "bad-blk-sigops"
	case blockchain.ErrFirstTxNotCoinbase:
		return "bad-cb-missing"
	case blockchain.ErrMultipleCoinbases:
		return "bad-cb-multiple"
	case blockchain.ErrBadCoinbaseScriptLen:
		return "bad-cb-length"
	case blockchain.ErrBadCoinbaseValue:
		return "bad-cb-amount"
	case blockchain.ErrMissingCoinbaseHeight, blockchain.ErrBadCoinbaseHeight:
		return "bad-cb-height"
	case blockchain.ErrScriptMalformed, blockchain.ErrScriptValidation:
		return "mandatory-script-verify-flag-failed"
	case blockchain.ErrUnexpectedWitness:
		return "unexpected-witness"
	case blockchain.ErrInvalidWitnessCommitment:
		return "bad-witness-nonce-size"
	case blockchain.ErrWitnessCommitmentMismatch:
		return "bad-witness-merkle-match"
	case blockchain.ErrPreviousBlockUnknown:
		return "prev-blk-not-found"
	case blockchain.ErrInvalidAncestorBlock, blockchain.ErrKnownInvalidBlock:
		return "bad-prevblk"
	case blockchain.ErrPrevBlockNotBest:
		return "inconclusive-not-best-prevblk"
	case blockchain.ErrTimewarpAttack:
		return "time-timewarp-attack"
	}
	return ""
}

// blockErrorString is Core's BlockValidationState::ToString for a btcd
// block error: the reject reason, or btcd's text when there is none.
func blockErrorString(err error) string {
	var rerr blockchain.RuleError
	if errors.As(err, &rerr) {
		if r := blockRejectReason(rerr.ErrorCode); r != "" {
			return r
		}
		return rerr.Description
	}
	return err.Error()
}
