# Annotations read by Bulkhead's proxy generator (ipc/mpgen). They change
# nothing on the wire; they tell mpgen which Go types a schema maps to.
@0xb86fa2a6fcf5c373;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

annotation types(file): Text;
# Go import path of the package that holds the types named by `wrap` in this
# file. Without it, wrapped names refer to types in the generated package.

annotation wrap(interface, struct): Text;
# The Go interface (for an interface) or Go struct (for a struct) that the
# schema type stands for. Only wrapped interfaces get a client and a server.

# Optional values follow Core's convention: a field "x" and a Bool "hasX"
# beside it become one Go value of pointer type (*T, nil when absent). When x
# is itself a pointer (struct, Text, Data, List), capnpc-go already has a
# method HasX, so give the flag another Go accessor: $Go.name("hasXFlag").

annotation name(field, param, method): Text;
# The Go name of a method, struct field or parameter when the capitalised
# schema name is not it.

annotation conv(field, param): Text;
# A Data field that carries a Bitcoin object in Bitcoin serialization: "tx",
# "block", "header", "outpoint", "hash". mpgen maps it to the btcd type and
# calls the conversion functions registered for that name.

annotation secret(field, param): Void;
# Mask this value in -loglevel=ipc:trace logs (passphrases, keys).

annotation skip(method): Void;
# Leave the method out of the Go interface; the server answers it with an
# "unimplemented" exception.

annotation construct(method): Void;
# Bitcoin Core's Init.construct handshake: the server answers with a ThreadMap
# served by the runtime; the method is not part of the Go interface.

annotation inline(method): Void;
# The implementation never blocks and makes no IPC calls: the server runs it
# on the connection's reader goroutine instead of handing it to a worker.
