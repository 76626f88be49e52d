// Package univalue is a JSON value model that behaves like Bitcoin Core's
// UniValue: objects keep their keys in order (duplicates included), numbers
// keep their exact text (50.00000000 stays 50.00000000), the parser accepts
// and rejects what UniValue::read does, and the writer produces byte for byte
// what UniValue::write prints, compact or indented.
//
// It is internal to rpc and rpc/cli, which need Core-exact JSON on the wire
// and on the terminal. It imports only the standard library.
package univalue
