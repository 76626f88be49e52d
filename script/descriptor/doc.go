// Package descriptor implements Bitcoin Core's output script descriptors
// (doc/descriptors.md): the checksum, parsing, and deriving the scripts,
// addresses and keys a descriptor stands for. Node and wallet code both use
// it; it imports only btcd primitives.
package descriptor
