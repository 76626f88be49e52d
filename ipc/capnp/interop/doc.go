// Package interop proves that Bulkhead's own Cap'n Proto RPC implementation
// (ipc/capnp/mp) speaks the protocol as other implementations do, by meeting
// them on a real unix socket:
//
//   - go-capnp's rpc package (capnproto.org/go/capnp/v3/rpc) as client of an
//     mp server and as server of an mp client;
//   - the C++ reference implementation (Debian's libcapnp-dev, which Bitcoin
//     Core's IPC runs on): a small C++ client and server in testdata/cpp, built
//     by the tests from code that `capnp compile -oc++` generates for the
//     fixture schema ipc/capnp/testschema/test.capnp;
//   - a C++ server with Bitcoin Core's thread rule (testdata/cpp/coreserver.c++
//     serving Core's Init, testdata/cpp/coreinit.capnp): like Core's
//     bitcoin-node it refuses calls whose Context names no Thread, so our
//     clients, bitcoin-cli -ipcconnect among them, must do Core's handshake
//     (Init.construct, ThreadMap.makeThread); and Bulkhead's own server takes
//     calls with and without a Thread.
//
// Each side checks calls and results, capabilities passed both ways
// (callbacks, returned interfaces, handed-back capabilities), calls pipelined
// on answers that have not returned, error messages, reference release, and
// how a vanished peer is reported (ipc.ErrDisconnected).
//
// Hand-written protocol messages (rawwire_test.go) give the smallest,
// scheduling-independent reproductions of what the foreign peers showed.
//
// The package holds only tests. They never skip: missing tools (capnp, g++,
// pkg-config, libcapnp-dev) fail them; `make test` installs them.
package interop
