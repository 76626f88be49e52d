package rpc

import (
	"fmt"
	"net/http"
	"testing"
)

// TestHandlePrefix: a registered prefix gets its requests (the URI after
// the prefix, the body) without authentication; the first matching prefix
// wins; other paths stay 404; unregistering removes the handler.
func TestHandlePrefix(t *testing.T) {
	ts := startServer(t, nil)
	handler := func(name string) PathHandler {
		return func(w http.ResponseWriter, r *http.Request, body []byte, path string) {
			fmt.Fprintf(w, "%s %s %s %q", name, r.Method, path, body)
		}
	}
	ts.HandlePrefix("/rest/block/notxdetails/", handler("notx"))
	undo := ts.HandlePrefix("/rest/block/", handler("block"))
	if r := ts.do(t, "GET", "/rest/block/abc.json?x=1", "", ""); r.status != 200 || r.body != `block GET abc.json?x=1 ""` {
		t.Fatalf("block: %d %q", r.status, r.body)
	}
	if r := ts.do(t, "POST", "/rest/block/notxdetails/h.bin", "", "data"); r.status != 200 || r.body != `notx POST h.bin "data"` {
		t.Fatalf("notxdetails: %d %q", r.status, r.body)
	}
	if r := ts.do(t, "GET", "/rest/other", "", ""); r.status != http.StatusNotFound || r.body != "" {
		t.Fatalf("unknown path: %d %q", r.status, r.body)
	}
	if r := ts.do(t, "DELETE", "/rest/block/x", "", ""); r.status != http.StatusMethodNotAllowed {
		t.Fatalf("unknown method: %d", r.status)
	}
	// JSON-RPC still needs credentials.
	if r := ts.do(t, "POST", "/", "", `{"method":"echo"}`); r.status != http.StatusUnauthorized {
		t.Fatalf("JSON-RPC without credentials: %d", r.status)
	}
	undo()
	if r := ts.do(t, "GET", "/rest/block/abc.json", "", ""); r.status != http.StatusNotFound {
		t.Fatalf("after unregistering: %d %q", r.status, r.body)
	}
}
