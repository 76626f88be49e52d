package e2e

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestWalletFilesArePrivate (issue 9, item 8): every file a wallet process
// writes is 0600 and every directory it makes 0700, whatever the umask it
// was started with (the tests run with the usual 022): the node's own
// wallets (in bitcoind, or bitcoin-node's spawned process), a wallet the
// offline tool creates, an attached bitcoin-wallet's files and log, and
// backupwallet files of both.
func TestWalletFilesArePrivate(t *testing.T) {
	forEachShape(t, func(t *testing.T, exe string) {
		old := syscall.Umask(0o022)
		syscall.Umask(old)
		if old&0o077 == 0o077 {
			t.Fatalf("the test runs with umask %03o: it would not see a process that does not set its own", old)
		}
		n := startWalletNode(t, exe, "-ipcbind=unix")
		n.MustCLI("createwallet", "own")
		backups := t.TempDir()
		wcli(n, "own", "backupwallet", filepath.Join(backups, "own.bak"))

		wdir := t.TempDir()
		createOffline(t, wdir, "far")
		checkPrivate(t, "the offline tool's files", wdir)
		w := attachWallet(t, n, wdir, "-wallet=far")
		addr := wcli(n, "far", "getnewaddress")
		n.MustCLI("generatetoaddress", "1", addr)
		wcli(n, "far", "backupwallet", filepath.Join(backups, "far.bak"))
		checkPrivate(t, "the attached wallet's files", wdir)
		checkPrivate(t, "backupwallet files", backups)
		checkPrivate(t, "the node's files", n.Datadir)

		w.Signal(syscall.SIGINT)
		if code := w.Wait(10 * time.Second); code != 0 {
			t.Fatalf("the attached wallet exited %d:\n%s", code, w.Output())
		}
		n.Stop()
		checkPrivate(t, "the attached wallet's files after it detached", wdir)
		checkPrivate(t, "the node's files after it stopped", n.Datadir)
	})
}

// checkPrivate fails the test for every file under root (which the test
// made) that others than its owner may read or write: regular files and
// sockets must be 0600, directories 0700.
func checkPrivate(t *testing.T, what, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == root {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if perm := info.Mode().Perm(); perm != want {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s: %s is %04o, want %04o", what, rel, perm, want)
		}
		return nil
	})
	if err != nil {
		t.Errorf("%s: %v", what, err)
	}
}
