package e2e

import (
	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNodeRPCBasics(t *testing.T) {
	n := startNode(t, "bitcoin-node")
	if up := n.MustCLI("uptime"); up == "" || strings.HasPrefix(up, "-") {
		t.Fatalf("uptime = %q", up)
	}
	help := n.MustCLI("help")
	for _, want := range []string{"== Control ==", "stop", "uptime"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	_, errOut, code := n.CLI("nosuchmethod")
	if code != 32601&0xff || !strings.Contains(errOut, "Method not found") {
		t.Fatalf("unknown method: exit %d, %q", code, errOut)
	}
	// The cookie is the only credential, readable by the owner only.
	st, err := os.Stat(filepath.Join(n.Datadir, "regtest", ".cookie"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("cookie: %v %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(n.Datadir, "regtest", "debug.log")); err != nil {
		t.Fatal("no debug.log:", err)
	}
	n.Stop()
	if _, err := os.Stat(filepath.Join(n.Datadir, "regtest", ".cookie")); !os.IsNotExist(err) {
		t.Fatal("cookie left behind after shutdown")
	}
}

func TestEchoIPCSpawnsAChild(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-debug=ipc", "-disablewallet")
	for _, msg := range []string{"hello", "ünïcødé and spaces"} {
		if got := n.MustCLI("echoipc", msg); got != msg {
			t.Fatalf("echoipc %q = %q", msg, got)
		}
	}
	if kids := nodetest.Children(n.Cmd.Process.Pid); len(kids) != 0 {
		t.Fatalf("echoipc left child processes running: %v", kids)
	}
	log, _ := os.ReadFile(filepath.Join(n.Datadir, "regtest", "debug.log"))
	for _, want := range []string{"IPC spawned child", "IPC client send Init.makeEcho$Params", "IPC client send Echo.echo$Params", "IPC child"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("debug.log lacks %q", want)
		}
	}
	n.Stop()
}

func TestCLIOverIPCSocket(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-ipcbind=unix")
	sock := filepath.Join(n.Datadir, "regtest", "node.sock")
	st, err := os.Stat(sock)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("node.sock: %v %v", st, err)
	}
	if got := n.MustCLI("-ipcconnect=unix", "echoipc", "through the socket"); got != "through the socket" {
		t.Fatalf("echoipc over -ipcconnect = %q", got)
	}
	_, errOut, code := n.CLI("-ipcconnect=unix", "nosuchmethod")
	if code != 32601&0xff || !strings.Contains(errOut, "Method not found") {
		t.Fatalf("error over IPC: exit %d, %q", code, errOut)
	}
	n.Stop()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatal("node.sock left behind after shutdown")
	}
}

func TestBadConfigurationIsAClearError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bitcoin.conf"), []byte("regtest=1\n[regtest]\nrpcport=notaport\nfoo\n"), 0o600)
	out, code := run("bitcoin-node", "-datadir="+dir)
	if code == 0 || !strings.Contains(out, "Error") {
		t.Fatalf("bad bitcoin.conf: exit %d, %q", code, out)
	}
	out, code = run("bitcoin-node", "-regtest", "-datadir="+dir, "-nosuchoption")
	if code == 0 || !strings.Contains(out, "Invalid parameter -nosuchoption") {
		t.Fatalf("unknown option: exit %d, %q", code, out)
	}
}

// run runs an executable to completion (for start-up errors).
func run(exe string, args ...string) (string, int) {
	cmd := nodetest.Command(exe, args...)
	out, _ := cmd.CombinedOutput()
	return string(out), cmd.ProcessState.ExitCode()
}
