package ipc

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Config configures a process's IPC.
type Config struct {
	// ExeName is this executable's name, e.g. "bitcoin-node".
	ExeName string
	// Init is what this process serves to whoever connects to it (-ipcfd,
	// -ipcbind).
	Init interfaces.Init
	// Protocol carries the calls (ipc/capnp).
	Protocol Protocol
	// Logger gets the "ipc" category: -debug=ipc logs every call.
	Logger *slog.Logger
}

// IPC spawns, serves and connects a process's IPC connections.
type IPC struct {
	cfg  Config
	name string
	log  *slog.Logger

	mu    sync.Mutex
	conns map[Connection]struct{}
	wg    sync.WaitGroup
}

// New returns the IPC of this process.
func New(cfg *Config) *IPC {
	p := &IPC{cfg: *cfg, conns: map[Connection]struct{}{}}
	p.name = fmt.Sprintf("%s-%d", cfg.ExeName, os.Getpid())
	p.log = cfg.Logger
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p
}

// Name is this process as logs show it: "bitcoin-node-1234".
func (p *IPC) Name() string { return p.name }

func (p *IPC) connConfig(peer string) *ConnConfig {
	return &ConnConfig{Logger: p.log, Name: p.name, Peer: peer}
}

// track keeps a connection until it ends, so Close can end it.
func (p *IPC) track(c Connection) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		<-c.Done()
		p.mu.Lock()
		delete(p.conns, c)
		p.mu.Unlock()
	}()
}

// Close ends every connection this IPC made or accepted and waits for them.
func (p *IPC) Close() error {
	p.mu.Lock()
	conns := make([]Connection, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	p.wg.Wait()
	return nil
}

// findExe locates a sibling executable: an explicit path as given, else the
// directory of the running executable, else PATH.
func findExe(name string) (string, error) {
	if filepath.Base(name) != name {
		return name, nil
	}
	if self, err := os.Executable(); err == nil {
		cand := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(cand); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return cand, nil
		}
	}
	path, err := lookPath(name)
	if err != nil {
		return "", newError(ErrSpawn, fmt.Sprintf("cannot find executable %s next to %s or on PATH", name, os.Args[0]), err)
	}
	return path, nil
}
