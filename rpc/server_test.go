package rpc

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/common/amount"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

func TestCookieAuth(t *testing.T) {
	ts := startServer(t, nil)
	user, pass, ok := strings.Cut(ts.cookie, ":")
	if !ok || user != "__cookie__" || len(pass) != 64 {
		t.Fatalf("cookie = %q", ts.cookie)
	}
	if _, err := hex.DecodeString(pass); err != nil {
		t.Fatalf("cookie password not hex: %v", err)
	}
	st, err := os.Stat(CookieFilePath(ts.dir, ""))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("cookie file mode = %v, %v", st.Mode(), err)
	}
	body := `{"method":"getblockcount","id":1}`
	if r := ts.post(t, body); r.status != 200 || r.body != `{"result":0,"error":null,"id":1}`+"\n" {
		t.Errorf("cookie auth: %d %q", r.status, r.body)
	}
	r := ts.do(t, "POST", "/", "", body)
	if r.status != 401 || r.header.Get("WWW-Authenticate") != `Basic realm="jsonrpc"` || r.body != "" {
		t.Errorf("no auth: %d %q %v", r.status, r.body, r.header)
	}
	start := time.Now()
	r = ts.do(t, "POST", "/", "__cookie__:wrong", body)
	if r.status != 401 || r.header.Get("WWW-Authenticate") != `Basic realm="jsonrpc"` {
		t.Errorf("wrong auth: %d", r.status)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("failed auth answered after %v, want the 250ms delay", d)
	}
	ts.stop(t)
	if _, err := os.Stat(CookieFilePath(ts.dir, "")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cookie not removed at shutdown: %v", err)
	}
}

func TestCookiePerms(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.CookiePerms = "group" })
	st, err := os.Stat(CookieFilePath(ts.dir, ""))
	if err != nil || st.Mode().Perm() != 0o640 {
		t.Fatalf("cookie mode = %v, %v", st.Mode(), err)
	}
	_, err = New(&Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, CookieFile: CookieFilePath(t.TempDir(), ""), CookiePerms: "bad"})
	if !errors.Is(err, ErrInvalidCookiePerms) || !strings.Contains(err.Error(), "Invalid -rpccookieperms=bad; must be one of 'owner', 'group', or 'all'.") {
		t.Errorf("bad perms: %v", err)
	}
}

func TestPasswordAndRPCAuth(t *testing.T) {
	salt := "cb77f0957de88ff388cf817ddbc7273"
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte("alicepass"))
	entry := "alice:" + salt + "$" + hex.EncodeToString(m.Sum(nil))
	ts := startServer(t, func(c *Config) {
		c.User, c.Password = "bob", "bobpass"
		c.Auth = []string{entry}
	})
	if _, err := os.Stat(CookieFilePath(ts.dir, "")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cookie written although rpcpassword is set: %v", err)
	}
	body := `{"method":"getblockcount","id":1}`
	for _, c := range []struct {
		auth string
		want int
	}{{"bob:bobpass", 200}, {"alice:alicepass", 200}, {"alice:bobpass", 401}, {"bob:alicepass", 401}, {"nocolon", 401}} {
		if r := ts.do(t, "POST", "/", c.auth, body); r.status != c.want {
			t.Errorf("%s: status %d, want %d", c.auth, r.status, c.want)
		}
	}
	_, err := New(&Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, Password: "x", Auth: []string{"bad"}})
	if !errors.Is(err, ErrInvalidRPCAuth) {
		t.Errorf("bad rpcauth: %v", err)
	}
}

