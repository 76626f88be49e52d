# The IPC test fixture: an interface that exercises every kind of value mpgen
# maps, for the generator's golden test and the runtime's cross-process tests.
@0xa0438192797c54de;

using Go = import "/go.capnp";
$Go.package("testschema");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp/testschema");

using Mp = import "/mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/ipc/ipctest");
using Proxy = import "/proxy.capnp";

interface Tester $Mp.wrap("Tester") {
    destroy @0 (context :Proxy.Context) -> ();
    echo @1 (context :Proxy.Context, msg :Text) -> (result :Text) $Mp.inline;
    echoData @2 (data :Data) -> (result :Data);
    fail @3 (kind :Text, msg :Text, code :Int32) -> ();
    panic @4 (msg :Text) -> ();
    sleep @5 (millis :UInt32) -> (slept :Bool);
    callBack @6 (cb :Callback, n :Int32, msg :Text) -> (result :List(Text));
    subscribe @7 (cb :Callback) -> (result :Subscription);
    makeTester @8 (name :Text) -> (result :Tester);
    pid @9 () -> (result :Int32);
    kitchen @10 (k :Kitchen) -> (result :Kitchen);
    notify @11 (seq :UInt64, data :Data) -> stream;
    notified @12 () -> (count :UInt64, last :UInt64, bytes :UInt64);
    identity @13 (cb :Callback) -> (result :Callback);
    unlock @14 (passphrase :Text $Mp.secret, timeout :Int64) -> (result :Bool);
    lookup @15 (key :Text) -> (result :Inner, hasResult :Bool $Go.name("hasResultFlag"));
    name @16 () -> (result :Text) $Mp.name("GetName");
    fire @17 () -> (fired :Int32);
    unknownLater @18 () -> () $Mp.skip;
}

interface Callback $Mp.wrap("Callback") {
    call @0 (msg :Text) -> (result :Text);
}

interface Subscription $Mp.wrap("Subscription") {
    cancel @0 () -> ();
}

struct Inner $Mp.wrap("Inner") {
    name @0 :Text;
    value @1 :Int64;
}

struct Kitchen $Mp.wrap("Kitchen") {
    b @0 :Bool;
    i8 @1 :Int8;
    i16 @2 :Int16;
    i32 @3 :Int32;
    i64 @4 :Int64;
    u8 @5 :UInt8;
    u16 @6 :UInt16;
    u32 @7 :UInt32;
    u64 @8 :UInt64;
    f32 @9 :Float32;
    f64 @10 :Float64;
    text @11 :Text;
    data @12 :Data;
    texts @13 :List(Text);
    ints @14 :List(Int64);
    datas @15 :List(Data);
    tx @16 :Data $Mp.conv("tx");
    block @17 :Data $Mp.conv("block");
    header @18 :Data $Mp.conv("header");
    outPoint @19 :Data $Mp.conv("outpoint");
    script @20 :Data $Mp.conv("script");
    hash @21 :Data $Mp.conv("hash");
    txs @22 :List(Data) $Mp.conv("tx");
    inner @23 :Inner;
    inners @24 :List(Inner);
    opt @25 :Int32;
    hasOpt @26 :Bool;
    optInner @27 :Inner;
    hasOptInner @28 :Bool $Go.name("hasOptInnerFlag");
    bools @29 :List(Bool);
    renamed @30 :Text $Mp.name("Other");
}
