# Mining and BlockTemplate with Bitcoin Core's wire layout (ipc/capnp/mining.capnp),
# so Stratum v2 template providers written for Core can connect. Not wrapped
# yet: the Go side arrives with the mining issue.
@0xc77d03df6a41b505;

using Go = import "/go.capnp";
$Go.package("capnp");
$Go.import("github.com/bulkhead-btc/bulkhead/ipc/capnp");

using Proxy = import "proxy.capnp";
using Common = import "common.capnp";

interface Mining {
    isTestChain @0 (context :Proxy.Context) -> (result :Bool);
    isInitialBlockDownload @1 (context :Proxy.Context) -> (result :Bool);
    getTip @2 (context :Proxy.Context) -> (result :Common.BlockRef, hasResult :Bool $Go.name("hasResultFlag"));
    waitTipChanged @3 (context :Proxy.Context, currentTip :Data, timeout :Float64) -> (result :Common.BlockRef);
    createNewBlock @4 (context :Proxy.Context, options :BlockCreateOptions, cooldown :Bool) -> (result :BlockTemplate);
    checkBlock @5 (context :Proxy.Context, block :Data, options :BlockCheckOptions) -> (reason :Text, debug :Text, result :Bool);
    interrupt @6 () -> ();
    submitBlock @7 (context :Proxy.Context, block :Data) -> (reason :Text, debug :Text, result :Bool);
    getTransactionsByTxID @8 (context :Proxy.Context, txids :List(Data)) -> (result :List(Data));
    getTransactionsByWitnessID @9 (context :Proxy.Context, wtxids :List(Data)) -> (result :List(Data));
}

interface BlockTemplate {
    destroy @0 (context :Proxy.Context) -> ();
    getBlockHeader @1 (context :Proxy.Context) -> (result :Data);
    getBlock @2 (context :Proxy.Context) -> (result :Data);
    getTxFees @3 (context :Proxy.Context) -> (result :List(Int64));
    getTxSigops @4 (context :Proxy.Context) -> (result :List(Int64));
    getCoinbaseTx @5 (context :Proxy.Context) -> (result :CoinbaseTx);
    getCoinbaseMerklePath @6 (context :Proxy.Context) -> (result :List(Data));
    submitSolutionOld7 @7 (context :Proxy.Context, version :UInt32, timestamp :UInt32, nonce :UInt32, coinbase :Data) -> (result :Bool);
    waitNext @8 (context :Proxy.Context, options :BlockWaitOptions) -> (result :BlockTemplate);
    interruptWait @9 () -> ();
    submitSolution @10 (context :Proxy.Context, version :UInt32, timestamp :UInt32, nonce :UInt32, coinbase :Data) -> (reason :Text, debug :Text, result :Bool);
}

struct BlockCreateOptions {
    useMempool @0 :Bool;
    blockReservedWeight @1 :UInt64;
    coinbaseOutputMaxAdditionalSigops @2 :UInt64;
}

struct BlockWaitOptions {
    timeout @0 :Float64;
    feeThreshold @1 :Int64;
}

struct BlockCheckOptions {
    checkMerkleRoot @0 :Bool;
    checkPow @1 :Bool;
}

struct CoinbaseTx {
    version @0 :UInt32;
    sequence @1 :UInt32;
    scriptSigPrefix @2 :Data;
    witness @3 :Data;
    blockRewardRemaining @4 :Int64;
    requiredOutputs @5 :List(Data);
    lockTime @6 :UInt32;
}
