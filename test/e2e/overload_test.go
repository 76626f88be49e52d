package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
)

// TestManyConcurrentIPCWalletCalls: hundreds of bitcoin-cli -ipcconnect
// wallet calls at once while blocks are being mined (each call waits for
// the wallet to catch up and calls back into the node), all answer; the
// node then still serves HTTP and stops promptly.
func TestManyConcurrentIPCWalletCalls(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		n := startWalletNode(t, exe, "-ipcbind=unix")
		n.MustCLI("createwallet", "w")
		addr := wcli(n, "w", "getnewaddress")
		n.MustCLI("generatetoaddress", "101", addr)
		start := time.Now()
		// 200 processes: within the unix listener's 256 connections.
		if err := walletCallBurst(n, addr, 200, 90*time.Second); err != nil {
			t.Fatal(err)
		}
		t.Logf("200 concurrent -ipcconnect getbalances beside a burst of blocks answered in %v", time.Since(start))
		if got := wcli(n, "w", "getbalance"); btc(t, got) < 50*1e8 {
			t.Fatalf("getbalance over HTTP afterwards = %s", got)
		}
		// The same over one connection: the calls reach the wallet process
		// all at once, beyond its 64 handlers, while it catches up.
		start = time.Now()
		mined := make(chan string, 1)
		go func() {
			_, errOut, _ := n.CLI("generatetoaddress", "100", addr)
			mined <- errOut
		}()
		if err := walletCallsOverOneConnection(n, 300, 60*time.Second); err != nil {
			t.Fatal(err)
		}
		if errOut := <-mined; errOut != "" {
			t.Fatal(errOut)
		}
		t.Logf("300 concurrent wallet calls over one IPC connection answered in %v", time.Since(start))
		if got := wcli(n, "w", "getbalance"); btc(t, got) < 50*1e8 {
			t.Fatalf("getbalance over HTTP afterwards = %s", got)
		}
		stopWithin(t, n, 5*time.Second, func() { n.MustCLI("stop") })
	})
}

// walletCallsOverOneConnection makes calls concurrent getbalances calls
// of wallet w through one IPC connection's Rpc (what bitcoin-cli
// -ipcconnect sends), and reports those that failed or did not answer
// within d.
func walletCallsOverOneConnection(n *node, calls int, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	p := ipc.New(&ipc.Config{ExeName: "e2e", Protocol: ipccapnp.Protocol()})
	defer p.Close()
	init, _, err := p.Connect(ctx, "unix", filepath.Join(n.Datadir, "regtest"))
	if err != nil {
		return err
	}
	r, err := init.MakeRpc(ctx)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	failures := make(chan string, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := fmt.Sprintf(`{"method":"getbalances","params":[],"id":%d}`, i)
			out, err := r.ExecuteRpc(ctx, req, "/wallet/w", "")
			if err != nil || !strings.Contains(out, `"trusted"`) {
				failures <- fmt.Sprintf("call %d: %s %v", i, out, err)
			}
		}()
	}
	wg.Wait()
	close(failures)
	var errs []string
	for f := range failures {
		errs = append(errs, f)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d of %d calls over one connection failed, the first: %s", len(errs), calls, errs[0])
	}
	return nil
}

// walletCallBurst mines 100 blocks while making calls concurrent
// bitcoin-cli -ipcconnect wallet calls, and reports the calls that failed
// or did not answer within d.
func walletCallBurst(n *node, addr string, calls int, d time.Duration) error {
	var wg sync.WaitGroup
	failures := make(chan string, calls+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, errOut, code := n.CLI("generatetoaddress", "100", addr); code != 0 {
			failures <- "generatetoaddress: " + errOut
		}
	}()
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, errOut, code := n.CLI("-ipcconnect=unix", "-rpcwallet=w", "getbalances")
			if code != 0 || !strings.Contains(out, `"trusted"`) {
				failures <- fmt.Sprintf("call %d: exit %d: %s%s", i, code, out, errOut)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		return fmt.Errorf("%d concurrent -ipcconnect wallet calls: not all answered within %v", calls, d)
	}
	close(failures)
	var errs []string
	for f := range failures {
		errs = append(errs, f)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d of %d calls failed:\n%s", len(errs), calls, strings.Join(errs, "\n"))
	}
	return nil
}

