# WalletLoader and Wallet: the node (or a GUI) drives a wallet process
# through them (Bitcoin Core's interfaces::WalletLoader and Wallet). Our own
# IDs.
@0xf0872805557bdeed;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Mp = import "mpgen.capnp";
$Mp.types("github.com/bulkhead-btc/bulkhead/interfaces");
using Proxy = import "proxy.capnp";

interface WalletLoader $Mp.wrap("WalletLoader") {
    destroy @0 (context :Proxy.Context) -> ();
    load @1 (context :Proxy.Context) -> ();
    loadWallet @2 (context :Proxy.Context, name :Text) -> (result :Wallet);
    listLoaded @3 (context :Proxy.Context) -> (result :List(Text));
    flush @4 (context :Proxy.Context) -> ();
    stop @5 (context :Proxy.Context) -> ();
}

interface Wallet $Mp.wrap("Wallet") {
    destroy @0 (context :Proxy.Context) -> ();
    getName @1 (context :Proxy.Context) -> (result :Text);
    getBalances @2 (context :Proxy.Context) -> (result :WalletBalances);
    getNewAddress @3 (context :Proxy.Context, label :Text, addressType :Text) -> (result :Text);
    isLocked @4 (context :Proxy.Context) -> (result :Bool);
}

struct WalletBalances $Mp.wrap("WalletBalances") {
    trusted @0 :Int64;
    pending @1 :Int64;
    immature @2 :Int64;
}
