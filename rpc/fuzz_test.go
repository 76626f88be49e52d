package rpc

import (
	"context"
	"testing"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
)

// FuzzExecute feeds arbitrary bodies and URIs through the dispatcher: it
// must never panic and always answer valid JSON.
func FuzzExecute(f *testing.F) {
	s, err := New(&Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}})
	if err != nil {
		f.Fatal(err)
	}
	defer s.closeListeners()
	s.Register(echoMethod("echo"))
	s.Register(Method{Name: "opt", Args: []Arg{{Name: "a", Type: ArgNum}, {Name: "o", Type: ArgObjNamedParams, Optional: true,
		Inner: []Arg{{Name: "x", Type: ArgStr}}}}, Handler: func(ctx context.Context, req *Request) (any, error) {
		if _, err := req.Amount(0); err != nil {
			return nil, err
		}
		return req.Params, nil
	}})
	for _, seed := range []string{
		`{"method":"echo","params":["a",1],"id":1}`, `[{"jsonrpc":"2.0","method":"help"},{"method":"opt","params":{"a":1,"x":"y"}}]`,
		`{"method":"opt","params":{"args":[1],"a":2}}`, `[]`, `[1,{"id":2}]`, `{"method":"help","params":["dump_all_command_conversions"]}`,
	} {
		f.Add([]byte(seed), "/")
	}
	f.Add([]byte(`{"method":"echo","id":null}`), "/wallet/%zz%41")
	f.Fuzz(func(t *testing.T, body []byte, uri string) {
		out := s.Execute(context.Background(), body, uri, "fuzz")
		if !univalue.Valid(out) {
			t.Fatalf("invalid reply %q for %q", out, body)
		}
	})
}
