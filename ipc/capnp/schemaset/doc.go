// Package schemaset reads a compiled Cap'n Proto schema (the
// CodeGeneratorRequest that `capnp compile` hands to plugins) into plain Go
// values, so that the proxy generator (ipc/mpgen) and schema tests work
// without importing Cap'n Proto themselves.
package schemaset
