package wallet

import (
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// Core's wallet flags (src/wallet/walletutil.h).
const (
	FlagAvoidReuse          uint64 = 1 << 0
	FlagKeyOriginMetadata   uint64 = 1 << 1
	FlagLastHardenedXpub    uint64 = 1 << 2
	FlagDisablePrivateKeys  uint64 = 1 << 32
	FlagBlankWallet         uint64 = 1 << 33
	FlagDescriptors         uint64 = 1 << 34
	FlagExternalSigner      uint64 = 1 << 35
	flagsKnownAtCreate             = FlagAvoidReuse | FlagDisablePrivateKeys | FlagBlankWallet | FlagDescriptors | FlagExternalSigner
	defaultFlagsForCreation        = FlagDescriptors | FlagLastHardenedXpub
)

// txState is a wallet transaction's state, as Core's TxState.
type txState int

const (
	stateInactive   txState = 0 // unconfirmed, not in the mempool
	stateMempool    txState = 1
	stateConfirmed  txState = 2
	stateConflicted txState = 3 // a conflicting transaction is in a block
	stateAbandoned  txState = 4
)

// walletTx is a transaction relevant to the wallet (Core's CWalletTx).
type walletTx struct {
	tx             *wire.MsgTx
	txid           chainhash.Hash
	orderPos       int64
	timeReceived   int64
	timeSmart      int64
	state          txState
	blockHash      chainhash.Hash
	blockHeight    int32
	blockTime      int64
	blockIndex     int
	conflictHash   chainhash.Hash
	conflictHeight int32
	fromMe         bool
	comment        string
	commentTo      string
}

func (t *walletTx) isCoinbase() bool {
	return len(t.tx.TxIn) == 1 && t.tx.TxIn[0].PreviousOutPoint.Index == wire.MaxPrevOutIndex &&
		t.tx.TxIn[0].PreviousOutPoint.Hash == (chainhash.Hash{})
}

// active reports whether the transaction can still spend its inputs.
func (t *walletTx) active() bool { return t.state != stateConflicted && t.state != stateAbandoned }

// walletOutput is an output paying the wallet.
type walletOutput struct {
	op       wire.OutPoint
	value    int64
	script   []byte
	coinbase bool
}

// scriptInfo says where a watched script comes from.
type scriptInfo struct {
	desc  *walletDesc
	index uint32
}

// walletDesc is one of the wallet's descriptors (Core's
// DescriptorScriptPubKeyMan).
type walletDesc struct {
	id         int64
	pub        *descriptor.Descriptor
	priv       *descriptor.Descriptor // nil when watch-only or locked
	secret     []byte                 // private descriptor text, sealed when encrypted
	encrypted  bool
	outputType descriptor.OutputType
	internal   bool
	active     bool
	createdAt  int64
	nextIndex  uint32
	rangeEnd   uint32
}

// addrEntry is an address book entry.
type addrEntry struct {
	label   string
	purpose string
}
