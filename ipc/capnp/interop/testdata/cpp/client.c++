// A Cap'n Proto C++ client of the Tester fixture (ipc/capnp/testschema),
// built by ipc/capnp/interop's tests against Debian's libcapnp-dev.
//
// usage: interop-client unix:PATH basic|chain|loopback
//
// It prints one line per check on stdout and exits 1 at the first failure,
// with the reason on stderr.

#include <capnp/ez-rpc.h>
#include <kj/debug.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "test.capnp.h"

namespace {

[[noreturn]] void fail(kj::StringPtr what) {
  std::fprintf(stderr, "FAIL: %s\n", what.cStr());
  std::exit(1);
}

void check(bool ok, kj::StringPtr what) {
  if (!ok) fail(what);
}

void say(kj::StringPtr line) {
  std::printf("%s\n", line.cStr());
  std::fflush(stdout);
}

// Threads alive, to see that the server released the one we passed.
int threadsAlive = 0;

// Bitcoin Core's clients pass Thread capabilities in each call's Context.
class ThreadImpl final : public Thread::Server {
 public:
  ThreadImpl() { ++threadsAlive; }
  ~ThreadImpl() { --threadsAlive; }

 protected:
  kj::Promise<void> getName(GetNameContext context) override {
    context.getResults().setResult("c++ callback thread");
    return kj::READY_NOW;
  }
};

class CallbackImpl final : public Callback::Server {
 public:
  explicit CallbackImpl(int& calls) : calls(calls) {}

 protected:
  kj::Promise<void> call(CallContext context) override {
    ++calls;
    context.getResults().setResult(kj::str("c++: ", context.getParams().getMsg()));
    return kj::READY_NOW;
  }

 private:
  int& calls;
};

kj::String echo(Tester::Client& tester, kj::WaitScope& ws, kj::StringPtr msg) {
  auto req = tester.echoRequest();
  req.setMsg(msg);
  return kj::heapString(req.send().wait(ws).getResult());
}

void basic(Tester::Client tester, kj::WaitScope& ws) {
  {
    auto req = tester.echoRequest();
    req.setMsg("hello from c++");
    req.initContext().setCallbackThread(kj::heap<ThreadImpl>());
    auto res = req.send().wait(ws);
    check(res.getResult() == "hello from c++", kj::str("echo returned ", res.getResult()));
    say(kj::str("echo: ", res.getResult()));
  }
  // One more round trip: the server's Release of the thread came before it.
  echo(tester, ws, "sync");
  say(kj::str("threads alive: ", threadsAlive));

  {
    // 1 MiB: C++ splits it over several segments.
    auto req = tester.echoDataRequest();
    auto data = req.initData(1 << 20);
    for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<kj::byte>(i * 7 + i / 4096);
    auto res = req.send().wait(ws);
    auto got = res.getResult();
    check(got.size() == 1 << 20, kj::str("echoData returned ", got.size(), " bytes"));
    for (size_t i = 0; i < got.size(); i++) {
      check(got[i] == static_cast<kj::byte>(i * 7 + i / 4096), kj::str("echoData byte ", i));
    }
    say(kj::str("echoData: ", got.size(), " bytes"));
  }

  {
    // Pipelined, as C++ callers write it: name() goes out on makeTester's
    // result before makeTester's Return can have arrived.
    auto p = tester.makeTesterRequest();
    p.setName("piped");
    auto promise = p.send();
    auto name = promise.getResult().nameRequest().send();
    auto got = name.wait(ws);
    check(got.getResult() == "piped", kj::str("pipelined name ", got.getResult()));
    say(kj::str("pipelined name: ", got.getResult()));
    auto sub = promise.wait(ws).getResult();
    auto again = sub.nameRequest().send().wait(ws);
    check(again.getResult() == "piped", "name on the resolved capability");
  }
  {
    // The server holds makeTester("gated") until it sees "open the gate",
    // which it reads after the pipelined calls.
    auto p = tester.makeTesterRequest();
    p.setName("gated");
    auto promise = p.send();
    auto sub = promise.getResult();
    auto name = sub.nameRequest().send();
    auto er = sub.echoRequest();
    er.setMsg("pipelined echo");
    auto echoed = er.send();
    echo(tester, ws, "open the gate");
    auto got = name.wait(ws);
    check(got.getResult() == "gated", kj::str("gated pipelined name ", got.getResult()));
    check(echoed.wait(ws).getResult() == "pipelined echo", "gated pipelined echo");
    say(kj::str("gated pipelined name: ", got.getResult()));
  }
  {
    int calls = 0;
    auto req = tester.callBackRequest();
    req.setCb(kj::heap<CallbackImpl>(calls));
    req.setN(3);
    req.setMsg("ping");
    auto res = req.send().wait(ws);
    auto list = res.getResult();
    check(list.size() == 3 && calls == 3, kj::str("callBack: ", list.size(), " results, ", calls, " calls"));
    for (unsigned i = 0; i < list.size(); i++) {
      check(list[i] == kj::str("c++: ping ", i), kj::str("callBack result ", list[i]));
    }
    say(kj::str("callBack: ", list[0], ", ", list[1], ", ", list[2]));
  }
  {
    // Our own callback handed back must be our local object again.
    int calls = 0;
    auto req = tester.identityRequest();
    req.setCb(kj::heap<CallbackImpl>(calls));
    auto res = req.send().wait(ws);
    auto call = res.getResult().callRequest();
    call.setMsg("identity");
    auto got = call.send().wait(ws);
    check(calls == 1 && got.getResult() == "c++: identity", "identity did not come back to our callback");
    say("identity: local");
  }
  {
    auto req = tester.failRequest();
    req.setMsg("broken on purpose");
    KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { req.send().wait(ws); })) {
      check(e->getType() == kj::Exception::Type::FAILED, "fail: exception type is not FAILED");
      check(std::strstr(e->getDescription().cStr(), "broken on purpose") != nullptr,
            kj::str("fail: description ", e->getDescription()));
      say(kj::str("fail: ", e->getDescription()));
    } else {
      fail("fail() succeeded");
    }
  }
  {
    auto req = tester.unknownLaterRequest();
    KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { req.send().wait(ws); })) {
      check(e->getType() == kj::Exception::Type::UNIMPLEMENTED,
            kj::str("unknownLater: ", e->getDescription()));
      say("unknownLater: unimplemented");
    } else {
      fail("unknownLater() succeeded");
    }
  }
  check(echo(tester, ws, "still here") == "still here", "echo after errors");
}

