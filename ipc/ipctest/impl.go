package ipctest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Impl is the Tester a test child process serves.
type Impl struct {
	name string

	mu       sync.Mutex
	count    uint64
	last     uint64
	bytes    uint64
	outOrder bool
	subs     map[*sub]struct{}
}

var _ Tester = (*Impl)(nil)

// New returns a Tester called name.
func New(name string) *Impl { return &Impl{name: name, subs: map[*sub]struct{}{}} }

func (t *Impl) Echo(_ context.Context, msg string) (string, error)      { return msg, nil }
func (t *Impl) EchoData(_ context.Context, data []byte) ([]byte, error) { return data, nil }
func (t *Impl) GetName(context.Context) (string, error)                 { return t.name, nil }
func (t *Impl) Pid(context.Context) (int32, error)                      { return int32(os.Getpid()), nil }
func (t *Impl) Kitchen(_ context.Context, k Kitchen) (Kitchen, error)   { return k, nil }
func (t *Impl) Identity(_ context.Context, cb Callback) (Callback, error) {
	return cb, nil
}

// KindError is an error with a kind and an RPC code, as packages declare
// them.
type KindError struct {
	Kind ErrorKind
	Msg  string
	Code int
}

func (e *KindError) Error() string { return e.Msg }
func (e *KindError) Unwrap() error { return e.Kind }
func (e *KindError) RPCCode() int  { return e.Code }

func (t *Impl) Fail(_ context.Context, kind, msg string, code int32) error {
	if kind == "" && code == 0 {
		return errors.New(msg)
	}
	return &KindError{Kind: ErrorKind(kind), Msg: msg, Code: int(code)}
}

func (t *Impl) Panic(_ context.Context, msg string) error { panic(msg) }

func (t *Impl) Sleep(ctx context.Context, millis uint32) (bool, error) {
	timer := time.NewTimer(time.Duration(millis) * time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

func (t *Impl) CallBack(ctx context.Context, cb Callback, n int32, msg string) ([]string, error) {
	out := make([]string, 0, n)
	for i := range n {
		r, err := cb.Call(ctx, fmt.Sprintf("%s %d", msg, i))
		if err != nil {
			return out, fmt.Errorf("callback %d: %w", i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

type sub struct {
	t  *Impl
	cb Callback
}

func (s *sub) Cancel(context.Context) error {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	delete(s.t.subs, s)
	return nil
}

func (t *Impl) Subscribe(_ context.Context, cb Callback) (Subscription, error) {
	s := &sub{t: t, cb: cb}
	t.mu.Lock()
	t.subs[s] = struct{}{}
	t.mu.Unlock()
	return s, nil
}

// Fire calls every subscriber's callback once and returns how many answered.
func (t *Impl) Fire(ctx context.Context) (int32, error) {
	t.mu.Lock()
	subs := make([]*sub, 0, len(t.subs))
	for s := range t.subs {
		subs = append(subs, s)
	}
	t.mu.Unlock()
	var n int32
	for _, s := range subs {
		if _, err := s.cb.Call(ctx, "fire"); err == nil {
			n++
		}
	}
	return n, nil
}

func (t *Impl) MakeTester(_ context.Context, name string) (Tester, error) { return New(name), nil }

func (t *Impl) Notify(_ context.Context, seq uint64, data []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if seq != t.last+1 {
		t.outOrder = true
		return fmt.Errorf("notification %d arrived after %d", seq, t.last)
	}
	t.count++
	t.last = seq
	t.bytes += uint64(len(data))
	return nil
}

func (t *Impl) Notified(context.Context) (count, last, bytes uint64, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.outOrder {
		return t.count, t.last, t.bytes, errors.New("notifications arrived out of order")
	}
	return t.count, t.last, t.bytes, nil
}

func (t *Impl) Unlock(_ context.Context, passphrase string, timeout int64) (bool, error) {
	return passphrase == "correct horse", nil
}

func (t *Impl) Lookup(_ context.Context, key string) (*Inner, error) {
	if key == "" {
		return nil, nil
	}
	return &Inner{Name: key, Value: int64(len(key))}, nil
}
