# Echo, as Bitcoin Core's ipc/capnp/echo.capnp (same IDs and ordinals).
@0x888b4f7f51e691f7;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";

interface Echo $Mp.wrap("Echo") {
    destroy @0 (context :Proxy.Context) -> ();
    echo @1 (context :Proxy.Context, echo :Text $Mp.name("msg")) -> (result :Text) $Mp.inline;
}
