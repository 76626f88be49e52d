# Handler, as in Bitcoin Core's multiprocess branch (ipc/capnp/handler.capnp):
# returned by every subscription; disconnect ends it.
@0xebd8f46e2f369076;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";

interface Handler $Mp.wrap("Handler") {
    destroy @0 (context :Proxy.Context) -> ();
    disconnect @1 (context :Proxy.Context) -> ();
}
