// Package args owns command-line and bitcoin.conf handling with Bitcoin
// Core's ArgsManager semantics: option tables (Common, CoreServer), parsing of
// -name, -name=value, --name, -noname; config files with [main]/[test]/
// [testnet4]/[signet]/[regtest] sections and includeconf; the dynamic
// settings file (settings.json, -settings); chain selection; Core's
// precedence rules (command line over settings file over config, network
// section over top level, network-only options); the data directory; and
// -help output.
//
// Every executable builds one *Args with New from the option tables it
// supports, calls ParseCommandLine and ReadConfigFiles, and hands the result
// (or values read from it) to the packages it wires together. There is no
// global instance.
//
// This package imports only the standard library and common/chainparams. It
// must not import common/logging (logging reads its configuration from Args)
// or any other Bulkhead package.
package args
