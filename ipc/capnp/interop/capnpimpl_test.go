package interop_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"capnproto.org/go/capnp/v3"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
)

// capnpTester is a Tester served by go-capnp's server package, for the
// methods the tests call; the others answer "unimplemented".
type capnpTester struct {
	name     string
	sleeping chan struct{} // receives when a Sleep call starts, if set
	stop     chan struct{} // ends Sleep calls when closed
	released chan string   // gets the name when the last reference goes, if set and not full
}

var _ testschema.Tester_Server = (*capnpTester)(nil)

func (s *capnpTester) Echo(_ context.Context, call testschema.Tester_echo) error {
	msg, err := call.Args().Msg()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(msg)
}

func (s *capnpTester) EchoData(_ context.Context, call testschema.Tester_echoData) error {
	data, err := call.Args().Data()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(data)
}

func (s *capnpTester) Fail(_ context.Context, call testschema.Tester_fail) error {
	msg, err := call.Args().Msg()
	if err != nil {
		return err
	}
	return errors.New(msg)
}

func (s *capnpTester) Sleep(ctx context.Context, call testschema.Tester_sleep) error {
	call.Go() // let other calls in while this one waits
	if s.sleeping != nil {
		s.sleeping <- struct{}{}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.stop:
		return errors.New("stopped")
	}
}

func (s *capnpTester) CallBack(ctx context.Context, call testschema.Tester_callBack) error {
	call.Go()
	args := call.Args()
	cb := args.Cb()
	msg, err := args.Msg()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	list, err := res.NewResult(args.N())
	if err != nil {
		return err
	}
	for i := range int(args.N()) {
		f, release := cb.Call(ctx, func(p testschema.Callback_call_Params) error {
			return p.SetMsg(fmt.Sprintf("%s %d", msg, i))
		})
		r, err := f.Struct()
		var text string
		if err == nil {
			text, err = r.Result()
		}
		if err == nil {
			err = list.Set(i, text)
		}
		release()
		if err != nil {
			return fmt.Errorf("callback %d: %w", i, err)
		}
	}
	return nil
}

func (s *capnpTester) MakeTester(_ context.Context, call testschema.Tester_makeTester) error {
	name, err := call.Args().Name()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(testschema.Tester_ServerToClient(&capnpTester{name: name, stop: s.stop, released: s.released}))
}

func (s *capnpTester) Name(_ context.Context, call testschema.Tester_name) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(s.name)
}

// Identity hands the peer's callback back: go-capnp writes it as a
// receiverHosted descriptor.
func (s *capnpTester) Identity(_ context.Context, call testschema.Tester_identity) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(call.Args().Cb().AddRef())
}

// Shutdown is called by go-capnp when the last reference is gone.
func (s *capnpTester) Shutdown() {
	select {
	case s.released <- s.name: // a nil channel never takes it
	default:
	}
}

func unimpl(what string) error {
	return capnp.Unimplemented(what + " is not served by the go-capnp test server")
}

func (s *capnpTester) Destroy(context.Context, testschema.Tester_destroy) error {
	return unimpl("destroy")
}
func (s *capnpTester) Panic(context.Context, testschema.Tester_panic) error { return unimpl("panic") }
func (s *capnpTester) Subscribe(context.Context, testschema.Tester_subscribe) error {
	return unimpl("subscribe")
}
func (s *capnpTester) Pid(context.Context, testschema.Tester_pid) error { return unimpl("pid") }
func (s *capnpTester) Kitchen(context.Context, testschema.Tester_kitchen) error {
	return unimpl("kitchen")
}
func (s *capnpTester) Notify(context.Context, testschema.Tester_notify) error {
	return unimpl("notify")
}
func (s *capnpTester) Notified(context.Context, testschema.Tester_notified) error {
	return unimpl("notified")
}
func (s *capnpTester) Unlock(context.Context, testschema.Tester_unlock) error {
	return unimpl("unlock")
}
func (s *capnpTester) Lookup(context.Context, testschema.Tester_lookup) error {
	return unimpl("lookup")
}
func (s *capnpTester) Fire(context.Context, testschema.Tester_fire) error { return unimpl("fire") }
func (s *capnpTester) UnknownLater(context.Context, testschema.Tester_unknownLater) error {
	return unimpl("unknownLater")
}

// capnpCallback is a Callback served by go-capnp. shutdown is closed once
// every reference to it is released.
type capnpCallback struct {
	prefix   string
	calls    atomic.Int32
	shutdown chan struct{}
}

func newCapnpCallback(prefix string) *capnpCallback {
	return &capnpCallback{prefix: prefix, shutdown: make(chan struct{})}
}

func (cb *capnpCallback) Call(_ context.Context, call testschema.Callback_call) error {
	cb.calls.Add(1)
	msg, err := call.Args().Msg()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(cb.prefix + ": " + msg)
}

// Shutdown is called by go-capnp when the last reference is gone.
func (cb *capnpCallback) Shutdown() { close(cb.shutdown) }
