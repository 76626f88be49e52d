// A Cap'n Proto C++ server of the Tester fixture (ipc/capnp/testschema),
// built by ipc/capnp/interop's tests against Debian's libcapnp-dev.
//
// usage: interop-server unix:PATH
//
// It prints "ready" once listening, "sleeping" when a sleep() call starts and
// "released NAME" when a Tester's last reference is gone. Methods not
// overridden answer "unimplemented".

#include <capnp/ez-rpc.h>
#include <kj/debug.h>
#include <kj/vector.h>
#include <unistd.h>

#include <cstdio>

#include "test.capnp.h"

namespace {

void say(kj::StringPtr line) {
  std::printf("%s\n", line.cStr());
  std::fflush(stdout);
}

class TesterImpl final : public Tester::Server {
 public:
  explicit TesterImpl(kj::String name) : name_(kj::mv(name)) {}
  ~TesterImpl() { say(kj::str("released ", name_)); }

 protected:
  kj::Promise<void> echo(EchoContext context) override {
    context.getResults().setResult(context.getParams().getMsg());
    return kj::READY_NOW;
  }

  kj::Promise<void> echoData(EchoDataContext context) override {
    context.getResults().setResult(context.getParams().getData());
    return kj::READY_NOW;
  }

  kj::Promise<void> fail(FailContext context) override {
    auto msg = context.getParams().getMsg();
    KJ_FAIL_REQUIRE("c++ tester failed", msg);
  }

  kj::Promise<void> sleep(SleepContext) override {
    say("sleeping");
    return kj::NEVER_DONE;
  }

  kj::Promise<void> callBack(CallBackContext context) override {
    auto params = context.getParams();
    auto cb = params.getCb();
    auto answers = kj::heap<kj::Vector<kj::String>>();
    auto& out = *answers;
    kj::Promise<void> calls = kj::READY_NOW;
    for (int i = 0; i < params.getN(); i++) {
      calls = calls.then([cb, &out, msg = kj::str(params.getMsg(), " ", i)]() mutable {
        auto req = cb.callRequest();
        req.setMsg(msg);
        return req.send().then([&out](auto res) { out.add(kj::heapString(res.getResult())); });
      });
    }
    return calls
        .then([context, &out]() mutable {
          auto list = context.getResults().initResult(out.size());
          for (unsigned i = 0; i < out.size(); i++) list.set(i, out[i]);
        })
        .attach(kj::mv(answers));
  }

  kj::Promise<void> makeTester(MakeTesterContext context) override {
    context.getResults().setResult(kj::heap<TesterImpl>(kj::heapString(context.getParams().getName())));
    return kj::READY_NOW;
  }

  kj::Promise<void> name(NameContext context) override {
    context.getResults().setResult(name_);
    return kj::READY_NOW;
  }

  kj::Promise<void> identity(IdentityContext context) override {
    context.getResults().setResult(context.getParams().getCb());
    return kj::READY_NOW;
  }

  kj::Promise<void> pid(PidContext context) override {
    context.getResults().setResult(getpid());
    return kj::READY_NOW;
  }

 private:
  kj::String name_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s unix:PATH\n", argv[0]);
    return 2;
  }
  capnp::EzRpcServer server(kj::heap<TesterImpl>(kj::str("c++")), argv[1]);
  auto& ws = server.getWaitScope();
  server.getPort().wait(ws);
  say("ready");
  kj::NEVER_DONE.wait(ws);
}