func TestReplyVersions(t *testing.T) {
	ts := startServer(t, nil)
	cases := []struct {
		body   string
		status int
		reply  string
	}{
		{`{"method":"getblockhash","params":[0],"id":1}`, 200, `{"result":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","error":null,"id":1}`},
		{`{"jsonrpc":"1.0","method":"getblockcount","id":"x"}`, 200, `{"result":0,"error":null,"id":"x"}`},
		{`{"method":"getblockcount"}`, 200, `{"result":0,"error":null}`},
		{`{"method":"invalidmethod","id":1}`, 404, `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}`},
		{`{"method":"getblockhash","params":[42],"id":1}`, 500, `{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":1}`},
		{``, 500, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}`},
		{`this is bad`, 500, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}`},
		{`42`, 500, `{"result":null,"error":{"code":-32700,"message":"Top-level object parse error"},"id":null}`},
		{`{"id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Missing method"},"id":1}`},
		{`{"method":1,"id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Method must be a string"},"id":1}`},
		{`{"method":"echo","params":1,"id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Params must be an array or object"},"id":1}`},
		{`{"jsonrpc":"2.0","method":"getblockhash","params":[0],"id":1}`, 200, `{"jsonrpc":"2.0","result":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","id":1}`},
		{`{"jsonrpc":"2.0","method":"invalidmethod","id":1}`, 200, `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1}`},
		{`{"jsonrpc":"2.0","method":"getblockhash","params":[42],"id":1}`, 200, `{"jsonrpc":"2.0","error":{"code":-8,"message":"Block height out of range"},"id":1}`},
		{`{"jsonrpc":"2.0","id":null,"method":"getblockcount"}`, 200, `{"jsonrpc":"2.0","result":0,"id":null}`},
		{`{"jsonrpc":2,"method":"getblockcount"}`, 400, `{"result":null,"error":{"code":-32600,"message":"jsonrpc field must be a string"}}`},
		{`{"jsonrpc":"3.0","method":"getblockcount"}`, 400, `{"result":null,"error":{"code":-32600,"message":"JSON-RPC version not supported"}}`},
		{`{"jsonrpc":"2.0","method":"getblockcount"}`, 204, ``},
		{`{"jsonrpc":"2.0","method":"invalidmethod"}`, 204, ``},
		{`{"method":"echo","params":["a<b>&\u2028"],"id":1}`, 200, "{\"result\":[\"a<b>&\u2028\"],\"error\":null,\"id\":1}"},
		{`{"method":"echo","params":[1.50000000,"\u0001\u007f"],"id":1}`, 200, `{"result":[1.50000000,"\u0001\u007f"],"error":null,"id":1}`},
	}
	for _, c := range cases {
		r := ts.post(t, c.body)
		want := c.reply
		if want != "" {
			want += "\n"
		}
		if r.status != c.status || r.body != want {
			t.Errorf("%s:\n got %d %q\nwant %d %q", c.body, r.status, r.body, c.status, want)
		}
		if want != "" && r.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: Content-Type %q", c.body, r.header.Get("Content-Type"))
		}
	}
}

// TestBatch follows Core's interface_rpc.py batch cases.
func TestBatch(t *testing.T) {
	ts := startServer(t, nil)
	calls := []string{`"method":"getblockcount"`, `"method":"invalidmethod"`, `"method":"getblockhash","params":[0]`, `"pizza":"sausage"`}
	results := []string{`"result":0`, `"error":{"code":-32601,"message":"Method not found"}`,
		`"result":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"`, `"error":{"code":-32600,"message":"Missing method"}`}
	type opts struct {
		version      int
		notification bool
	}
	run := func(name string, opt func(i int) *opts) {
		var req, resp []string
		for i := range calls {
			idx := i + 1
			o := opt(idx)
			if o == nil {
				continue
			}
			var fields []string
			switch o.version {
			case 1:
				fields = append(fields, `"version":"1.1"`)
			case 2:
				fields = append(fields, `"jsonrpc":"2.0"`)
			}
			if !o.notification {
				fields = append(fields, fmt.Sprintf(`"id":%d`, idx))
			}
			fields = append(fields, calls[i])
			req = append(req, "{"+strings.Join(fields, ",")+"}")
			if o.version == 2 && o.notification {
				continue
			}
			var rf []string
			if o.version == 2 {
				rf = append(rf, `"jsonrpc":"2.0"`, results[i])
			} else if strings.HasPrefix(results[i], `"result"`) {
				rf = append(rf, results[i], `"error":null`)
			} else {
				rf = append(rf, `"result":null`, results[i])
			}
			if !o.notification {
				rf = append(rf, fmt.Sprintf(`"id":%d`, idx))
			}
			resp = append(resp, "{"+strings.Join(rf, ",")+"}")
		}
		r := ts.post(t, "["+strings.Join(req, ",")+"]")
		if len(resp) == 0 && len(req) > 0 {
			if r.status != 204 || r.body != "" {
				t.Errorf("%s: %d %q, want 204", name, r.status, r.body)
			}
			return
		}
		want := "[" + strings.Join(resp, ",") + "]\n"
		if r.status != 200 || r.body != want {
			t.Errorf("%s:\n got %d %s\nwant 200 %s", name, r.status, r.body, want)
		}
	}
	run("empty", func(int) *opts { return nil })
	run("2.0", func(int) *opts { return &opts{version: 2} })
	run("2.0 with notifications", func(i int) *opts { return &opts{version: 2, notification: i < 2} })
	run("2.0 all notifications", func(int) *opts { return &opts{version: 2, notification: true} })
	run("1.1", func(int) *opts { return &opts{version: 1} })
	run("mixed", func(i int) *opts {
		if i%2 == 1 {
			return &opts{version: 2}
		}
		return &opts{version: 1}
	})
	run("no version", func(int) *opts { return &opts{} })
	run("no version no ids", func(int) *opts { return &opts{notification: true} })

	r := ts.post(t, `[{"jsonrpc":"2.1","method":"getblockcount","id":1}]`)
	if want := `[{"result":null,"error":{"code":-32600,"message":"JSON-RPC version not supported"},"id":1}]` + "\n"; r.body != want {
		t.Errorf("bad version in batch: %q", r.body)
	}
	r = ts.post(t, `[{"method":"getblockcount","id":7},5]`)
	if want := `[{"result":0,"error":null,"id":7},{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":7}]` + "\n"; r.body != want {
		t.Errorf("non-object in batch (Core reuses the previous id): %q", r.body)
	}
}