// makeTester on the result of a makeTester that has not returned, then
// name() on the result of the second: two levels of pipelining.
void chain(Tester::Client tester, kj::WaitScope& ws) {
  auto outer = tester.makeTesterRequest();
  outer.setName("gated-outer");
  auto p1 = outer.send();
  auto inner = p1.getResult().makeTesterRequest();
  inner.setName("inner");
  auto p2 = inner.send();
  auto name = p2.getResult().nameRequest().send();
  echo(tester, ws, "open the gate");
  auto got = name.wait(ws);
  check(got.getResult() == "inner", kj::str("chained name ", got.getResult()));
  say(kj::str("chained name: ", got.getResult()));
}

// A call pipelined on a result that turns out to be our own capability:
// the server must reflect it back to us, and C++ sends a Disembargo.
void loopback(Tester::Client tester, kj::WaitScope& ws) {
  int calls = 0;
  auto req = tester.identityRequest();
  req.setCb(kj::heap<CallbackImpl>(calls));
  auto promise = req.send();
  auto call = promise.getResult().callRequest();
  call.setMsg("loop");
  auto got = call.send().wait(ws);
  check(calls == 1 && got.getResult() == "c++: loop", "loopback call");
  check(echo(tester, ws, "after loopback") == "after loopback", "echo after loopback");
  say("loopback: local");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s unix:PATH basic|chain|loopback\n", argv[0]);
    return 2;
  }
  kj::StringPtr scenario = argv[2];
  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() {
    capnp::EzRpcClient client(argv[1]);
    auto& ws = client.getWaitScope();
    auto tester = client.getMain<Tester>();  // calls are pipelined on Bootstrap
    if (scenario == "basic") {
      basic(tester, ws);
    } else if (scenario == "chain") {
      chain(tester, ws);
    } else if (scenario == "loopback") {
      loopback(tester, ws);
    } else {
      fail(kj::str("unknown scenario ", scenario));
    }
  })) {
    fail(kj::str("exception: ", e->getDescription()));
  }
  say("done");
  return 0;
}
