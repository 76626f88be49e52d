package bench

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// The test binary re-runs itself as the server process.
func TestMain(m *testing.M) {
	if os.Getenv("BENCH_CHILD") == "mp" {
		serveChild()
		os.Exit(0)
	}
	switch os.Getenv("BENCH_CHILD") {
	case "raw":
		size, _ := strconv.Atoi(os.Getenv("BENCH_SIZE"))
		c, err := net.FileConn(os.NewFile(3, "ipc"))
		if err != nil {
			os.Exit(2)
		}
		buf := make([]byte, size)
		for {
			if _, err := io.ReadFull(c, buf); err != nil {
				os.Exit(0)
			}
			if _, err := c.Write(buf); err != nil {
				os.Exit(0)
			}
		}
	}
	os.Exit(m.Run())
}

// child is a server process on the other end of a socketpair.
type child struct {
	cmd  *exec.Cmd
	conn net.Conn
}

func startChild(b *testing.B, role string, env ...string) *child {
	b.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	mine, theirs := os.NewFile(uintptr(fds[0]), "bench"), os.NewFile(uintptr(fds[1]), "child")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), "BENCH_CHILD="+role), env...)
	// BENCH_CHILD_GOMAXPROCS sets the server's GOMAXPROCS apart from ours.
	if n := os.Getenv("BENCH_CHILD_GOMAXPROCS"); n != "" {
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+n)
	}
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	theirs.Close()
	conn, err := net.FileConn(mine)
	mine.Close()
	if err != nil {
		b.Fatal(err)
	}
	return &child{cmd: cmd, conn: conn}
}

func (c *child) stop() {
	c.conn.Close()
	c.cmd.Wait()
}

// cpuTicks returns a process's user+system CPU time in clock ticks (1/100 s).
func cpuTicks(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := len(b) - 1
	for i > 0 && b[i] != ')' {
		i--
	}
	var state string
	var f [13]int64
	fmt.Sscan(string(b[i+2:]), &state, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11])
	return float64(f[10] + f[11]) // utime, stime
}

// ctxSwitches returns a process's voluntary plus involuntary context
// switches, all threads.
func ctxSwitches(pid int) float64 {
	var total float64
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, t.Name()))
		if err != nil {
			continue
		}
		var v, nv float64
		for _, line := range splitLines(string(b)) {
			fmt.Sscanf(line, "voluntary_ctxt_switches: %g", &v)
			fmt.Sscanf(line, "nonvoluntary_ctxt_switches: %g", &nv)
		}
		total += v + nv
	}
	return total
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// serveChild serves a Tester on fd 3 until the connection closes.
func serveChild() {
	c, err := net.FileConn(os.NewFile(3, "ipc"))
	if err != nil {
		os.Exit(2)
	}
	// BENCH_SERVER_PROFILE=FILE profiles the server process's CPU.
	if path := os.Getenv("BENCH_SERVER_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	conn := mp.New(c, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("bench"))})
	<-conn.Done()
	return
}
