package nodetest

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Proc is another running executable of ours (an attached bitcoin-wallet,
// a second node): its output is kept, and the test's cleanup kills it if
// it still runs.
type Proc struct {
	t      testing.TB
	Cmd    *exec.Cmd
	exited chan struct{}

	out output
}

// StartProc starts exe (one of the built executables, or a path) with
// args.
func StartProc(t testing.TB, exe string, args ...string) *Proc {
	t.Helper()
	if !strings.Contains(exe, "/") {
		exe = Bin(exe)
	}
	p := &Proc{t: t, Cmd: exec.Command(exe, args...)}
	p.exited = p.out.start(t, p.Cmd, "")
	return p
}

// Output is everything the process printed so far.
func (p *Proc) Output() string {
	return p.out.String()
}

// WaitFor waits until the output contains s, the process exits or timeout
// passes, and says whether s appeared.
func (p *Proc) WaitFor(s string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if strings.Contains(p.Output(), s) {
			return true
		}
		select {
		case <-p.exited:
			return strings.Contains(p.Output(), s)
		default:
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ExpectErrors lets the process log error lines containing one of the
// texts without failing the test, for a test that provokes such a fault on
// purpose. Call it before the process exits.
func (p *Proc) ExpectErrors(e ...ExpectedError) { p.out.expectErrors(e) }

// Exited is closed when the process has ended.
func (p *Proc) Exited() <-chan struct{} { return p.exited }

// Wait waits up to timeout for the process to end and returns its exit
// code, or fails the test.
func (p *Proc) Wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
		return p.Cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		p.t.Fatalf("%s still running after %v:\n%s", p.Cmd.Path, timeout, p.Output())
		return -1
	}
}

// Signal sends sig to the process.
func (p *Proc) Signal(sig syscall.Signal) { p.Cmd.Process.Signal(sig) }
