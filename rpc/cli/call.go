package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

const (
	defaultRPCConnect    = "127.0.0.1"
	defaultClientTimeout = 900 // seconds, -rpcclienttimeout
)

// connFailed is Core's CConnectionFailed: the errors -rpcwait retries.
type connFailed struct{ msg string }

func (e *connFailed) Error() string { return e.msg }

// connectAndCall is Core's ConnectAndCallRPC: one call over IPC or HTTP,
// retried every second while -rpcwait is set and the server cannot be
// reached or is warming up.
func (c *client) connectAndCall(h requestHandler, method string, args []string, wallet *string) (univalue.Value, error) {
	o := c.env.Options
	wait := o.GetBool("-rpcwait", false)
	timeout := o.GetInt("-rpcwaittimeout", 0)
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	endpoint := "/"
	if wallet != nil {
		endpoint = "/wallet/" + rpc.URLEncode(*wallet)
	}
	user := o.GetString("-rpcuser", "")
	for {
		reply, err := c.callOnce(h, method, args, endpoint, user)
		if err == nil && wait {
			if e := reply.Get("error"); !e.IsNull() {
				if code, cerr := getInt(e.Get("code")); cerr != nil {
					return univalue.Value{}, cerr
				} else if code == rpcerr.RPC_IN_WARMUP {
					err = &connFailed{"server in warmup"}
				}
			}
		}
		var cf *connFailed
		if err == nil || !errors.As(err, &cf) {
			return reply, err
		}
		switch {
		case wait && (timeout <= 0 || time.Now().Before(deadline)):
			t := time.NewTimer(time.Second)
			select {
			case <-t.C:
			case <-c.ctx.Done():
				t.Stop()
				return univalue.Value{}, c.ctx.Err()
			}
		case wait:
			return univalue.Value{}, &connFailed{"timeout on transient error: " + cf.msg}
		default:
			return univalue.Value{}, err
		}
	}
}

func (c *client) callOnce(h requestHandler, method string, args []string, endpoint, user string) (univalue.Value, error) {
	reply, used, err := c.callIPC(h, method, args, endpoint, user)
	if used || err != nil {
		return reply, err
	}
	return c.callRPC(h, method, args, endpoint, user)
}

// callIPC is Core's CallIPC; used is false when HTTP should be used.
func (c *client) callIPC(h requestHandler, method string, args []string, endpoint, user string) (univalue.Value, bool, error) {
	o := c.env.Options
	address := o.GetString("-ipcconnect", "auto")
	if o.IsNegated("-ipcconnect") || address == "0" {
		return univalue.Value{}, false, nil
	}
	if o.IsSet("-rpcconnect") && !o.IsNegated("-rpcconnect") {
		if address == "auto" {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, errors.New("-rpcconnect and -ipcconnect options cannot both be enabled")
	}
	if c.env.ConnectIPC == nil {
		if address == "auto" {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, errors.New("bitcoin-cli was not built with IPC support")
	}
	init, release, err := c.env.ConnectIPC(c.ctx, address)
	if err != nil {
		if address == "auto" && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT)) {
			return univalue.Value{}, false, nil
		}
		if strings.HasPrefix(address, "tcp:") {
			// Over TCP the error says what went wrong: the credentials,
			// the handshake or the network.
			return univalue.Value{}, false, &connFailed{err.Error()}
		}
		return univalue.Value{}, false, &connFailed{fmt.Sprintf("%v\n\n"+
			"Probably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n"+
			"    bitcoin-node -chain=%s -ipcbind=unix", err, o.Chain())}
	}
	if init == nil {
		return univalue.Value{}, false, nil
	}
	if release != nil {
		defer release()
	}
	// Connected: from here on an error is the server's answer, printed as
	// it is, without the hint above.
	node, err := init.MakeRpc(c.ctx)
	if err != nil {
		return univalue.Value{}, true, err
	}
	req, err := h.prepare(method, args)
	if err != nil {
		return univalue.Value{}, true, err
	}
	out, err := node.ExecuteRpc(c.ctx, req.Write(0), endpoint, user)
	if err != nil {
		return univalue.Value{}, true, err
	}
	reply, err := univalue.Parse([]byte(out))
	if err != nil {
		return univalue.Value{}, true, errors.New("couldn't parse reply from server")
	}
	res, err := h.process(reply)
	return res, true, err
}

// cookieResult is Core's AuthCookieResult.
type cookieResult int

const (
	cookieNone cookieResult = iota // a password was given
	cookieOK
	cookieError
	cookieDisabled
)

// readCookie is Core's GetAuthCookie: the first line of the cookie file.
func (c *client) readCookie() (string, cookieResult) {
	o := c.env.Options
	if o.IsNegated("-rpccookiefile") {
		return "", cookieDisabled
	}
	f, err := os.Open(rpc.CookieFilePath(o.NetDataDir(), o.GetString("-rpccookiefile", "")))
	if err != nil {
		return "", cookieError
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	return line, cookieOK
}

// parsePort is Core's ToIntegral<uint16_t>: digits only.
func parsePort(s string) (int, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 16)
	return int(n), err == nil
}

