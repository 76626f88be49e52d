# Bitcoin Core's libmultiprocess protocol types (mp/proxy.capnp): same file ID,
# names and ordinals, so Core's IPC clients can talk to Bulkhead. A Thread is
# only a token here: Go needs no thread affinity.
@0xcc316e3f71a040fb;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/ipc/capnp/mp");

interface ThreadMap $Mp.wrap("ThreadMap") {
    makeThread @0 (name :Text) -> (result :Thread) $Mp.inline;
    makePool @1 (count :UInt32) -> () $Mp.inline;
}

interface Thread $Mp.wrap("Thread") {
    getName @0 () -> (result :Text) $Mp.inline;
}

struct Context {
    thread @0 :Thread;
    callbackThread @1 :Thread;
}
