package nodetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Call makes a JSON-RPC call over HTTP with the node's cookie (wallet "" for
// the node's endpoint) and returns the result, or the RPC error.
func (n *Node) Call(wallet, method string, params ...any) (json.RawMessage, error) {
	// The cookie changes with every start: read it each time.
	cookie, err := os.ReadFile(filepath.Join(n.Datadir, "regtest", ".cookie"))
	if err != nil {
		return nil, err
	}
	auth := strings.TrimSpace(string(cookie))
	if params == nil {
		params = []any{}
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 1, "method": method, "params": params})
	url := fmt.Sprintf("http://127.0.0.1:%d/", n.Port)
	if wallet != "" {
		url += "wallet/" + wallet
	}
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	user, pass, _ := strings.Cut(auth, ":")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var reply struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &reply); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d: %s", method, resp.StatusCode, b)
	}
	if reply.Error != nil {
		return nil, fmt.Errorf("%s: error %d: %s", method, reply.Error.Code, reply.Error.Message)
	}
	return reply.Result, nil
}

// MustCall is Call that fails the test on an error.
func (n *Node) MustCall(wallet, method string, params ...any) json.RawMessage {
	n.t.Helper()
	res, err := n.Call(wallet, method, params...)
	if err != nil {
		n.t.Fatal(err)
	}
	return res
}
