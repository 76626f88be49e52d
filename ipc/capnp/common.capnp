# Types shared by several interfaces; layout as Bitcoin Core's ipc/capnp/common.capnp.
@0xcd2c6232cb484a28;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");

struct BlockRef $Mp.wrap("BlockRef") {
    hash @0 :Data $Mp.conv("hash");
    height @1 :Int32;
}
