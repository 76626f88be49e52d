package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// fakeOptions is an OptionReader over a map ("-name" → values; a value of
// nil marks -noname).
type fakeOptions struct {
	vals    map[string][]string
	negated map[string]bool
	datadir string
	port    int
}

func parseArgs(datadir string, port int, argv []string) *fakeOptions {
	o := &fakeOptions{vals: map[string][]string{}, negated: map[string]bool{}, datadir: datadir, port: port}
	for _, a := range argv {
		if !strings.HasPrefix(a, "-") {
			break
		}
		name, val, _ := strings.Cut(a, "=")
		if strings.HasPrefix(name, "-no") && !strings.Contains(a, "=") {
			o.negated["-"+name[3:]] = true
			o.vals["-"+name[3:]] = []string{"0"}
			continue
		}
		o.vals[name] = append(o.vals[name], val)
	}
	return o
}

func (o *fakeOptions) IsSet(n string) bool     { _, ok := o.vals[n]; return ok }
func (o *fakeOptions) IsNegated(n string) bool { return o.negated[n] }
func (o *fakeOptions) GetString(n, def string) string {
	if v, ok := o.vals[n]; ok {
		return v[len(v)-1]
	}
	return def
}
func (o *fakeOptions) GetInt(n string, def int64) int64 {
	if v, ok := o.vals[n]; ok {
		i, _ := strconv.ParseInt(v[len(v)-1], 10, 64)
		return i
	}
	return def
}
func (o *fakeOptions) GetBool(n string, def bool) bool {
	if v, ok := o.vals[n]; ok {
		s := v[len(v)-1]
		if s == "" {
			return true
		}
		i, _ := strconv.Atoi(s)
		return i != 0
	}
	return def
}
func (o *fakeOptions) NetDataDir() string     { return o.datadir }
func (o *fakeOptions) ConfigFilePath() string { return filepath.Join(o.datadir, "bitcoin.conf") }
func (o *fakeOptions) Chain() string          { return "regtest" }
func (o *fakeOptions) RPCPort() int           { return o.port }
func (o *fakeOptions) HelpMessage() string {
	return "Options:\n\n  -?\n       Print this help message and exit\n"
}

type node struct {
	srv     *rpc.Server
	datadir string
	port    int
	cancel  context.CancelFunc
	done    chan error
}

func startNode(t *testing.T, mod func(*rpc.Config)) *node {
	t.Helper()
	dir := t.TempDir()
	cfg := &rpc.Config{Bind: []string{"127.0.0.1"}, AllowIP: []string{"127.0.0.1"}, CookieFile: rpc.CookieFilePath(dir, "")}
	if mod != nil {
		mod(cfg)
	}
	srv, err := rpc.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	echo := func(name string) rpc.Method {
		args := make([]rpc.Arg, 10)
		for i := range args {
			args[i] = rpc.Arg{Name: fmt.Sprintf("arg%d", i), Type: rpc.ArgStr, Optional: true, SkipTypeCheck: true}
		}
		return rpc.Method{Name: name, Category: "hidden", Args: args, Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			return req.Params, nil
		}}
	}
	srv.Register(echo("echo"))
	srv.Register(echo("echojson"))
	srv.Register(rpc.Method{Name: "getblockcount", Category: "blockchain", Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return 200, nil }})
	srv.Register(rpc.Method{Name: "getbalance", Category: "wallet", Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
		if !req.WalletEndpoint {
			return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_SPECIFIED, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
		}
		if req.WalletName != "my=wallet" {
			return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded")
		}
		return rpc.Amount(1234), nil
	}})
	srv.Register(rpc.Method{Name: "getnothing", Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return nil, nil }})
	srv.Register(rpc.Method{Name: "getobject", Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
		return map[string]any{"amount": rpc.Amount(5000000000), "list": []int{}, "obj": map[string]int{}}, nil
	}})
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{srv: srv, datadir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { n.done <- srv.Run(ctx) }()
	_, p, _ := net.SplitHostPort(srv.Addrs()[0].String())
	n.port, _ = strconv.Atoi(p)
	t.Cleanup(func() {
		cancel()
		if err := <-n.done; err != nil {
			t.Error(err)
		}
	})
	return n
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, n *node, stdin string, argv ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Options: parseArgs(n.datadir, n.port, argv), Version: "v0.1.0",
	}
	code := Main(context.Background(), argv, env)
	return result{code, out.String(), errOut.String()}
}

