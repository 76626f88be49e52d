// Package ipc runs Bulkhead's processes as one program: it spawns sibling
// executables on a socketpair (-ipcfd), listens on and connects to unix
// sockets and to TCP with mutually authenticated TLS 1.3 (-ipcbind,
// -ipcconnect; credentials in tls.go), gives each accepted connection its
// own session (Config.Session) within Limits, ties a child's life to its
// parent's connection, and defines the errors every IPC caller may see
// (ErrDisconnected, RemoteError).
//
// Its API has no Cap'n Proto types: the wire protocol is a Protocol supplied
// by ipc/capnp. Callers get and serve plain interfaces.Init values.
package ipc
