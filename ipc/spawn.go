package ipc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

var lookPath = exec.LookPath

// Process is a spawned child.
type Process struct {
	cmd  *exec.Cmd
	conn Connection
	done chan struct{}
	err  error
}

// Pid is the child's process id.
func (c *Process) Pid() int { return c.cmd.Process.Pid }

// Done is closed when the child has exited and been reaped.
func (c *Process) Done() <-chan struct{} { return c.done }

// Wait waits for the child to exit and returns its exit error.
func (c *Process) Wait() error {
	<-c.done
	return c.err
}

// Connection is the IPC connection to the child.
func (c *Process) Connection() Connection { return c.conn }

// Kill kills the child: one that does not stop when asked, or in tests of
// crash handling.
func (c *Process) Kill() error { return c.cmd.Process.Kill() }

// Spawn starts the sibling executable exe with exactly -ipcfd=N on one end of
// a socketpair and returns the Init it serves. The child exits when the
// connection closes; this process reaps it and logs its exit status.
func (p *IPC) Spawn(ctx context.Context, exe string) (interfaces.Init, *Process, error) {
	path, err := findExe(exe)
	if err != nil {
		return nil, nil, err
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, newError(ErrSpawn, "socketpair", err)
	}
	parentFile := os.NewFile(uintptr(fds[0]), "ipc-parent")
	childFile := os.NewFile(uintptr(fds[1]), "ipc-child")
	defer childFile.Close()
	parentConn, err := net.FileConn(parentFile)
	parentFile.Close()
	if err != nil {
		return nil, nil, newError(ErrSpawn, "socketpair connection", err)
	}
	// The child's end becomes fd 3 (the first of ExtraFiles).
	cmd := exec.Command(path, "-ipcfd="+strconv.Itoa(3))
	cmd.ExtraFiles = []*os.File{childFile}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		parentConn.Close()
		return nil, nil, newError(ErrSpawn, "starting "+path, err)
	}
	proc := &Process{cmd: cmd, done: make(chan struct{})}
	peer := fmt.Sprintf("%s-%d", exe, cmd.Process.Pid)
	p.log.Debug("IPC spawned child", "exe", path, "pid", cmd.Process.Pid)
	go func() {
		proc.err = cmd.Wait()
		p.logExit(peer, cmd.ProcessState, proc.err)
		close(proc.done)
	}()
	// A child that stops reading must not block this process's writers
	// for good.
	init, conn, err := p.cfg.Protocol.Connect(ctx, newWriteTimeoutConn(parentConn, p.limits.writeTimeout()), p.connConfig(peer))
	if err != nil {
		parentConn.Close()
		cmd.Process.Kill()
		<-proc.done
		return nil, nil, newError(ErrSpawn, "connecting to "+peer, err)
	}
	proc.conn = conn
	p.track(conn, nil)
	return init, proc, nil
}

func (p *IPC) logExit(peer string, st *os.ProcessState, err error) {
	var ee *exec.ExitError
	switch {
	case err == nil:
		p.log.Debug("IPC child exited", "child", peer, "status", 0)
	case errors.As(err, &ee):
		p.log.Info(fmt.Sprintf("IPC child %s exited: %s", peer, st.String()))
	default:
		p.log.Warn(fmt.Sprintf("IPC child %s: %v", peer, err))
	}
}

// ServeFD serves this process's Init on the inherited socket fd (-ipcfd) and
// returns when the connection ends: the parent closed it or died.
func (p *IPC) ServeFD(ctx context.Context, fd int) error {
	f := os.NewFile(uintptr(fd), "ipcfd")
	if f == nil {
		return newError(ErrAddress, fmt.Sprintf("invalid -ipcfd=%d", fd), nil)
	}
	c, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return newError(ErrAddress, fmt.Sprintf("-ipcfd=%d is not a socket", fd), err)
	}
	conn := p.cfg.Protocol.Serve(newWriteTimeoutConn(c, p.limits.writeTimeout()), p.cfg.Init, p.connConfig(fmt.Sprintf("parent-%d", os.Getppid())))
	p.track(conn, nil)
	select {
	case <-conn.Context().Done(): // not Done: a stuck handler must not keep a child behind its dead parent
	case <-ctx.Done():
		go conn.Close()
	}
	return nil
}
