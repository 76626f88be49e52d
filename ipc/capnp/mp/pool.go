package mp

import "sync"

// workerPool runs handlers that may block off the reader goroutine. It starts
// workers on demand up to a bound; idle workers wait for the next task. When
// all are busy, submit blocks, which stops the reader and so pushes back on
// the peer.
type workerPool struct {
	tasks   chan func()
	closing chan struct{}
	mu      sync.Mutex
	n, max  int
	wg      sync.WaitGroup
	once    sync.Once
}

func newWorkerPool(max int) *workerPool {
	return &workerPool{tasks: make(chan func()), closing: make(chan struct{}), max: max}
}

// submit runs fn on a worker. It returns false if the pool is closed.
func (p *workerPool) submit(fn func()) bool {
	select {
	case p.tasks <- fn:
		return true
	default:
	}
	p.mu.Lock()
	if p.n < p.max {
		select {
		case <-p.closing:
			p.mu.Unlock()
			return false
		default:
		}
		p.n++
		p.wg.Add(1)
		p.mu.Unlock()
		go p.work(fn)
		return true
	}
	p.mu.Unlock()
	select {
	case p.tasks <- fn:
		return true
	case <-p.closing:
		return false
	}
}

func (p *workerPool) work(fn func()) {
	defer p.wg.Done()
	for {
		fn()
		select {
		case fn = <-p.tasks:
		case <-p.closing:
			return
		}
	}
}

// close stops idle workers; busy ones stop after their task.
func (p *workerPool) close() { p.once.Do(func() { close(p.closing) }) }

// wait waits for every worker to stop.
func (p *workerPool) wait() { p.wg.Wait() }
