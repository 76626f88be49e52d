package base

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// maxSubVersionLength is Core's MAX_SUBVERSION_LENGTH.
const maxSubVersionLength = 256

// pidFilename is Core's BITCOIN_PID_FILENAME.
const pidFilename = "bitcoind.pid"

// SubVersion is the user agent getnetworkinfo reports, with the -uacomment
// comments as Core's FormatSubVersion joins them ("/Bulkhead:0.1.0(a; b)/").
// As Core's AppInitMain it refuses a comment with characters outside
// letters, digits and " .,;-_?@", and a user agent over 256 bytes.
func SubVersion(a *args.Args) (string, error) {
	comments := a.GetAll("uacomment")
	for _, c := range comments {
		if strings.IndexFunc(c, func(r rune) bool { return !uaCommentChar(r) }) >= 0 {
			return "", fmt.Errorf("User Agent comment (%s) contains unsafe characters.", c)
		}
	}
	sub := "/Bulkhead:" + strings.TrimPrefix(Version, "v")
	if len(comments) > 0 {
		sub += "(" + strings.Join(comments, "; ") + ")"
	}
	sub += "/"
	if len(sub) > maxSubVersionLength {
		return "", fmt.Errorf("Total length of network version string (%d) exceeds maximum length (%d). Reduce the number or size of uacomments.", len(sub), maxSubVersionLength)
	}
	return sub, nil
}

// uaCommentChar is Core's SAFE_CHARS_UA_COMMENT.
func uaCommentChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" .,;-_?@", r)
}

// writePidFile writes the process id to -pid (default bitcoind.pid, a
// relative path taken from the network data directory) unless -nopid, as
// Core's CreatePidFile; it returns the path to remove at shutdown ("" for
// none).
func writePidFile(a *args.Args, netDir string) (string, error) {
	if a.IsNegated("pid") {
		return "", nil
	}
	path := a.GetString("pid", pidFilename)
	if !filepath.IsAbs(path) {
		path = filepath.Join(netDir, path)
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("Unable to create the PID file '%s': %v", path, err)
	}
	return path, nil
}

// lockDataDir takes Core's lock on the network data directory: an
// exclusive flock on <dir>/.lock, held until the process ends or unlock is
// called, so a second node on the same directory stops with Core's message.
func lockDataDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("Cannot write to directory '%s'; check permissions.", dir)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("Cannot obtain a lock on directory %s. Bulkhead is probably already running.", dir)
	}
	return func() { f.Close() }, nil
}