func TestOutput(t *testing.T) {
	n := startNode(t, nil)
	cases := []struct {
		argv []string
		want result
	}{
		{[]string{"getblockcount"}, result{0, "200\n", ""}},
		{[]string{"echo", "hello world"}, result{0, "[\n  \"hello world\"\n]\n", ""}},
		{[]string{"getnothing"}, result{0, "", ""}},
		{[]string{"getobject"}, result{0, "{\n  \"amount\": 50.00000000,\n  \"list\": [\n  ],\n  \"obj\": {\n  }\n}\n", ""}},
		{[]string{"help", "getblockcount"}, result{0, "getblockcount\n\n", ""}},
		{[]string{"nosuchmethod"}, result{32601, "", "error code: -32601\nerror message:\nMethod not found\n"}},
		{[]string{"getblockcount", "1"}, result{1, "", "error code: -1\nerror message:\ngetblockcount\n\n"}},
		{[]string{"getbalance"}, result{19, "", "error code: -19\nerror message:\nMultiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path. Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command (run \"bitcoin-cli -h\" for help or \"bitcoin-cli listwallets\" to see which wallets are currently loaded).\n"}},
		{[]string{"-rpcwallet=my=wallet", "getbalance"}, result{0, "0.00001234\n", ""}},
		{[]string{"-rpcwallet=other", "getbalance"}, result{18, "", "error code: -18\nerror message:\nRequested wallet does not exist or is not loaded\n"}},
		{[]string{"-norpcwallet", "getbalance"}, result{19, "", ""}},
		{[]string{"echojson", "[1,2.50]", `{"a":1e3}`, "null", "true"}, result{0, "[\n  [\n    1,\n    2.50\n  ],\n  {\n    \"a\": 1e3\n  },\n  null,\n  true\n]\n", ""}},
		{[]string{"echojson", "foo"}, result{1, "", "error: Error parsing JSON: foo\n"}},
		{[]string{"echo", "[1]", "2"}, result{0, "[\n  \"[1]\",\n  \"2\"\n]\n", ""}},
		{[]string{"-getinfo", "x"}, result{1, "", "error: -getinfo takes no arguments\n"}},
		{[]string{"-getinfo", "-netinfo"}, result{1, "", "error: Only one of -getinfo, -netinfo may be specified.\n"}},
		{[]string{"-named"}, result{1, "", "error: too few parameters (need at least command)\n"}},
	}
	for _, c := range cases {
		got := runCLI(t, n, "", c.argv...)
		if c.argv[0] == "-norpcwallet" {
			got.stderr = ""
		}
		if got != c.want {
			t.Errorf("%q:\n got %+v\nwant %+v", c.argv, got, c.want)
		}
	}
}

