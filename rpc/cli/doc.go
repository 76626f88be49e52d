// Package cli is bitcoin-cli as a library: Main takes the arguments, the
// parsed options and the process's streams and returns the exit code, with
// Bitcoin Core's behaviour (src/bitcoin-cli.cpp): -named and the parameter
// conversion table of src/rpc/client.cpp, cookie or -rpcuser/-rpcpassword
// authentication, -rpcwallet, -stdin, -stdinrpcpass, -stdinwalletpassphrase,
// -rpcwait, -rpcclienttimeout, -getinfo, -generate, -addrinfo, -ipcconnect,
// and Core's output: strings raw, JSON indented by two spaces with numbers
// and key order exactly as received, errors as "error code: N\nerror
// message:\n…" with exit code |N|.
//
// Option parsing (bitcoin.conf, -datadir, -chain) belongs to common/args; it
// reaches Main through the small OptionReader interface declared here. cli
// imports the standard library, interfaces and rpc; it must not import
// node/, wallet/, ipc/ or common/.
package cli