func TestArgumentChecks(t *testing.T) {
	ts := startServer(t, nil)
	cases := []struct{ body, reply string }{
		{`{"method":"getblockhash","params":["0"],"id":1}`,
			`{"result":null,"error":{"code":-3,"message":"Wrong type passed:\n{\n    \"Position 1 (height)\": \"JSON value of type string is not of expected type number\"\n}"},"id":1}`},
		{`{"method":"getblockhash","params":[],"id":1}`,
			`{"result":null,"error":{"code":-1,"message":"getblockhash height\n\nReturns hash of block in best-block-chain at height provided.\n"},"id":1}`},
		{`{"method":"getblockhash","params":[1.5],"id":1}`,
			`{"result":null,"error":{"code":-1,"message":"JSON integer out of range"},"id":1}`},
		{`{"method":"getblockcount","params":[1],"id":1}`,
			`{"result":null,"error":{"code":-1,"message":"getblockcount\n\nReturns the height of the most-work fully-validated chain.\n"},"id":1}`},
	}
	for _, c := range cases {
		if r := ts.post(t, c.body); r.body != c.reply+"\n" {
			t.Errorf("%s:\n got %s\nwant %s", c.body, r.body, c.reply)
		}
	}
}

func TestNamedParams(t *testing.T) {
	ts := startServer(t, nil)
	cases := []struct{ params, result string }{
		{`{"arg1":"1","arg3":"3"}`, `"result":[null,"1",null,"3"],"error":null`},
		{`{"args":["0","1"],"arg3":"3","arg5":"5"}`, `"result":["0","1",null,"3",null,"5"],"error":null`},
		{`{"args":["0","1"],"arg1":"1"}`, `"result":null,"error":{"code":-8,"message":"Parameter arg1 specified twice both as positional and named argument"}`},
		{`{"args":["0",null,"2"],"arg1":"1"}`, `"result":null,"error":{"code":-8,"message":"Parameter arg1 specified twice both as positional and named argument"}`},
		{`{"arg0":"0","arg0":"1"}`, `"result":null,"error":{"code":-8,"message":"Parameter arg0 specified multiple times"}`},
		{`{"args":[],"args":[]}`, `"result":null,"error":{"code":-8,"message":"Parameter args specified multiple times"}`},
		{`{"foo":"1"}`, `"result":null,"error":{"code":-8,"message":"Unknown named parameter foo"}`},
		{`{}`, `"result":[],"error":null`},
	}
	for _, c := range cases {
		r := ts.post(t, `{"method":"echo","params":`+c.params+`,"id":1}`)
		if want := "{" + c.result + `,"id":1}` + "\n"; r.body != want {
			t.Errorf("%s:\n got %s\nwant %s", c.params, r.body, want)
		}
	}
}

