# Rpc, as Bitcoin Core's ipc/capnp/rpc.capnp: bitcoin-cli -ipcconnect sends
# JSON-RPC requests through it.
@0x9c3505dc45e146ac;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";

interface Rpc $Mp.wrap("Rpc") {
    executeRpc @0 (context :Proxy.Context, request :Text, uri :Text, user :Text) -> (result :Text);
}
