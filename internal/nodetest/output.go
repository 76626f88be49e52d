package nodetest

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// ExpectedError is an error-level log line that does not fail a test: one
// that contains Text. Reason says why the line is expected.
type ExpectedError struct {
	Text   string
	Reason string
}

// expectedErrors are the error lines any test may see. Error level is for
// internal faults (STYLE.md item 5), so an entry here needs a reason why the
// line is not one, or why a test cannot avoid it; an ordinary event logged
// at error level gets its level lowered instead.
var expectedErrors = []ExpectedError{}

// errorLine matches a log line at error level as common/logging renders it:
// after the optional timestamp, thread name and source location, "[error] "
// when uncategorised, "[ipc:error] " with a category ("[all:error] " with
// -loglevelalways).
var errorLine = regexp.MustCompile(`^(?:\d{4}-\d\d-\d\dT[0-9:.]+Z )?(?:\[[^\]]*\] ){0,3}\[(?:[a-z0-9]+:)?error\] `)

// output collects a process's stdout and stderr, line by line, and the
// error-level lines among them.
type output struct {
	mu     sync.Mutex
	buf    strings.Builder
	errors []string
	expect []ExpectedError
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// expectErrors adds to the error lines o's process may print.
func (o *output) expectErrors(e []ExpectedError) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.expect = append(o.expect, e...)
}

// readErrors adds the error lines of path from offset on that o does not
// hold yet.
func (o *output) readErrors(t testing.TB, path string, offset int64) {
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("reading %s for error lines: %v", path, err)
		}
		return
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		t.Errorf("reading %s for error lines: %v", path, err)
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	seen := map[string]bool{}
	for _, line := range o.errors {
		seen[line] = true
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Text(); errorLine.MatchString(line) && !seen[line] {
			seen[line] = true
			o.errors = append(o.errors, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Errorf("reading %s for error lines: %v", path, err)
	}
}

// unexpectedErrors returns the error lines printed so far that neither
// expectedErrors nor o's own expectations allow, and forgets them.
func (o *output) unexpectedErrors() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for _, line := range o.errors {
		if !expected(line, expectedErrors) && !expected(line, o.expect) {
			out = append(out, line)
		}
	}
	o.errors = nil
	return out
}

func expected(line string, list []ExpectedError) bool {
	for _, e := range list {
		if strings.Contains(line, e.Text) {
			return true
		}
	}
	return false
}

// start starts cmd with its output going to o. A line that shows a crash
// fails the test at once; error-level lines fail it when the process has
// exited (or the test ends), unless expected by then. logFile, if not "",
// is a debug.log the process shares with others that do not print to its
// output (a node's spawned bitcoin-wallet): its error lines written while
// the process ran count too. The returned channel is closed once the
// process has exited, every line it wrote is in o and its error lines are
// checked. The test's cleanup kills the process if it still runs.
func (o *output) start(t testing.TB, cmd *exec.Cmd, logFile string) chan struct{} {
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var logStart int64
	if st, err := os.Stat(logFile); err == nil {
		logStart = st.Size()
	}
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
			if errorLine.MatchString(line) {
				o.errors = append(o.errors, line)
			}
			o.mu.Unlock()
			if crashed(line) {
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
		if logFile != "" {
			o.readErrors(t, logFile, logStart)
		}
		for _, line := range o.unexpectedErrors() {
			t.Errorf("%s logged an unexpected error (an internal fault; if a test provokes it on purpose, list it with ExpectErrors):\n%s", cmd.Path, line)
		}
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

// crashed reports the lines that fail a test at once: a panic or a race
// report.
func crashed(line string) bool {
	return strings.HasPrefix(line, "panic:") || strings.Contains(line, "DATA RACE")
}