func TestNamedOnlyOptions(t *testing.T) {
	names := argNames([]Arg{
		{Name: "a", Type: ArgStr},
		{Name: "options", Type: ArgObjNamedParams, Optional: true, Inner: []Arg{{Name: "x", Type: ArgNum}, {Name: "y", Type: ArgNum}}},
	})
	ts := startServer(t, nil)
	ts.Register(Method{Name: "opt", Args: []Arg{{Name: "a", Type: ArgStr}, {Name: "options", Type: ArgObjNamedParams, Optional: true,
		Inner: []Arg{{Name: "x", Type: ArgNum}, {Name: "y", Type: ArgNum}}}},
		Handler: func(ctx context.Context, req *Request) (any, error) { return req.Params, nil }})
	if len(names) != 4 || !names[1].namedOnly || names[3].namedOnly {
		t.Fatalf("argNames = %+v", names)
	}
	r := ts.post(t, `{"method":"opt","params":{"a":"s","y":2,"x":1},"id":1}`)
	if want := `{"result":["s",{"x":1,"y":2}],"error":null,"id":1}` + "\n"; r.body != want {
		t.Errorf("got %s", r.body)
	}
	r = ts.post(t, `{"method":"opt","params":{"a":"s","x":1,"options":{}},"id":1}`)
	if want := `{"result":null,"error":{"code":-8,"message":"Parameter options conflicts with parameter x"},"id":1}` + "\n"; r.body != want {
		t.Errorf("got %s", r.body)
	}
}

func TestPathsAndMethods(t *testing.T) {
	var gotWallet, gotURI string
	var gotEndpoint bool
	ts := startServer(t, nil)
	ts.Register(Method{Name: "getwalletinfo", Handler: func(ctx context.Context, req *Request) (any, error) {
		gotWallet, gotURI, gotEndpoint = req.WalletName, req.URI, req.WalletEndpoint
		return map[string]string{"walletname": req.WalletName}, nil
	}})
	r := ts.do(t, "POST", "/wallet/my%20w%2Fallet", ts.cookie, `{"method":"getwalletinfo","id":1}`)
	if r.status != 200 || gotWallet != "my w/allet" || gotURI != "/wallet/my%20w%2Fallet" || !gotEndpoint {
		t.Errorf("wallet URI: %d %q %q %v", r.status, gotWallet, gotURI, gotEndpoint)
	}
	ts.do(t, "POST", "/", ts.cookie, `{"method":"getwalletinfo","id":1}`)
	if gotEndpoint || gotWallet != "" {
		t.Errorf("root URI gave wallet %q %v", gotWallet, gotEndpoint)
	}
	if r := ts.do(t, "POST", "/foo", ts.cookie, `{}`); r.status != 404 || r.body != "" {
		t.Errorf("/foo: %d %q", r.status, r.body)
	}
	if r := ts.do(t, "GET", "/", ts.cookie, ``); r.status != 405 || r.body != "JSONRPC server handles only POST requests" {
		t.Errorf("GET: %d %q", r.status, r.body)
	}
	if r := ts.do(t, "DELETE", "/", ts.cookie, ``); r.status != 405 || r.body != "" {
		t.Errorf("DELETE: %d %q", r.status, r.body)
	}
	big := strings.Repeat(" ", MaxBodySize+1)
	if r := ts.do(t, "POST", "/", ts.cookie, big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: %d", r.status)
	}
}