func TestNamed(t *testing.T) {
	n := startNode(t, nil)
	cases := []struct {
		argv []string
		want string
	}{
		{[]string{"-named", "echo", "arg1=1", "arg3=3"}, "[\n  null,\n  \"1\",\n  null,\n  \"3\"\n]\n"},
		{[]string{"-named", "echo", "arg0=0", "arg1=1", "arg2=2", "arg1=3"}, "[\n  \"0\",\n  \"3\",\n  \"2\"\n]\n"},
		{[]string{"-named", "echo", "0", "1", "arg3=3", "arg5=5"}, "[\n  \"0\",\n  \"1\",\n  null,\n  \"3\",\n  null,\n  \"5\"\n]\n"},
		{[]string{"-named", "echo", "key=value"}, ""},
		{[]string{"-named", "echojson", "arg0=[1,2]", "arg1={\"k\":0.10}"}, "[\n  [\n    1,\n    2\n  ],\n  {\n    \"k\": 0.10\n  }\n]\n"},
		{[]string{"-named", "echojson", "[\"list\",\"with\",\"=\"]"}, "[\n  [\n    \"list\",\n    \"with\",\n    \"=\"\n  ]\n]\n"},
	}
	for _, c := range cases {
		got := runCLI(t, n, "", c.argv...)
		if c.want == "" {
			if got.code != 8 || got.stderr != "error code: -8\nerror message:\nUnknown named parameter key\n" {
				t.Errorf("%q: %+v", c.argv, got)
			}
			continue
		}
		if got.code != 0 || got.stdout != c.want {
			t.Errorf("%q:\n got %+v\nwant %q", c.argv, got, c.want)
		}
	}
	got := runCLI(t, n, "", "-named", "echo", "0", "1", "arg1=1")
	if got.stderr != "error code: -8\nerror message:\nParameter arg1 specified twice both as positional and named argument\n" {
		t.Errorf("positional+named: %+v", got)
	}
	got = runCLI(t, n, "", "-named", "echo", "args=[0,1,2,3]", "4", "5", "6")
	if got.stderr != "error code: -8\nerror message:\nParameter args specified multiple times\n" {
		t.Errorf("args twice: %+v", got)
	}
}

func TestConvertTable(t *testing.T) {
	params, err := convertValues("getblockstats", []string{"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09", `["minfee"]`})
	if err != nil || params.Write(0) != `["00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09",["minfee"]]` {
		t.Errorf("JSON_OR_STRING fallback: %s %v", params.Write(0), err)
	}
	params, _ = convertValues("getblockstats", []string{"1000"})
	if params.Write(0) != `[1000]` {
		t.Errorf("JSON_OR_STRING number: %s", params.Write(0))
	}
	params, _ = convertNamedValues("createwallet", []string{"my=wallet", "descriptors=true"})
	if params.Write(0) != `{"descriptors":true,"args":["my=wallet"]}` {
		t.Errorf("STRING positional with '=': %s", params.Write(0))
	}
	params, _ = convertNamedValues("sendtoaddress", []string{"address=bc1q", "amount=0.1", "amount=0.2"})
	if params.Write(0) != `{"address":"bc1q","amount":0.2}` {
		t.Errorf("named override: %s", params.Write(0))
	}
	if _, err := convertValues("getblockhash", []string{"x"}); err == nil || err.Error() != "Error parsing JSON: x" {
		t.Errorf("bad JSON: %v", err)
	}
	for _, p := range convertParams {
		if p.method == "" || p.name == "" || p.index < 0 {
			t.Errorf("bad table entry %+v", p)
		}
	}
	if len(convertParams) < 300 || fromName("sendmany", "amounts") == nil || fromPosition("walletpassphrase", 1) == nil {
		t.Errorf("table incomplete: %d entries", len(convertParams))
	}
}

func TestStdin(t *testing.T) {
	n := startNode(t, func(c *rpc.Config) { c.User, c.Password, c.CookieFile = "alice", "secret", "" })
	if got := runCLI(t, n, "secret\n", "-rpcuser=alice", "-stdinrpcpass", "getblockcount"); got.stdout != "200\n" {
		t.Errorf("-stdinrpcpass: %+v", got)
	}
	if got := runCLI(t, n, "secret\nfoo\nbar", "-rpcuser=alice", "-stdin", "-stdinrpcpass", "echo"); got.stdout != "[\n  \"foo\",\n  \"bar\"\n]\n" {
		t.Errorf("-stdin: %+v", got)
	}
	got := runCLI(t, n, "wrong", "-rpcuser=alice", "-stdinrpcpass", "echo")
	if got.code != 1 || got.stderr != "error: Authorization failed: Incorrect rpcuser or rpcpassword were specified. Configuration file: ("+filepath.Join(n.datadir, "bitcoin.conf")+")\n" {
		t.Errorf("wrong password: %+v", got)
	}
	if got := runCLI(t, n, "", "-rpcuser=alice", "-stdinrpcpass", "echo"); got.stderr != "error: -stdinrpcpass specified but failed to read from standard input\n" {
		t.Errorf("empty stdin: %+v", got)
	}
	if got := runCLI(t, n, "pw\n", "-rpcuser=alice", "-rpcpassword=secret", "-stdinwalletpassphrase", "walletpassphrase", "60"); got.stdout != "" && got.code != 32601 {
		t.Errorf("-stdinwalletpassphrase: %+v", got)
	}
	if got := runCLI(t, n, "", "-stdinwalletpassphrase", "echo"); got.stderr != "error: -stdinwalletpassphrase is only applicable for walletpassphrase(change)\n" {
		t.Errorf("-stdinwalletpassphrase misuse: %+v", got)
	}
}

