package e2e

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

// gone reports whether pid has exited (a zombie counts as exited).
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
		return true
	}
	st, err := os.ReadFile("/proc/" + itoa(pid) + "/stat")
	return err != nil || containsState(string(st), "Z")
}

func TestWalletProcessFollowsTheNode(t *testing.T) {
	for _, how := range []string{"stop", "SIGKILL"} {
		t.Run(how, func(t *testing.T) {
			n := startWalletNode(t, "bitcoin-node")
			n.MustCLI("createwallet", "A")
			kids := nodetest.Children(n.Cmd.Process.Pid)
			if len(kids) != 1 {
				t.Fatalf("bitcoin-node has children %v, want one wallet process", kids)
			}
			if how == "stop" {
				n.Stop()
			} else {
				n.Cmd.Process.Signal(syscall.SIGKILL)
			}
			deadline := time.Now().Add(2 * time.Second)
			for !gone(kids[0]) {
				if time.Now().After(deadline) {
					syscall.Kill(kids[0], syscall.SIGKILL)
					t.Fatalf("wallet process still running 2s after the node's %s", how)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

func TestDisableWalletStartsNoWalletProcess(t *testing.T) {
	for _, opt := range []string{"-disablewallet", "-nowallet"} {
		n := startWalletNode(t, "bitcoin-node", opt)
		if kids := nodetest.Children(n.Cmd.Process.Pid); len(kids) != 0 {
			t.Fatalf("%s: bitcoin-node has children %v", opt, kids)
		}
		if _, _, code := n.CLI("createwallet", "A"); code == 0 {
			t.Fatalf("%s: createwallet succeeded without wallets", opt)
		}
		n.Stop()
	}
}

func itoa(n int) string {
	return strconv.Itoa(n)
}

// containsState reports whether a /proc/PID/stat line shows state s.
func containsState(stat, s string) bool {
	i := strings.LastIndexByte(stat, ')')
	return i >= 0 && strings.HasPrefix(stat[i+1:], " "+s+" ")
}
