package rpc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// testServer is a running Server on 127.0.0.1 with a cookie in a temp dir.
type testServer struct {
	*Server
	url    string
	cookie string
	dir    string
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func echoMethod(name string) Method {
	args := make([]Arg, 10)
	for i := range args {
		args[i] = Arg{Name: "arg" + string(rune('0'+i)), Type: ArgStr, Optional: true, SkipTypeCheck: true}
	}
	return Method{
		Name: name, Category: "hidden", Args: args,
		Handler: func(ctx context.Context, req *Request) (any, error) {
			if len(req.Params) > 0 && string(req.Params[0]) == `"throw"` {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "echo throw")
			}
			return req.Params, nil
		},
	}
}

func startServer(t *testing.T, mod func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	cfg := &Config{
		Bind:       []string{"127.0.0.1"},
		AllowIP:    []string{"127.0.0.1"},
		CookieFile: CookieFilePath(dir, ""),
		LogPath:    filepath.Join(dir, "debug.log"),
	}
	if mod != nil {
		mod(cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.Register(echoMethod("echo"))
	s.Register(Method{
		Name: "getblockhash", Category: "blockchain",
		Help: "getblockhash height\n\nReturns hash of block in best-block-chain at height provided.\n",
		Args: []Arg{{Name: "height", Type: ArgNum, Description: "The height index"}},
		Handler: func(ctx context.Context, req *Request) (any, error) {
			h, err := req.Int(0)
			if err != nil {
				return nil, err
			}
			if h != 0 {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Block height out of range")
			}
			return "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", nil
		},
	})
	s.Register(Method{
		Name: "getblockcount", Category: "blockchain", Help: "getblockcount\n\nReturns the height of the most-work fully-validated chain.\n",
		Handler: func(ctx context.Context, req *Request) (any, error) { return 0, nil },
	})
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, dir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- s.Run(ctx) }()
	ts.url = "http://" + s.Addrs()[0].String()
	if cfg.CookieFile != "" && cfg.Password == "" {
		b, err := os.ReadFile(cfg.CookieFile)
		if err != nil {
			t.Fatalf("cookie: %v", err)
		}
		ts.cookie = string(b)
	}
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

func (ts *testServer) stop(t *testing.T) {
	ts.once.Do(func() {
		ts.cancel()
		select {
		case err := <-ts.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return")
		}
	})
}

type httpReply struct {
	status int
	body   string
	header http.Header
}

func (ts *testServer) do(t *testing.T, method, path, auth, body string) httpReply {
	t.Helper()
	req, err := http.NewRequest(method, ts.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return httpReply{resp.StatusCode, string(b), resp.Header}
}

// post sends body with the cookie's credentials.
func (ts *testServer) post(t *testing.T, body string) httpReply {
	t.Helper()
	return ts.do(t, "POST", "/", ts.cookie, body)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsonEqual(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("bad JSON %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q: %v", want, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