func TestCookieErrors(t *testing.T) {
	n := startNode(t, nil)
	conf := " Configuration file: (" + filepath.Join(n.datadir, "bitcoin.conf") + ")\n"
	for _, c := range []struct {
		argv []string
		want string
	}{
		{[]string{"-rpccookiefile=does-not-exist", "-rpcpassword=", "echo"}, "error: Authorization failed: Failed to read cookie file and no rpcpassword was specified." + conf},
		{[]string{"-norpccookiefile", "echo"}, "error: Authorization failed: Cookie file was disabled via -norpccookiefile and no rpcpassword was specified." + conf},
	} {
		if got := runCLI(t, n, "", c.argv...); got.code != 1 || got.stderr != c.want {
			t.Errorf("%q: %+v", c.argv, got)
		}
	}
	os.WriteFile(filepath.Join(n.datadir, "other"), []byte("__cookie__:00\n"), 0o600)
	if got := runCLI(t, n, "", "-rpccookiefile=other", "echo"); got.stderr != "error: Authorization failed: Cookie file credentials were invalid and no rpcpassword was specified."+conf {
		t.Errorf("bad cookie: %+v", got)
	}
}

func TestConnectionErrors(t *testing.T) {
	n := startNode(t, nil)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	want := fmt.Sprintf("error: Error while attempting to communicate with server 127.0.0.1:%d (Could not connect to the server)\n\n"+
		"Make sure the bitcoind server is running and that you are connecting to the correct RPC port.\n"+
		"Use \"bitcoin-cli -help\" for more info.\n", dead)
	if got := runCLI(t, n, "", fmt.Sprintf("-rpcport=%d", dead), "echo"); got.code != 1 || got.stderr != want {
		t.Errorf("unreachable:\n got %+v\nwant %q", got, want)
	}
	start := time.Now()
	got := runCLI(t, n, "", fmt.Sprintf("-rpcport=%d", dead), "-rpcwait", "-rpcwaittimeout=1", "echo")
	if got.code != 1 || !strings.HasPrefix(got.stderr, "error: timeout on transient error: Error while attempting to communicate with server") || time.Since(start) < time.Second {
		t.Errorf("-rpcwait: %+v after %v", got, time.Since(start))
	}
	for _, c := range []struct{ arg, want string }{
		{"-rpcconnect=127.0.0.1:notaport", "error: Invalid port provided in -rpcconnect: 127.0.0.1:notaport\n"},
		{"-rpcconnect=127.0.0.1:0", "error: Invalid port provided in -rpcconnect: 127.0.0.1:0\n"},
		{"-rpcport=65536", "error: Invalid port provided in -rpcport: 65536\n"},
		{"-rpcport=-1", "error: Invalid port provided in -rpcport: -1\n"},
	} {
		if got := runCLI(t, n, "", c.arg, "echo"); got.stderr != c.want {
			t.Errorf("%s: %+v", c.arg, got)
		}
	}
	got = runCLI(t, n, "", fmt.Sprintf("-rpcconnect=127.0.0.1:%d", dead), fmt.Sprintf("-rpcport=%d", n.port), "getblockcount")
	if got.stdout != "200\n" || got.stderr != fmt.Sprintf("Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport %d\n", n.port) {
		t.Errorf("both ports: %+v", got)
	}
	if got := runCLI(t, n, "", fmt.Sprintf("-rpcconnect=127.0.0.1:%d", n.port), "-rpcport=0", "getblockcount"); got.stderr != "error: Invalid port provided in -rpcport: 0\n" {
		t.Errorf("rpcport 0: %+v", got)
	}
}