// TestStuckWalletProcessDoesNotHoldShutdown: with its wallet process
// frozen (SIGSTOP), bitcoin-node still stops within 5 s of stop, SIGINT or
// SIGTERM: it gives the wallet process a grace period, then kills it and
// says so in the log.
func TestStuckWalletProcessDoesNotHoldShutdown(t *testing.T) {
	for _, how := range []string{"stop", "SIGINT", "SIGTERM"} {
		t.Run(how, func(t *testing.T) {
			n := startWalletNode(t, "bitcoin-node")
			n.MustCLI("createwallet", "w")
			kids := nodetest.Children(n.Cmd.Process.Pid)
			if len(kids) != 1 {
				t.Fatalf("bitcoin-node has children %v, want one wallet process", kids)
			}
			wallet := kids[0]
			t.Cleanup(func() { syscall.Kill(wallet, syscall.SIGKILL) })
			syscall.Kill(wallet, syscall.SIGSTOP)
			// A wallet call now waits for the frozen process.
			go n.CLI("-rpcwallet=w", "getbalances")
			time.Sleep(200 * time.Millisecond)
			stopWithin(t, n, 5*time.Second, func() {
				switch how {
				case "stop":
					n.MustCLI("stop")
				case "SIGINT":
					n.Cmd.Process.Signal(syscall.SIGINT)
				case "SIGTERM":
					n.Cmd.Process.Signal(syscall.SIGTERM)
				}
			})
			if !gone(wallet) {
				t.Fatal("the frozen wallet process outlived the node")
			}
			want := fmt.Sprintf("Wallet process %d did not stop within", wallet)
			if !strings.Contains(n.Output(), want) {
				t.Fatalf("the log does not say %q:\n%s", want, n.Output())
			}
		})
	}
}

// TestWalletProcessExitsWhenNodeDiesMidCall: a node killed while the
// wallet process's handlers wait for it (the node frozen mid-call) leaves
// no wallet process behind: it exits within 2 s of the node's death.
func TestWalletProcessExitsWhenNodeDiesMidCall(t *testing.T) {
	n := startWalletNode(t, "bitcoin-node")
	n.MustCLI("createwallet", "w")
	addr := wcli(n, "w", "getnewaddress")
	kids := nodetest.Children(n.Cmd.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("bitcoin-node has children %v, want one wallet process", kids)
	}
	wallet := kids[0]
	t.Cleanup(func() { syscall.Kill(wallet, syscall.SIGKILL) })
	// Wallet calls in flight, then the node frozen: the wallet's handlers
	// wait for the node's answers.
	for range 20 {
		go n.CLI("-rpcwallet=w", "getbalances")
		go n.CLI("-rpcwallet=w", "getwalletinfo")
	}
	n.MustCLI("generatetoaddress", "50", addr)
	syscall.Kill(n.Cmd.Process.Pid, syscall.SIGSTOP)
	time.Sleep(300 * time.Millisecond)
	n.Cmd.Process.Signal(syscall.SIGKILL)
	deadline := time.Now().Add(2 * time.Second)
	for !gone(wallet) {
		if time.Now().After(deadline) {
			t.Fatal("wallet process still running 2s after its node was killed mid-call")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stopWithin asks the node to stop and requires it to exit, cleanly,
// within d.
func stopWithin(t *testing.T, n *node, d time.Duration, ask func()) {
	t.Helper()
	start := time.Now()
	ask()
	if !n.WaitExit(d) {
		n.Cmd.Process.Signal(syscall.SIGKILL)
		t.Fatalf("%s still running %v after being asked to stop", n.Exe, d)
	}
	if code := n.Cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("%s exited with %d after %v", n.Exe, code, time.Since(start))
	}
	t.Logf("%s stopped in %v", n.Exe, time.Since(start))
}
