package nodetest

import (
	"bufio"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// output collects a process's stdout and stderr, line by line.
type output struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// start starts cmd with its output going to o; lines for which bad reports
// true fail the test. The returned channel is closed once the process has
// exited and every line it wrote is in o. The test's cleanup kills the
// process if it still runs.
func (o *output) start(t testing.TB, cmd *exec.Cmd, bad func(line string) bool) chan struct{} {
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			o.mu.Lock()
			o.buf.WriteString(line + "\n")
			o.mu.Unlock()
			if bad(line) {
				t.Errorf("%s: %s", cmd.Path, line)
			}
		}
		io.Copy(io.Discard, pr) // a line too long for the scanner
	}()
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		pw.Close()
		<-read
		close(exited)
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	})
	return exited
}

// crashed reports the lines that fail a test: a panic or a race report.
func crashed(line string) bool {
	return strings.HasPrefix(line, "panic:") || strings.Contains(line, "DATA RACE")
}
