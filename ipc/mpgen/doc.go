// Package mpgen generates Go proxies for Cap'n Proto interfaces: for every
// interface annotated $Mp.wrap("GoInterface") it writes a client type that
// implements the Go interface by making calls through ipc/capnp/mp, and a
// server adapter that serves any Go implementation of it. Wrapped structs
// get field-by-field conversions to their Go struct.
//
// It reads the same CodeGeneratorRequest that capnpc-go reads, so it runs as
// a `capnp compile -o` plugin (cmd/mpgen with no arguments) or as a tool that
// runs capnp and capnpc-go itself (cmd/mpgen -out DIR FILES; see Generate).
// The annotations it understands are declared in ipc/capnp/mpgen.capnp.
//
// mpgen is a build tool: no Bulkhead executable imports it.
package mpgen
