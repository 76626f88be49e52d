package mp

import "sync"

// workerPool runs one connection's handlers that may block, off the
// goroutine reading the connection. It starts workers on demand up to a
// bound; idle workers wait for the next task. When all are busy, tasks wait
// in a first-in first-out queue bounded in bytes. submit never blocks: the
// reader must always go on reading, because the busy handlers may be waiting
// for Returns (of their callbacks into the peer) that only it can deliver.
type workerPool struct {
	mu       sync.Mutex
	wake     sync.Cond // an idle worker waits on it
	queue    []task    // waiting tasks, oldest first, from head
	head     int
	queued   int // bytes of the waiting tasks
	maxBytes int
	n, max   int // workers started, and their bound
	idle     int // workers waiting for a task
	closed   bool
	wg       sync.WaitGroup
}

// task is one handler to run; size is the bytes its message holds while it
// waits.
type task struct {
	fn   func()
	size int
}

func newWorkerPool(max, maxBytes int) *workerPool {
	p := &workerPool{max: max, maxBytes: maxBytes}
	p.wake.L = &p.mu
	return p
}

// submitResult says what became of a task.
type submitResult uint8

const (
	submitted  submitResult = iota // running or queued
	poolFull                       // refused: the queue holds maxBytes already
	poolClosed                     // refused: the connection has ended
)

// submit runs fn on a worker, or queues it if all are busy. A task is
// refused when the queued bytes would exceed the bound, unless the queue is
// empty (one message of any allowed size may always wait) or it holds no
// bytes.
func (p *workerPool) submit(fn func(), size int) submitResult {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return poolClosed
	}
	waiting := len(p.queue) - p.head
	if p.idle == 0 && p.n >= p.max && waiting > 0 && size > 0 && p.queued+size > p.maxBytes {
		return poolFull
	}
	p.queue = append(p.queue, task{fn, size})
	p.queued += size
	switch {
	case p.idle > 0:
		p.idle--
		p.wake.Signal()
	case p.n < p.max:
		p.n++
		p.wg.Add(1)
		go p.work()
	}
	return submitted
}

// work runs tasks until the pool closes.
func (p *workerPool) work() {
	defer p.wg.Done()
	p.mu.Lock()
	for {
		for p.head == len(p.queue) && !p.closed {
			p.idle++
			p.wake.Wait()
		}
		if p.head == len(p.queue) {
			p.mu.Unlock()
			return
		}
		t := p.queue[p.head]
		p.queue[p.head] = task{}
		p.head++
		if p.head == len(p.queue) {
			p.queue, p.head = p.queue[:0], 0
		} else if p.head > 64 && p.head*2 > len(p.queue) {
			// Move the waiting tasks down so the array does not only grow.
			n := copy(p.queue, p.queue[p.head:])
			clear(p.queue[n:])
			p.queue, p.head = p.queue[:n], 0
		}
		p.queued -= t.size
		p.mu.Unlock()
		t.fn()
		p.mu.Lock()
	}
}

// close stops the pool: queued tasks still run (they fail fast once the
// connection has ended), idle workers stop, busy ones after their task.
func (p *workerPool) close() {
	p.mu.Lock()
	p.closed = true
	p.wake.Broadcast()
	p.mu.Unlock()
}

// wait waits for every worker to stop.
func (p *workerPool) wait() { p.wg.Wait() }
