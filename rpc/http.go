package rpc

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// wwwAuthenticate is presented with 401 replies, as Core's.
const wwwAuthenticate = `Basic realm="jsonrpc"`

// ServeHTTP handles one HTTP request with Core's order of checks: the
// -rpcallowip filter (403), known HTTP methods (405), the path ("/" or
// "/wallet/…" for JSON-RPC, a prefix registered with HandlePrefix, else
// 404), the work queue (503), then the handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handlers.add()
	defer s.handlers.done()
	if !s.allow.allowed(r.RemoteAddr) {
		s.httpLog.Debug(fmt.Sprintf("HTTP request from %s rejected: Client network is not allowed RPC access", r.RemoteAddr))
		w.WriteHeader(http.StatusForbidden)
		return
	}
	if r.ContentLength > MaxBodySize {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		} else {
			w.WriteHeader(http.StatusBadRequest)
		}
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodHead, http.MethodPut:
	default:
		s.httpLog.Debug(fmt.Sprintf("HTTP request from %s rejected: Unknown HTTP request method", r.RemoteAddr))
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	uri := r.RequestURI
	var handler func()
	if uri == "/" || (!s.cfg.NoWalletEndpoint && strings.HasPrefix(uri, "/wallet/")) {
		handler = func() { s.handleJSONRPC(w, r, body) }
	} else if h, path, ok := s.paths.lookup(uri); ok {
		handler = func() { h(w, r, body, path) }
	} else {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	select {
	case s.queued <- struct{}{}:
	default:
		s.httpLog.Warn("Request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting")
		writeText(w, http.StatusServiceUnavailable, "Work queue depth exceeded")
		return
	}
	select {
	case s.slots <- struct{}{}:
		<-s.queued
	case <-r.Context().Done():
		<-s.queued
		writeText(w, http.StatusServiceUnavailable, "Request rejected during server shutdown")
		return
	}
	defer func() { <-s.slots }()
	handler()
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.WriteHeader(status)
	io.WriteString(w, text)
}

// handleJSONRPC is Core's HTTPReq_JSONRPC.
func (s *Server) handleJSONRPC(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Method != http.MethodPost {
		writeText(w, http.StatusMethodNotAllowed, "JSONRPC server handles only POST requests")
		return
	}
	authHeader := r.Header.Values("Authorization")
	if len(authHeader) == 0 {
		w.Header().Set("WWW-Authenticate", wwwAuthenticate)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	user, ok := s.auth.check(authHeader[0])
	if !ok {
		s.rpcLog.Warn(fmt.Sprintf("ThreadRPCServer incorrect password attempt from %s", r.RemoteAddr))
		// Deter brute-forcing, as Core.
		t := time.NewTimer(authFailDelay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
		w.Header().Set("WWW-Authenticate", wwwAuthenticate)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	reply, hasReply, status := s.handleBody(r.Context(), body, newJreq(r.RequestURI, user, r.RemoteAddr))
	if !hasReply {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, reply.Write(0)+"\n")
}
