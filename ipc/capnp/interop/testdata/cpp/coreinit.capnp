# The Init that Bitcoin Core's bitcoin-node serves: Core's file ID, interface
# name and method ordinals (src/ipc/capnp/init.capnp), so its interface ID is
# Core's and Bulkhead's, without Bulkhead's own methods (5 and up). Echo, Rpc
# and the handshake types come from Bulkhead's schemas, which are Core's on
# the wire. coreserver.c++ serves it.
@0xf2c5cfa319406aa6;

using Proxy = import "/proxy.capnp";
using Echo = import "/echo.capnp";
using Rpc = import "/rpc.capnp";

interface Init {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeEcho @1 (context :Proxy.Context) -> (result :Echo.Echo);
    makeMiningOld2 @2 () -> ();
    makeMining @3 (context :Proxy.Context) -> (result :Capability);
    makeRpc @4 (context :Proxy.Context) -> (result :Rpc.Rpc);
}
