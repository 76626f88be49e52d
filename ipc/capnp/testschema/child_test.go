package testschema_test

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/mp"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema"
	"github.com/bulkhead-btc/bulkhead/ipc/ipctest"
)

// The test binary runs itself as the child process that serves a Tester.
func TestMain(m *testing.M) {
	if os.Getenv("MPTEST_CHILD") == "1" {
		os.Exit(serveChild())
	}
	os.Exit(m.Run())
}

func serveChild() int {
	c, err := net.FileConn(os.NewFile(3, "ipc"))
	if err != nil {
		os.Stderr.WriteString("child: " + err.Error() + "\n")
		return 2
	}
	conn := mp.New(c, &mp.Config{Bootstrap: testschema.NewTesterServer(ipctest.New("root")), Name: "child"})
	<-conn.Done()
	return 0
}

type child struct {
	cmd    *exec.Cmd
	conn   *mp.Conn
	tester ipctest.Tester
	exited chan struct{}
}

// startChild starts a child process serving a Tester on a socketpair and
// returns the client side. The child is stopped when the test ends.
func startChild(t *testing.T) *child {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	parent, childEnd := os.NewFile(uintptr(fds[0]), "parent"), os.NewFile(uintptr(fds[1]), "child")
	cmd := exec.Command(os.Args[0], "-ipcfd=3")
	cmd.Env = append(os.Environ(), "MPTEST_CHILD=1")
	cmd.ExtraFiles = []*os.File{childEnd}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	childEnd.Close()
	c := &child{cmd: cmd, exited: make(chan struct{})}
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			t.Log("child:", line)
			if strings.HasPrefix(line, "panic:") || strings.Contains(line, "DATA RACE") {
				t.Error("child crashed:", line)
			}
		}
	}()
	go func() {
		<-logDone
		cmd.Wait()
		close(c.exited)
	}()
	nc, err := net.FileConn(parent)
	parent.Close()
	if err != nil {
		t.Fatal(err)
	}
	c.conn = mp.New(nc, &mp.Config{Name: "parent"})
	t.Cleanup(func() {
		c.conn.Close()
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			t.Error("child did not exit after its connection closed")
			<-c.exited
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	boot, err := c.conn.Bootstrap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.tester = testschema.NewTesterClient(boot)
	return c
}