func TestRPCWaitWarmup(t *testing.T) {
	n := startNode(t, func(c *rpc.Config) { c.WarmupStatus = "Loading" })
	go func() {
		time.Sleep(1500 * time.Millisecond)
		n.srv.SetWarmupFinished()
	}()
	if got := runCLI(t, n, "", "-rpcwait", "getblockcount"); got.stdout != "200\n" {
		t.Errorf("-rpcwait through warmup: %+v", got)
	}
	n.srv.SetWarmup("Shutting down")
	if got := runCLI(t, n, "", "getblockcount"); got.code != 28 || got.stderr != "error code: -28\nerror message:\nShutting down\n" {
		t.Errorf("warmup without -rpcwait: %+v", got)
	}
}

func TestGetinfo(t *testing.T) {
	n := startNode(t, nil)
	if got := runCLI(t, n, "", "-getinfo"); got.code != 32601 || got.stderr != "error code: -32601\nerror message:\nMethod not found\n" {
		t.Errorf("-getinfo without getnetworkinfo: %+v", got)
	}
	raw := func(s string) rpc.Handler {
		return func(ctx context.Context, req *rpc.Request) (any, error) { return rawJSON(s), nil }
	}
	n.srv.Register(rpc.Method{Name: "getnetworkinfo", Handler: raw(`{"version":310000,"timeoffset":0,"connections":3,"connections_in":1,"connections_out":2,"networks":[{"name":"ipv4","proxy":"127.0.0.1:9050"},{"name":"ipv6","proxy":"127.0.0.1:9050"},{"name":"i2p","proxy":""}],"relayfee":0.00001000,"warnings":""}`)})
	n.srv.Register(rpc.Method{Name: "getblockchaininfo", Handler: raw(`{"chain":"regtest","blocks":200,"headers":200,"verificationprogress":0.5,"difficulty":4.656542373906925e-10}`)})
	got := runCLI(t, n, "", "-getinfo", "-color=never")
	want := "Chain: regtest\nBlocks: 200\nHeaders: 200\nVerification progress: ▒▒▒▒▒▒▒▒▒▒░░░░░░░░░░ 50.0000%\nDifficulty: 4.656542373906925e-10\n\n" +
		"Network: in 1, out 2, total 3\nVersion: 310000\nTime offset (s): 0\nProxies: 127.0.0.1:9050 (ipv4, ipv6)\nMin tx relay fee rate (BTC/kvB): 0.00001000\n\nWarnings: (none)\n"
	if got.code != 0 || got.stdout != want {
		t.Errorf("-getinfo:\n got %+v\nwant %q", got, want)
	}
	n.srv.Register(rpc.Method{Name: "getwalletinfo", Handler: raw(`{"walletname":"","keypoolsize":1000}`)})
	n.srv.Register(rpc.Method{Name: "getbalances", Handler: raw(`{"mine":{"trusted":1.50000000}}`)})
	n.srv.Register(rpc.Method{Name: "listwallets", Handler: raw(`[""]`)})
	got = runCLI(t, n, "", "-getinfo", "-color=always")
	if !strings.Contains(got.stdout, "\x1b[35mWallet: \"\"\x1b[0m\nKeypool size: 1000\n\x1b[36mBalance:\x1b[0m 1.50000000\n\n") {
		t.Errorf("-getinfo wallet: %q", got.stdout)
	}
	if got := runCLI(t, n, "", "-getinfo", "-color=foo"); got.stderr != "error: Invalid value for -color option. Valid values: always, auto, never.\n" {
		t.Errorf("bad color: %+v", got)
	}
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestGenerate(t *testing.T) {
	n := startNode(t, nil)
	n.srv.Register(rpc.Method{Name: "getnewaddress", Handler: func(ctx context.Context, req *rpc.Request) (any, error) { return "bcrt1qaddr", nil }})
	n.srv.Register(rpc.Method{Name: "generatetoaddress", Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
		return req.Params, nil
	}, NoArgCheck: true})
	if got := runCLI(t, n, "", "-generate", "2", "10"); got.stdout != "{\n  \"address\": \"bcrt1qaddr\",\n  \"blocks\": [\n    2,\n    \"bcrt1qaddr\",\n    10\n  ]\n}\n" {
		t.Errorf("-generate: %+v", got)
	}
	if got := runCLI(t, n, "", "-generate", "0"); got.stderr != "error: the first argument (number of blocks to generate, default: 1) must be an integer value greater than zero\n" {
		t.Errorf("-generate 0: %+v", got)
	}
	if got := runCLI(t, n, "", "-generate", "foo"); got.stderr != "error: Error parsing JSON: foo\n" {
		t.Errorf("-generate foo: %+v", got)
	}
}

