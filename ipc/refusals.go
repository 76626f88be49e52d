package ipc

import (
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// A listener logs refused connections of one kind at most refusalBurst at
// once per refusalInterval; the rest of an interval as one summary line.
const (
	refusalInterval = 10 * time.Second
	refusalBurst    = 5
)

// refusalLog logs a listener's refused connections without letting a flood
// of them flood the log: per kind of refusal, at most one line for each
// interval (refusalBurst), and one summary line of what it did not log.
type refusalLog struct {
	log  *slog.Logger
	addr string

	mu    sync.Mutex
	kinds map[string]*refusalKind
}

type refusalKind struct {
	start   time.Time // the current interval's start
	logged  int       // lines written in it
	skipped int       // refusals in it not logged
	armed   bool      // a summary is scheduled
}

func newRefusalLog(log *slog.Logger, addr string) *refusalLog {
	return &refusalLog{log: log, addr: addr, kinds: map[string]*refusalKind{}}
}

// refuse logs that the connection from "from" was refused for reason, a
// refusal of kind; or counts it for the kind's next summary line.
func (r *refusalLog) refuse(kind, from, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[kind]
	if k == nil {
		k = &refusalKind{}
		r.kinds[kind] = k
	}
	now := time.Now()
	if now.Sub(k.start) >= refusalInterval && k.skipped == 0 {
		k.start, k.logged = now, 0
	}
	if k.logged < refusalBurst {
		k.logged++
		r.log.Warn(fmt.Sprintf("IPC refused connection on %s from %s: %s", r.addr, from, reason))
		return
	}
	k.skipped++
	if !k.armed {
		k.armed = true
		time.AfterFunc(time.Until(k.start.Add(refusalInterval)), func() { r.summarize(kind) })
	}
}

// summarize writes the summary line of kind's refusals not logged.
func (r *refusalLog) summarize(kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[kind]
	k.armed = false
	if k.skipped == 0 {
		return
	}
	r.log.Warn(fmt.Sprintf("IPC refused %d more connections on %s in the last %v (%s)", k.skipped, r.addr, refusalInterval, kind))
	k.skipped = 0
	k.start, k.logged = time.Now(), 1
}
