// Package ipctest holds the Go side of the IPC test fixture
// (ipc/capnp/testschema/test.capnp): the interfaces Tester, Callback and
// Subscription, the structs they carry, and an implementation a test child
// process serves. Only tests import it.
package ipctest
