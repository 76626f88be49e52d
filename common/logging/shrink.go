package logging

import (
	"io"
	"os"
)

// Core's ShrinkDebugFile sizes: a file over 11 MB is cut to its last 10 MB.
const (
	shrinkKeep      = 10 * 1000 * 1000
	shrinkThreshold = 11 * (shrinkKeep / 10)
)

// shrinkFile keeps the last shrinkKeep bytes of a log file over
// shrinkThreshold, as Core does at startup. Failures leave the file as it
// was; logging then just appends to it.
func shrinkFile(path string) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() <= shrinkThreshold {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		return
	}
	buf := make([]byte, shrinkKeep)
	n, err := f.ReadAt(buf, fi.Size()-shrinkKeep)
	_ = f.Close()
	if err != nil && err != io.EOF {
		return
	}
	_ = os.WriteFile(path, buf[:n], fi.Mode().Perm())
}
