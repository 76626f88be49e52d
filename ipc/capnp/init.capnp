# Init, the first object on every connection. Ordinals 0-4 are Bitcoin Core's
# (ipc/capnp/init.capnp); Bulkhead's own methods follow from 5.
@0xf2c5cfa319406aa6;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";
using Echo = import "echo.capnp";
using Mining = import "mining.capnp";
using Rpc = import "rpc.capnp";
using Chain = import "chain.capnp";
using Wallet = import "wallet.capnp";

interface Init $Mp.wrap("Init") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap) $Mp.construct;
    makeEcho @1 (context :Proxy.Context) -> (result :Echo.Echo);
    makeMiningOld2 @2 () -> () $Mp.skip;
    makeMining @3 (context :Proxy.Context) -> (result :Mining.Mining) $Mp.skip;
    makeRpc @4 (context :Proxy.Context) -> (result :Rpc.Rpc);
    makeWalletLoader @5 (context :Proxy.Context, chain :Chain.Chain) -> (result :Wallet.WalletLoader);
    makeChain @6 (context :Proxy.Context) -> (result :Chain.Chain);
}
