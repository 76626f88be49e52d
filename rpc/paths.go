package rpc

import (
	"net/http"
	"strings"
	"sync"
)

// PathHandler serves an HTTP request beside JSON-RPC (REST): body is the
// request body already read, path the request URI after the handler's
// prefix, query string included (Core's HTTPRequestHandler gets the same).
type PathHandler func(w http.ResponseWriter, r *http.Request, body []byte, path string)

// pathHandlers are the prefixes registered with HandlePrefix, tried in
// registration order as Core's pathHandlers.
type pathHandlers struct {
	mu     sync.RWMutex
	list   []pathHandler
	nextID uint64
}

type pathHandler struct {
	prefix string
	h      PathHandler
	id     uint64
}

func (p *pathHandlers) lookup(uri string) (PathHandler, string, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, e := range p.list {
		if rest, ok := strings.CutPrefix(uri, e.prefix); ok {
			return e.h, rest, true
		}
	}
	return nil, "", false
}

// HandlePrefix serves every request whose URI starts with prefix through h
// (Core's RegisterHTTPHandler with exactMatch false). Such requests pass
// the -rpcallowip filter, the method check and the work queue as JSON-RPC
// calls do, but no authentication: REST is public, as Core's. The returned
// function removes the handler.
func (s *Server) HandlePrefix(prefix string, h PathHandler) (unregister func()) {
	s.paths.mu.Lock()
	s.paths.nextID++
	id := s.paths.nextID
	s.paths.list = append(s.paths.list, pathHandler{prefix: prefix, h: h, id: id})
	s.paths.mu.Unlock()
	s.httpLog.Debug("Registering HTTP handler for " + prefix + " (exactmatch 0)")
	return func() {
		s.paths.mu.Lock()
		defer s.paths.mu.Unlock()
		for i, e := range s.paths.list {
			if e.id == id {
				s.paths.list = append(s.paths.list[:i:i], s.paths.list[i+1:]...)
				s.httpLog.Debug("Unregistering HTTP handler for " + prefix + " (exactmatch 0)")
				return
			}
		}
	}
}