// callRPC is Core's CallRPC: one HTTP POST.
func (c *client) callRPC(h requestHandler, method string, args []string, endpoint, user string) (univalue.Value, error) {
	o := c.env.Options
	port := o.RPCPort()
	connect := o.GetString("-rpcconnect", defaultRPCConnect)
	host, connectPort, ok := rpc.SplitHostPort(connect, 0)
	if !ok {
		return univalue.Value{}, fmt.Errorf("Invalid port provided in -rpcconnect: %s", connect)
	}
	if connectPort != 0 {
		port = connectPort
	}
	if o.IsSet("-rpcport") {
		arg := o.GetString("-rpcport", "")
		n, ok := parsePort(arg)
		if !ok || n == 0 {
			return univalue.Value{}, fmt.Errorf("Invalid port provided in -rpcport: %s", arg)
		}
		port = n
		if connectPort != 0 {
			fmt.Fprintf(c.env.Stderr, "Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport %d\n", port)
		}
	}
	timeout := time.Duration(o.GetInt("-rpcclienttimeout", defaultClientTimeout)) * time.Second
	if timeout <= 0 {
		timeout = 0 // no timeout
	}

	var credentials string
	cookie := cookieNone
	if pass := o.GetString("-rpcpassword", ""); pass == "" {
		credentials, cookie = c.readCookie()
	} else {
		credentials = user + ":" + pass
	}
	req, err := h.prepare(method, args)
	if err != nil {
		return univalue.Value{}, err
	}
	body := req.Write(0) + "\n"

	status, respBody, err := post(c.ctx, net.JoinHostPort(host, strconv.Itoa(port)), endpoint, credentials, body, timeout)
	if err != nil {
		return univalue.Value{}, &connFailed{fmt.Sprintf("Error while attempting to communicate with server %s:%d (%s)\n\n"+
			"Make sure the bitcoind server is running and that you are connecting to the correct RPC port.\n"+
			"Use \"bitcoin-cli -help\" for more info.", host, port, err)}
	}
	switch {
	case status == http.StatusUnauthorized:
		msg := "Authorization failed: "
		switch cookie {
		case cookieError:
			msg += "Failed to read cookie file and no rpcpassword was specified."
		case cookieDisabled:
			msg += "Cookie file was disabled via -norpccookiefile and no rpcpassword was specified."
		case cookieOK:
			msg += "Cookie file credentials were invalid and no rpcpassword was specified."
		default:
			msg += "Incorrect rpcuser or rpcpassword were specified."
		}
		err := fmt.Errorf("%s Configuration file: (%s)", msg, o.ConfigFilePath())
		if cookie == cookieError && o.GetBool("-rpcwait", false) {
			// A node just starting may be listening before it has written
			// its cookie: -rpcwait waits for that too (Core does not).
			return univalue.Value{}, &connFailed{err.Error()}
		}
		return univalue.Value{}, err
	case status == http.StatusServiceUnavailable:
		return univalue.Value{}, fmt.Errorf("Server response: %s", respBody)
	case status >= 400 && status != http.StatusBadRequest && status != http.StatusNotFound && status != http.StatusInternalServerError:
		return univalue.Value{}, fmt.Errorf("server returned HTTP error %d", status)
	case len(respBody) == 0:
		return univalue.Value{}, errors.New("no response from server")
	}
	reply, err := univalue.Parse(respBody)
	if err != nil {
		return univalue.Value{}, errors.New("couldn't parse reply from server")
	}
	res, err := h.process(reply)
	if err != nil {
		return univalue.Value{}, err
	}
	if res.Len() == 0 && (res.Kind == univalue.Object || res.Kind == univalue.Array) {
		return univalue.Value{}, errors.New("expected reply to have result, error and id properties")
	}
	return res, nil
}

// post sends one HTTP request and reads the whole reply; the error text is
// what Core puts in parentheses after the server address.
func post(ctx context.Context, hostport, endpoint, credentials, body string, timeout time.Duration) (int, []byte, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+hostport+endpoint, bytes.NewBufferString(body))
	if err != nil {
		return 0, nil, err
	}
	req.Host = hostport
	req.Close = true
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(credentials)))
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true, Proxy: nil}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, nil, connError(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, connError(err)
	}
	return resp.StatusCode, b, nil
}

// connError maps a transport error to Core's words.
func connError(err error) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("Could not resolve host: %s", dnsErr.Name)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		if opErr.Timeout() {
			return errors.New("timeout")
		}
		return errors.New("Could not connect to the server")
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return errors.New("timeout")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("EOF")
	}
	return err
}
