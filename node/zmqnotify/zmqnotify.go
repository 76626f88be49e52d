package zmqnotify

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/node"
	"github.com/bulkhead-btc/bulkhead/zmq"
)

// Types are the notifier types in Core's order (its factory map's).
var Types = []string{"pubhashblock", "pubhashtx", "pubrawblock", "pubrawtx", "pubsequence"}

// DefaultHWM is Core's DEFAULT_ZMQ_SNDHWM.
const DefaultHWM = zmq.DefaultHWM

// Notifier is one configured notifier, as getzmqnotifications lists it.
type Notifier struct {
	Type    string // "pubhashblock" …
	Address string // "tcp://…" or "ipc://…"
	HWM     int
}

// Notifiers reads Core's options into notifiers, in Core's order: by type,
// then as given. getAll returns every value of an option, getInt an
// integer option or its default. A "unix:" address becomes "ipc://", as
// Core.
func Notifiers(getAll func(name string) []string, getInt func(name string, def int64) int64) []Notifier {
	var out []Notifier
	for _, typ := range Types {
		for _, addr := range getAll("zmq" + typ) {
			if rest, ok := strings.CutPrefix(addr, "unix:"); ok {
				addr = "ipc://" + rest
			}
			out = append(out, Notifier{Type: typ, Address: addr, HWM: int(getInt("zmq"+typ+"hwm", DefaultHWM))})
		}
	}
	return out
}

// Node is what the notifications need from the node.
type Node interface {
	Chain() interfaces.Chain
	// RawBlock returns a stored block's serialization.
	RawBlock(hash chainhash.Hash) ([]byte, error)
}

// Config configures the notification interface.
type Config struct {
	Node      Node
	Notifiers []Notifier
	// Logger receives the "zmq" category lines; nil discards them.
	Logger *slog.Logger
}

// Interface is Core's CZMQNotificationInterface: the bound notifiers,
// subscribed to the node's notifications.
type Interface struct {
	node Node
	log  *slog.Logger

	mu        sync.Mutex
	notifiers []*notifier
	sockets   map[string]*sharedSocket
	handler   interfaces.Handler
}

var (
	_ interfaces.ChainNotifications = (*Interface)(nil)
	_ node.ValidationNotifications  = (*Interface)(nil)
)

// sharedSocket is a bound socket and the number of notifiers using it.
type sharedSocket struct {
	sock  *zmq.Socket
	users int
}

// notifier publishes one type to one address.
type notifier struct {
	Notifier
	sock *zmq.Socket
	seq  uint32 // this notifier's message counter
}

