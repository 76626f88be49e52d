package ipc

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// Identities of accepted peers (Peer.ID): what a client cannot choose, so
// that the node never mistakes one client for another by its display name.
//
//   - unix:UID:PID:START — a unix socket peer's process, from SO_PEERCRED
//     (uid, pid) and the process's start time in clock ticks after boot
//     (field 22 of /proc/PID/stat), so a later process that reuses the pid
//     is someone else.
//   - tls:SHA256 — a TLS client's public key (the SPKI hash the node keeps
//     in clients.json), whatever name its credential carries.

// unixIdentity is the identity of the process with cred.
func unixIdentity(cred *syscall.Ucred) (string, error) {
	start, err := processStart(int(cred.Pid))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("unix:%d:%d:%d", cred.Uid, cred.Pid, start), nil
}

// tlsIdentity is the identity of the TLS client whose key has the SPKI
// SHA-256 hash spki.
func tlsIdentity(spki string) string { return "tls:" + spki }

// processStart reads when process pid started, in clock ticks after boot.
func processStart(pid int) (uint64, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// pid (comm) state ppid …: comm may hold spaces and parentheses, so the
	// fields are counted after its last ')'; starttime is field 22, the
	// 20th after comm.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command field", pid)
	}
	fields := bytes.Fields(stat[i+1:])
	if len(fields) < 20 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields after the command", pid, len(fields))
	}
	return strconv.ParseUint(string(fields[19]), 10, 64)
}