func TestConcurrentRequests(t *testing.T) {
	ts := startServer(t, nil)
	var running, peak atomic.Int32
	ts.Register(Method{Name: "slow", NoArgCheck: true, Handler: func(ctx context.Context, req *Request) (any, error) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		running.Add(-1)
		return req.Params, nil
	}})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"method":"slow","params":[%d],"id":%d}`, i, i)
			r := ts.post(t, body)
			if want := fmt.Sprintf(`{"result":[%d],"error":null,"id":%d}`+"\n", i, i); r.body != want {
				t.Errorf("got %q want %q", r.body, want)
			}
		}()
	}
	wg.Wait()
	if peak.Load() < 2 || peak.Load() > DefaultThreads {
		t.Errorf("peak concurrency %d", peak.Load())
	}
}

func TestStopHook(t *testing.T) {
	stopped := make(chan struct{})
	var ts *testServer
	ts = startServer(t, func(c *Config) {
		c.Shutdown = func() { close(stopped) }
	})
	r := ts.post(t, `{"method":"stop","id":1}`)
	if r.body != `{"result":"Bitcoin Core stopping","error":null,"id":1}`+"\n" {
		t.Errorf("stop: %q", r.body)
	}
	select {
	case <-stopped:
	case <-time.After(time.Second):
		t.Fatal("Shutdown hook not called")
	}
	ts.stop(t)
}

func TestHelp(t *testing.T) {
	ts := startServer(t, nil)
	h := ts.Help("")
	want := "== Blockchain ==\ngetblockcount\ngetblockhash height\n\n== Control ==\ngetrpcinfo\nhelp ( \"command\" )\nstop\nuptime"
	if h != want {
		t.Errorf("help:\n%s\nwant\n%s", h, want)
	}
	if got := ts.Help("stop"); got != "stop\n\nRequest a graceful shutdown of Bitcoin Core.\n\nResult:\n\"str\"    (string) A string with the content 'Bitcoin Core stopping'\n" {
		t.Errorf("help stop: %q", got)
	}
	if got := ts.Help("help"); got != "help ( \"command\" )\n\nList all commands, or get help for a specified command.\n\nArguments:\n1. command    (string, optional, default=all commands) The command to get help on\n\nResult:\n\"str\"    (string) The help text\n" {
		t.Errorf("help help: %q", got)
	}
	if got := ts.Help("echo"); !strings.HasPrefix(got, "echo ( \"arg0\" \"arg1\"") {
		t.Errorf("help echo (hidden, by name): %q", got)
	}
	if got := ts.Help("nope"); got != "help: unknown command: nope" {
		t.Errorf("unknown: %q", got)
	}
	wantInfo := "getrpcinfo\n\nReturns details of the RPC server.\n\nResult:\n" +
		"{                          (json object)\n" +
		"  \"active_commands\" : [    (json array) All active commands\n" +
		"    {                      (json object) Information about an active command\n" +
		"      \"method\" : \"str\",    (string) The name of the RPC command\n" +
		"      \"duration\" : n       (numeric) The running time in microseconds\n" +
		"    },\n    ...\n  ],\n" +
		"  \"logpath\" : \"str\"        (string) The complete file path to the debug log\n}\n\nExamples:\n" +
		"> bitcoin-cli getrpcinfo \n" +
		"> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"getrpcinfo\", \"params\": []}' -H 'content-type: application/json' http://127.0.0.1:8332/\n"
	if got := ts.Help("getrpcinfo"); got != wantInfo {
		t.Errorf("help getrpcinfo:\n%s\nwant\n%s", got, wantInfo)
	}
	r := ts.post(t, `{"method":"help","params":["dump_all_command_conversions"],"id":1}`)
	if !strings.Contains(r.body, `["getblockhash",0,"height",false]`) || !strings.Contains(r.body, `["help",0,"command",true]`) {
		t.Errorf("arg map: %s", r.body)
	}
}

func TestControlMethods(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.StartTime = time.Now().Add(-90 * time.Second) })
	r := ts.post(t, `{"method":"uptime","id":1}`)
	if r.body != `{"result":90,"error":null,"id":1}`+"\n" {
		t.Errorf("uptime: %q", r.body)
	}
	r = ts.post(t, `{"method":"getrpcinfo","id":1}`)
	want := fmt.Sprintf(`{"result":{"active_commands":[{"method":"getrpcinfo","duration":`)
	if !strings.HasPrefix(r.body, want) || !strings.Contains(r.body, `"logpath":`+mustJSON(t, ts.cfg.LogPath)) {
		t.Errorf("getrpcinfo: %s", r.body)
	}
}

func TestWarmup(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.WarmupStatus = "RPC server started" })
	if r := ts.post(t, `{"method":"getblockcount","id":1}`); r.status != 500 || r.body != `{"result":null,"error":{"code":-28,"message":"RPC server started"},"id":1}`+"\n" {
		t.Errorf("warmup: %d %s", r.status, r.body)
	}
	ts.SetWarmupStatus("Loading block index…")
	if r := ts.post(t, `{"jsonrpc":"2.0","method":"getblockcount","id":1}`); r.body != `{"jsonrpc":"2.0","error":{"code":-28,"message":"Loading block index…"},"id":1}`+"\n" {
		t.Errorf("warmup status: %s", r.body)
	}
	ts.SetWarmupFinished()
	if r := ts.post(t, `{"method":"getblockcount","id":1}`); r.status != 200 {
		t.Errorf("after warmup: %d %s", r.status, r.body)
	}
}

func TestRegisterUnregisterAndWalletDispatch(t *testing.T) {
	ts := startServer(t, nil)
	walletHandler := func(name string) Method {
		return Method{Name: "getbalance", Category: "wallet", Handler: func(ctx context.Context, req *Request) (any, error) {
			if req.WalletName != name {
				return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
			}
			return Amount(5 * amount.COIN), nil
		}}
	}
	unA, err := ts.Register(walletHandler("a"))
	if err != nil {
		t.Fatal(err)
	}
	unB, _ := ts.Register(walletHandler("b"))
	for _, c := range []struct{ uri, body string }{
		{"/wallet/a", `{"result":5.00000000,"error":null,"id":1}`},
		{"/wallet/b", `{"result":5.00000000,"error":null,"id":1}`},
		{"/wallet/c", `{"result":null,"error":{"code":-18,"message":"Requested wallet does not exist or is not loaded"},"id":1}`},
	} {
		if r := ts.do(t, "POST", c.uri, ts.cookie, `{"method":"getbalance","id":1}`); r.body != c.body+"\n" {
			t.Errorf("%s: %s", c.uri, r.body)
		}
	}
	unA()
	unA()
	if r := ts.do(t, "POST", "/wallet/a", ts.cookie, `{"method":"getbalance","id":1}`); !strings.Contains(r.body, "-18") {
		t.Errorf("after unregister a: %s", r.body)
	}
	unB()
	if r := ts.do(t, "POST", "/wallet/b", ts.cookie, `{"method":"getbalance","id":1}`); r.status != 404 {
		t.Errorf("after unregister b: %d %s", r.status, r.body)
	}
	if _, err := ts.Register(Method{Name: "x"}); !errors.Is(err, ErrInvalidMethod) {
		t.Errorf("no handler: %v", err)
	}
}

func TestHandlerErrorsAndPanics(t *testing.T) {
	ts := startServer(t, nil)
	ts.Register(Method{Name: "plain", Handler: func(ctx context.Context, req *Request) (any, error) {
		return nil, errors.New("something failed")
	}})
	ts.Register(Method{Name: "wrapped", Handler: func(ctx context.Context, req *Request) (any, error) {
		return nil, fmt.Errorf("context: %w", rpcerr.NewError(rpcerr.RPC_WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first."))
	}})
	ts.Register(Method{Name: "boom", Handler: func(ctx context.Context, req *Request) (any, error) { panic("boom") }})
	for _, c := range []struct{ method, want string }{
		{"plain", `{"code":-1,"message":"something failed"}`},
		{"wrapped", `{"code":-13,"message":"Error: Please enter the wallet passphrase with walletpassphrase first."}`},
		{"boom", `{"code":-1,"message":"Internal bug detected: boom"}`},
	} {
		if r := ts.post(t, `{"jsonrpc":"2.0","method":"`+c.method+`","id":1}`); r.body != `{"jsonrpc":"2.0","error":`+c.want+`,"id":1}`+"\n" {
			t.Errorf("%s: %s", c.method, r.body)
		}
	}
}

func TestWhitelist(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Whitelist = []string{"__cookie__:getblockcount,echo"} })
	if r := ts.post(t, `{"method":"getblockcount","id":1}`); r.status != 200 {
		t.Errorf("allowed: %d", r.status)
	}
	if r := ts.post(t, `{"method":"uptime","id":1}`); r.status != 403 || r.body != "" {
		t.Errorf("not allowed: %d %q", r.status, r.body)
	}
	if r := ts.post(t, `[{"method":"echo","id":1},{"method":"uptime","id":2}]`); r.status != 403 {
		t.Errorf("batch not allowed: %d", r.status)
	}
}

func TestExecuteAndAdapter(t *testing.T) {
	ts := startServer(t, nil)
	got := string(ts.Execute(context.Background(), []byte(`{"method":"echo","params":["x"],"id":1}`), "/", "user"))
	if got != `{"result":["x"],"error":null,"id":1}` {
		t.Errorf("Execute: %s", got)
	}
	if got := string(ts.Execute(context.Background(), []byte(`{"jsonrpc":"2.0","method":"echo"}`), "/", "")); got != "null" {
		t.Errorf("notification: %s", got)
	}
	reply, err := RpcAdapter{ts.Server}.ExecuteRpc(context.Background(), `{"method":"nope","id":"a"}`, "/", "")
	if err != nil || reply != `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"a"}` {
		t.Errorf("adapter: %s %v", reply, err)
	}
}

func TestAllowIPAndBind(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"1.2.3.4", "1.2.3.4/32"}, {"1.2.3.4/24", "1.2.3.0/24"}, {"1.2.3.4/255.255.255.0", "1.2.3.0/24"},
		{"0.0.0.0/0", "0.0.0.0/0"}, {"::/0", "::/0"}, {"fe80::1/64", "fe80::/64"}, {"[::1]", "::1/128"},
	} {
		p, ok := ParseSubnet(c.in)
		if !ok || p.String() != c.want {
			t.Errorf("ParseSubnet(%q) = %v %v, want %s", c.in, p, ok, c.want)
		}
	}
	for _, bad := range []string{"", "1.2.3.4/33", "1.2.3.4/255.0.255.0", "host.example", "1.2.3.4/ff::", "1.2.3.4/+8"} {
		if _, ok := ParseSubnet(bad); ok {
			t.Errorf("ParseSubnet(%q) accepted", bad)
		}
	}
	if _, err := New(&Config{AllowIP: []string{"bad"}}); err == nil || !strings.HasPrefix(err.Error(), "Invalid -rpcallowip subnet specification: bad. Valid values are") {
		t.Errorf("bad allowip: %v", err)
	}
	l, _ := newAllowList([]string{"10.0.0.0/8"})
	for addr, want := range map[string]bool{"127.0.0.1:5": true, "127.9.9.9:5": true, "[::1]:5": true, "10.1.2.3:5": true, "[::ffff:10.1.2.3]:5": true, "11.0.0.1:5": false, "[::2]:5": false} {
		if l.allowed(addr) != want {
			t.Errorf("allowed(%s) != %v", addr, want)
		}
	}
	for _, c := range []struct {
		in   string
		host string
		port int
		ok   bool
	}{
		{"127.0.0.1", "127.0.0.1", 8332, true}, {"127.0.0.1:18443", "127.0.0.1", 18443, true},
		{"[::1]:1", "::1", 1, true}, {"::1", "::1", 8332, true}, {"127.0.0.1:notaport", "127.0.0.1:notaport", 8332, false},
		{"127.0.0.1:0", "127.0.0.1", 0, false}, {"127.0.0.1:65536", "127.0.0.1:65536", 8332, false}, {"127.0.0.1:-1", "127.0.0.1:-1", 8332, false},
	} {
		h, p, ok := SplitHostPort(c.in, 8332)
		if h != c.host || p != c.port || ok != c.ok {
			t.Errorf("SplitHostPort(%q) = %q %d %v", c.in, h, p, ok)
		}
	}
}

func TestDefaultBindIsLoopback(t *testing.T) {
	s, err := New(&Config{Bind: []string{"0.0.0.0"}, CookieFile: ""})
	if err != nil {
		t.Fatal(err)
	}
	defer s.closeListeners()
	for _, a := range s.Addrs() {
		if !strings.HasPrefix(a.String(), "127.0.0.1:") && !strings.HasPrefix(a.String(), "[::1]:") {
			t.Errorf("bound %s without -rpcallowip", a)
		}
	}
}
