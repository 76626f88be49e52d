package ipctest

import (
	"context"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"
)

// Tester is the fixture interface: each method exercises one thing the IPC
// layer must carry.
type Tester interface {
	Echo(ctx context.Context, msg string) (string, error)
	EchoData(ctx context.Context, data []byte) ([]byte, error)
	// Fail returns an error with the message msg, of kind ErrorKind(kind) if
	// kind is set, carrying RPC code code if non-zero.
	Fail(ctx context.Context, kind, msg string, code int32) error
	Panic(ctx context.Context, msg string) error
	// Sleep waits millis milliseconds, or until ctx ends (slept=false).
	Sleep(ctx context.Context, millis uint32) (bool, error)
	// CallBack calls cb n times with msg and returns the answers.
	CallBack(ctx context.Context, cb Callback, n int32, msg string) ([]string, error)
	// Subscribe keeps cb and calls it on every Fire until cancelled.
	Subscribe(ctx context.Context, cb Callback) (Subscription, error)
	MakeTester(ctx context.Context, name string) (Tester, error)
	Pid(ctx context.Context) (int32, error)
	Kitchen(ctx context.Context, k Kitchen) (Kitchen, error)
	Notify(ctx context.Context, seq uint64, data []byte) error
	Notified(ctx context.Context) (count, last, bytes uint64, err error)
	Identity(ctx context.Context, cb Callback) (Callback, error)
	Unlock(ctx context.Context, passphrase string, timeout int64) (bool, error)
	Lookup(ctx context.Context, key string) (*Inner, error)
	GetName(ctx context.Context) (string, error)
	Fire(ctx context.Context) (int32, error)
}

// Callback is called back by a Tester.
type Callback interface {
	Call(ctx context.Context, msg string) (string, error)
}

// Subscription ends a Subscribe.
type Subscription interface {
	Cancel(ctx context.Context) error
}

// Inner is a nested struct.
type Inner struct {
	Name  string
	Value int64
}

// Kitchen holds one of every kind of value.
type Kitchen struct {
	B        bool
	I8       int8
	I16      int16
	I32      int32
	I64      int64
	U8       uint8
	U16      uint16
	U32      uint32
	U64      uint64
	F32      float32
	F64      float64
	Text     string
	Data     []byte
	Texts    []string
	Ints     []int64
	Datas    [][]byte
	Tx       *wire.MsgTx
	Block    *wire.MsgBlock
	Header   wire.BlockHeader
	OutPoint wire.OutPoint
	Script   []byte
	Hash     chainhash.Hash
	Txs      []*wire.MsgTx
	Inner    Inner
	Inners   []Inner
	Opt      *int32
	OptInner *Inner
	Bools    []bool
	Other    string
}

// ErrorKind is the kind of the errors Fail returns.
type ErrorKind string

func (k ErrorKind) Error() string { return string(k) }