func TestHelpAndVersion(t *testing.T) {
	n := startNode(t, nil)
	got := runCLI(t, n, "", "-version")
	if got.code != 0 || got.stdout != "Bitcoin Core RPC client version v0.1.0\n" {
		t.Errorf("-version: %+v", got)
	}
	got = runCLI(t, n, "", "-help")
	if got.code != 0 || !strings.HasPrefix(got.stdout, "Bitcoin Core RPC client version v0.1.0\n\nThe bitcoin-cli utility") || !strings.HasSuffix(got.stdout, "Print this help message and exit\n") {
		t.Errorf("-help: %+v", got)
	}
	got = runCLI(t, n, "")
	if got.code != 1 || got.stderr != "Error: too few parameters\n" {
		t.Errorf("no args: %+v", got)
	}
}

// ipcRpc is an in-process interfaces.Rpc over a server's Execute.
type ipcRpc struct {
	srv   *rpc.Server
	calls *atomic.Int32
}

func (r ipcRpc) ExecuteRpc(ctx context.Context, request, uri, user string) (string, error) {
	r.calls.Add(1)
	return string(r.srv.Execute(ctx, []byte(request), uri, user)), nil
}

// ipcInit is a node's Init over IPC: MakeRpc answers rpc, or refuses with
// the server error err.
type ipcInit struct {
	rpc interfaces.Rpc
	err error
}

func (i ipcInit) MakeRpc(context.Context) (interfaces.Rpc, error) { return i.rpc, i.err }
func (i ipcInit) MakeEcho(context.Context) (interfaces.Echo, error) {
	return nil, errors.New("no Echo here")
}
func (i ipcInit) MakeWalletLoader(context.Context, interfaces.Chain) (interfaces.WalletLoader, error) {
	return nil, errors.New("no wallets here")
}
func (i ipcInit) MakeChain(context.Context) (interfaces.Chain, error) {
	return nil, errors.New("no Chain here")
}