// New binds every notifier's address (Core's Create and Initialize). With
// no notifiers it returns nil, nil. If an address cannot be bound, it
// closes what it bound and returns the error: the node then runs without
// ZMQ, as Core.
func New(cfg *Config) (*Interface, error) {
	if len(cfg.Notifiers) == 0 {
		return nil, nil
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	z := &Interface{node: cfg.Node, log: log, sockets: map[string]*sharedSocket{}}
	log.Debug("Initialize notification interface")
	for _, nc := range cfg.Notifiers {
		n := &notifier{Notifier: nc}
		if s, ok := z.sockets[nc.Address]; ok {
			debugf(log, "Reusing socket for address %s", nc.Address)
			debugf(log, "Outbound message high water mark for %s at %s is %d", nc.Type, nc.Address, nc.HWM)
			s.users++
			n.sock = s.sock
		} else {
			debugf(log, "Outbound message high water mark for %s at %s is %d", nc.Type, nc.Address, nc.HWM)
			sock, err := zmq.Listen(nc.Address, &zmq.Config{HWM: nc.HWM, Logger: log})
			if err != nil {
				debugf(log, "Error: Failed to bind address, msg: %v", err)
				debugf(log, "Notifier %s failed (address = %s)", nc.Type, nc.Address)
				z.Close()
				return nil, fmt.Errorf("notifier %s failed (address = %s): %w", nc.Type, nc.Address, err)
			}
			z.sockets[nc.Address] = &sharedSocket{sock: sock, users: 1}
			n.sock = sock
		}
		z.notifiers = append(z.notifiers, n)
		debugf(log, "Notifier %s ready (address = %s)", nc.Type, nc.Address)
	}
	return z, nil
}

// Start subscribes to the node's notifications.
func (z *Interface) Start(ctx context.Context) error {
	h, err := z.node.Chain().HandleNotifications(ctx, z)
	if err != nil {
		return err
	}
	z.mu.Lock()
	z.handler = h
	z.mu.Unlock()
	return nil
}

// Active lists the notifiers still publishing (getzmqnotifications). A nil
// Interface has none.
func (z *Interface) Active() []Notifier {
	if z == nil {
		return nil
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	out := make([]Notifier, len(z.notifiers))
	for i, n := range z.notifiers {
		out[i] = n.Notifier
	}
	return out
}

// Close ends the subscription and closes the sockets.
func (z *Interface) Close() {
	if z == nil {
		return
	}
	z.mu.Lock()
	h := z.handler
	z.handler = nil
	z.mu.Unlock()
	if h != nil {
		h.Disconnect(context.Background())
	}
	z.log.Debug("Shutdown notification interface")
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, n := range z.notifiers {
		z.debugf("Shutdown notifier %s at %s", n.Type, n.Address)
		z.release(n)
	}
	z.notifiers = nil
	for addr, s := range z.sockets { // sockets of a failed New
		s.sock.Close()
		delete(z.sockets, addr)
	}
}

// release drops n's use of its socket, closing it with the last user;
// z.mu is held.
func (z *Interface) release(n *notifier) {
	s, ok := z.sockets[n.Address]
	if !ok {
		return
	}
	if s.users--; s.users == 0 {
		z.debugf("Close socket at address %s", n.Address)
		s.sock.Close()
		delete(z.sockets, n.Address)
	}
}

// forEach calls f on every notifier and removes (and shuts down) those for
// which it fails, as Core's TryForEachAndRemoveFailed.
func (z *Interface) forEach(f func(n *notifier) error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	kept := z.notifiers[:0]
	for _, n := range z.notifiers {
		if err := f(n); err != nil {
			z.debugf("Error: %v", err)
			z.release(n)
			continue
		}
		kept = append(kept, n)
	}
	for i := len(kept); i < len(z.notifiers); i++ {
		z.notifiers[i] = nil
	}
	z.notifiers = kept
}

// send publishes topic, body and the notifier's counter, then counts.
func (n *notifier) send(topic string, body []byte) error {
	var seq [4]byte
	binary.LittleEndian.PutUint32(seq[:], n.seq)
	if err := n.sock.Send([]byte(topic), body, seq[:]); err != nil {
		return err
	}
	n.seq++
	return nil
}

// reversed is a hash in display order (Core's GetHex byte order).
func reversed(h chainhash.Hash) []byte {
	out := make([]byte, len(h))
	for i := range h {
		out[len(h)-1-i] = h[i]
	}
	return out
}

// notifyTransaction is Core's NotifyTransaction (hashtx, rawtx).
func (z *Interface) notifyTransaction(n *notifier, tx *wire.MsgTx, txid chainhash.Hash) error {
	switch n.Type {
	case "pubhashtx":
		z.debugf("Publish hashtx %s to %s", txid, n.Address)
		return n.send("hashtx", reversed(txid))
	case "pubrawtx":
		z.debugf("Publish rawtx %s to %s", txid, n.Address)
		b := bytes.NewBuffer(make([]byte, 0, tx.SerializeSize()))
		if err := tx.Serialize(b); err != nil {
			return err
		}
		return n.send("rawtx", b.Bytes())
	}
	return nil
}

// sequence sends a sequence message: the hash, the label and, for mempool
// events, the mempool sequence number.
func (z *Interface) sequence(n *notifier, hash chainhash.Hash, label byte, mempoolSeq *uint64) error {
	body := append(reversed(hash), label)
	if mempoolSeq != nil {
		body = binary.LittleEndian.AppendUint64(body, *mempoolSeq)
	}
	return n.send("sequence", body)
}

// MempoolTransactionAdded: hashtx, rawtx and sequence "A".
func (z *Interface) MempoolTransactionAdded(ctx context.Context, tx *wire.MsgTx, seq uint64) error {
	txid := tx.TxHash()
	z.forEach(func(n *notifier) error {
		if err := z.notifyTransaction(n, tx, txid); err != nil {
			return err
		}
		if n.Type != "pubsequence" {
			return nil
		}
		z.debugf("Publish hashtx mempool acceptance %s to %s", txid, n.Address)
		return z.sequence(n, txid, 'A', &seq)
	})
	return nil
}

// MempoolTransactionRemoved: sequence "R" (the node does not notify
// removals for block inclusion).
func (z *Interface) MempoolTransactionRemoved(ctx context.Context, tx *wire.MsgTx, reason int32, seq uint64) error {
	txid := tx.TxHash()
	z.forEach(func(n *notifier) error {
		if n.Type != "pubsequence" {
			return nil
		}
		z.debugf("Publish hashtx mempool removal %s to %s", txid, n.Address)
		return z.sequence(n, txid, 'R', &seq)
	})
	return nil
}

// BlockConnected: hashtx and rawtx for every transaction, then sequence
// "C".
func (z *Interface) BlockConnected(ctx context.Context, b interfaces.BlockInfo) error {
	z.blockEvent(b, 'C', "connect")
	return nil
}

// BlockDisconnected: hashtx and rawtx for every transaction, then
// sequence "D".
func (z *Interface) BlockDisconnected(ctx context.Context, b interfaces.BlockInfo) error {
	z.blockEvent(b, 'D', "disconnect")
	return nil
}

func (z *Interface) blockEvent(b interfaces.BlockInfo, label byte, what string) {
	if b.Block != nil {
		for _, tx := range b.Block.Transactions {
			txid := tx.TxHash()
			z.forEach(func(n *notifier) error { return z.notifyTransaction(n, tx, txid) })
		}
	}
	z.forEach(func(n *notifier) error {
		if n.Type != "pubsequence" {
			return nil
		}
		z.debugf("Publish sequence block %s %s to %s", what, b.Hash, n.Address)
		return z.sequence(n, b.Hash, label, nil)
	})
}

// BlockTipUpdated: hashblock and rawblock of the new tip, except during
// initial block download.
func (z *Interface) BlockTipUpdated(ctx context.Context, tip interfaces.BlockRef, ibd bool) error {
	if ibd {
		return nil
	}
	z.forEach(func(n *notifier) error {
		switch n.Type {
		case "pubhashblock":
			z.debugf("Publish hashblock %s to %s", tip.Hash, n.Address)
			return n.send("hashblock", reversed(tip.Hash))
		case "pubrawblock":
			z.debugf("Publish rawblock %s to %s", tip.Hash, n.Address)
			raw, err := z.node.RawBlock(tip.Hash)
			if err != nil {
				return errors.New("Can't read block from disk")
			}
			return n.send("rawblock", raw)
		}
		return nil
	})
	return nil
}

// The plain ChainNotifications methods are not called for a subscriber
// with ValidationNotifications (which carries more); they are here to
// satisfy the interface.

func (z *Interface) TransactionAddedToMempool(ctx context.Context, tx *wire.MsgTx) error { return nil }
func (z *Interface) TransactionRemovedFromMempool(ctx context.Context, tx *wire.MsgTx, reason int32) error {
	return nil
}
func (z *Interface) UpdatedBlockTip(ctx context.Context, tip interfaces.BlockRef) error   { return nil }
func (z *Interface) ChainStateFlushed(ctx context.Context, tip interfaces.BlockRef) error { return nil }

// NotificationsDropped: the node ended the subscription because ZMQ fell
// too far behind. The events it missed are lost, as messages past a
// subscriber's high-water mark are; it subscribes again, in the
// background (this is the subscription's last delivery).
func (z *Interface) NotificationsDropped(_ context.Context, reason string) error {
	z.log.Warn("The node dropped the ZMQ notifications, which fell too far behind; subscribing again (the events in between are not published)", "reason", reason)
	go func() {
		z.mu.Lock()
		closed := z.handler == nil
		z.mu.Unlock()
		if !closed {
			if err := z.Start(context.Background()); err != nil {
				z.log.Warn("ZMQ could not subscribe again: " + err.Error())
			}
		}
	}()
	return nil
}

// debugf logs a "zmq" debug line, formatting it only when debug logging
// is on (every published message has one).
func debugf(log *slog.Logger, format string, args ...any) {
	if log.Enabled(context.Background(), slog.LevelDebug) {
		log.Debug(fmt.Sprintf(format, args...))
	}
}

func (z *Interface) debugf(format string, args ...any) { debugf(z.log, format, args...) }
