// Package testschema is the IPC test fixture: test.capnp uses every kind of
// value mpgen supports (scalars, text, data, lists, structs, optional values,
// Bitcoin objects, capabilities both ways, streaming), and its generated
// proxies serve ipc/ipctest's Go interfaces. mpgen's golden test and the IPC
// runtime's cross-process tests use it. Only tests import it.
package testschema

//go:generate go run ../../mpgen/cmd/mpgen -I .. -out . test.capnp