func TestIPC(t *testing.T) {
	n := startNode(t, nil)
	var calls atomic.Int32
	connect := func(ctx context.Context, address string) (interfaces.Init, func(), error) {
		switch address {
		case "unix", "auto":
			return ipcInit{rpc: ipcRpc{n.srv, &calls}}, func() {}, nil
		case "unix:/missing":
			return nil, nil, &net.OpError{Op: "dial", Net: "unix", Err: syscall.ECONNREFUSED}
		}
		return nil, nil, errors.New("unexpected address " + address)
	}
	run := func(connect func(context.Context, string) (interfaces.Init, func(), error), argv ...string) result {
		var out, errOut bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errOut, Options: parseArgs(n.datadir, n.port, argv), ConnectIPC: connect}
		code := Main(context.Background(), argv, env)
		return result{code, out.String(), errOut.String()}
	}
	// A wrong password only fails over HTTP; IPC needs none.
	if got := run(connect, "-rpcpassword=wrong", "-ipcconnect=unix", "echo", "foo"); got != (result{0, "[\n  \"foo\"\n]\n", ""}) || calls.Load() != 1 {
		t.Errorf("ipc: %+v calls=%d", got, calls.Load())
	}
	if got := run(connect, "-rpcpassword=wrong", "-rpcwallet=w x", "nosuch"); got.stderr != "error code: -32601\nerror message:\nMethod not found\n" || calls.Load() != 2 {
		t.Errorf("ipc auto: %+v", got)
	}
	if got := run(connect, "-ipcconnect=unix", "-rpcconnect=127.0.0.1", "echo"); got.stderr != "error: -rpcconnect and -ipcconnect options cannot both be enabled\n" {
		t.Errorf("conflict: %+v", got)
	}
	if got := run(connect, "-ipcconnect=unix:/missing", "echo"); got.code != 1 || got.stderr != "error: dial unix: connection refused\n\nProbably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n    bitcoin-node -chain=regtest -ipcbind=unix\n" {
		t.Errorf("refused: %+v", got)
	}
	// Connected, but the server refuses: its error as it is, no hint that
	// the node is not running (and no retry with -rpcwait).
	refusing := func(ctx context.Context, address string) (interfaces.Init, func(), error) {
		return ipcInit{err: errors.New("std::exception: no thread specified and no pool configured")}, func() {}, nil
	}
	for _, argv := range [][]string{{"-ipcconnect=unix", "echo"}, {"-ipcconnect=unix", "-rpcwait", "echo"}, {"echo"}} {
		if got := run(refusing, argv...); got != (result{1, "", "error: std::exception: no thread specified and no pool configured\n"}) {
			t.Errorf("server error, %v: %+v", argv, got)
		}
	}
	refusedAuto := func(ctx context.Context, address string) (interfaces.Init, func(), error) {
		return nil, nil, &net.OpError{Op: "dial", Net: "unix", Err: syscall.ECONNREFUSED}
	}
	if got := run(refusedAuto, "getblockcount"); got.stdout != "200\n" {
		t.Errorf("auto falls back to HTTP: %+v", got)
	}
	if got := run(nil, "-ipcconnect=unix", "getblockcount"); got.stderr != "error: bitcoin-cli was not built with IPC support\n" {
		t.Errorf("no IPC: %+v", got)
	}
	if got := run(connect, "-noipcconnect", "-rpcpassword=wrong", "getblockcount"); !strings.Contains(got.stderr, "Incorrect rpcuser or rpcpassword were specified.") {
		t.Errorf("-noipcconnect: %+v", got)
	}
}

// TestRPCWaitWaitsForTheCookie: a node that listens before its cookie is
// written answers 401; with -rpcwait bitcoin-cli retries until the cookie
// is there, without it fails at once.
func TestRPCWaitWaitsForTheCookie(t *testing.T) {
	n := startNode(t, nil)
	cookie := rpc.CookieFilePath(n.datadir, "")
	if err := os.Rename(cookie, cookie+".later"); err != nil {
		t.Fatal(err)
	}
	if got := runCLI(t, n, "", "getblockcount"); got.code != 1 || !strings.Contains(got.stderr, "Failed to read cookie file") {
		t.Fatalf("without -rpcwait: %+v", got)
	}
	go func() {
		time.Sleep(1500 * time.Millisecond)
		os.Rename(cookie+".later", cookie)
	}()
	start := time.Now()
	if got := runCLI(t, n, "", "-rpcwait", "-rpcwaittimeout=10", "getblockcount"); got.code != 0 || got.stdout != "200\n" || time.Since(start) < time.Second {
		t.Fatalf("-rpcwait with the cookie appearing after 1.5s: %+v after %v", got, time.Since(start))
	}
}
