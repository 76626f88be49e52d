# Chain and ChainNotifications: what a wallet needs from the node (Bitcoin
# Core's interfaces::Chain), and the validation events it receives. Not part
# of Core's merged IPC; our own IDs.
@0x8ae56efd9cc2fd70;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";
using Common = import "common.capnp";
using Handler = import "handler.capnp";

interface Chain $Mp.wrap("Chain") {
    destroy @0 (context :Proxy.Context) -> ();
    network @1 (context :Proxy.Context) -> (result :Text) $Mp.inline;
    getTip @2 (context :Proxy.Context) -> (result :Common.BlockRef) $Mp.inline;
    getBlockHash @3 (context :Proxy.Context, height :Int32) -> (result :Data $Mp.conv("hash")) $Mp.inline;
    findBlock @4 (context :Proxy.Context, hash :Data $Mp.conv("hash")) -> (result :FoundBlock) $Mp.inline;
    findForkPoint @5 (context :Proxy.Context, hash :Data $Mp.conv("hash")) -> (result :Common.BlockRef) $Mp.inline;
    getBlock @6 (context :Proxy.Context, hash :Data $Mp.conv("hash")) -> (result :Data $Mp.conv("block"));
    isInitialBlockDownload @7 (context :Proxy.Context) -> (result :Bool) $Mp.inline;
    broadcastTransaction @8 (context :Proxy.Context, tx :Data $Mp.conv("tx"), maxFee :Int64) -> ();
    relayMinFee @9 (context :Proxy.Context) -> (result :Int64) $Mp.inline;
    estimateSmartFee @10 (context :Proxy.Context, target :Int32) -> (result :FeeEstimate) $Mp.inline;
    getSetting @11 (context :Proxy.Context, name :Text) -> (result :List(Text)) $Mp.inline;
    handleNotifications @12 (context :Proxy.Context, n :ChainNotifications) -> (result :Handler.Handler);
    handleRpc @13 (context :Proxy.Context, cmd :RPCCommand, h :RPCHandler) -> (result :Handler.Handler) $Mp.name("HandleRPC");
    claimWallet @14 (context :Proxy.Context, name :Text) -> (result :Handler.Handler);
    updateWalletSetting @15 (context :Proxy.Context, name :Text, loadOnStartup :Bool) -> (result :Bool);
}

interface ChainNotifications $Mp.wrap("ChainNotifications") {
    transactionAddedToMempool @0 (tx :Data $Mp.conv("tx")) -> stream;
    transactionRemovedFromMempool @1 (tx :Data $Mp.conv("tx"), reason :Int32) -> stream;
    blockConnected @2 (block :BlockInfo) -> stream;
    blockDisconnected @3 (block :BlockInfo) -> stream;
    updatedBlockTip @4 (tip :Common.BlockRef) -> stream;
    chainStateFlushed @5 (tip :Common.BlockRef) -> stream;
    notificationsDropped @6 (reason :Text) -> stream;
}

interface RPCHandler $Mp.wrap("RPCHandler") {
    executeRpc @0 (req :RPCRequest) -> (result :Text) $Mp.name("ExecuteRPC");
}

struct FoundBlock $Mp.wrap("FoundBlock") {
    found @0 :Bool;
    hash @1 :Data $Mp.conv("hash");
    height @2 :Int32;
    time @3 :Int64;
    maxTime @4 :Int64;
    inActive @5 :Bool;
    prevHash @6 :Data $Mp.conv("hash");
    medianTime @7 :Int64;
}

struct FeeEstimate $Mp.wrap("FeeEstimate") {
    found @0 :Bool;
    rate @1 :Int64;
    blocks @2 :Int32;
}

struct BlockInfo $Mp.wrap("BlockInfo") {
    hash @0 :Data $Mp.conv("hash");
    prevHash @1 :Data $Mp.conv("hash");
    height @2 :Int32;
    time @3 :Int64;
    block @4 :Data $Mp.conv("block");
}

struct RPCCommand $Mp.wrap("RPCCommand") {
    name @0 :Text;
    category @1 :Text;
    args @2 :List(RPCArg);
    help @3 :Text;
}

struct RPCArg $Mp.wrap("RPCArg") {
    name @0 :Text;
    type @1 :Text;
    optional @2 :Bool;
}

struct RPCRequest $Mp.wrap("RPCRequest") {
    method @0 :Text;
    params @1 :Text;
    uri @2 :Text $Mp.name("URI");
    walletName @3 :Text;
    walletEndpoint @4 :Bool;
    authUser @5 :Text;
}
