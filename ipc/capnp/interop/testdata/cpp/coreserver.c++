// A Cap'n Proto C++ server that enforces Bitcoin Core's thread rule, built by
// ipc/capnp/interop's tests against Debian's libcapnp-dev. It serves the Init
// of coreinit.capnp (Core's Init: construct, makeEcho, makeRpc) as Bitcoin
// Core's bitcoin-node does through libmultiprocess:
//
//   - Init.construct returns a ThreadMap; ThreadMap.makeThread(name) returns
//     a Thread of this server.
//   - Every method with a Context parameter is refused with Core's message
//     "no thread specified and no pool configured" when context.thread is
//     null, and with "invalid thread handle" when it is not one of this
//     server's Threads. (Core runs the call on that thread; here a Thread
//     runs one call at a time too: a call on a busy Thread is refused, which
//     shows a client sharing one Thread between concurrent calls, or
//     reusing the Thread of a call it cancelled, which in Core still runs.)
//
// usage: interop-coreserver unix:PATH [MAKERPC-ERROR]
//
// With MAKERPC-ERROR, Init.makeRpc fails with that message once the thread
// rule is met. Rpc.executeRpc answers a JSON-RPC reply whose result names the
// request, uri and user it got, the Thread it ran on and the name the client's
// callbackThread gives (asked with Thread.getName, a call back to the client).
// A user "barrier:N" holds the call until N such calls are in flight.
//
// It prints "ready" once listening, then "construct", "makeThread NAME" and
// "refused REASON" as they happen.

#include <capnp/ez-rpc.h>
#include <kj/debug.h>
#include <kj/vector.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "coreinit.capnp.h"

namespace {

void say(kj::StringPtr line) {
  std::printf("%s\n", line.cStr());
  std::fflush(stdout);
}

// json quotes s as a JSON string.
std::string json(kj::StringPtr s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

class ThreadImpl final : public Thread::Server {
 public:
  explicit ThreadImpl(kj::String name) : name_(kj::mv(name)) {}
  kj::StringPtr name() const { return name_; }
  bool busy = false;

 protected:
  kj::Promise<void> getName(GetNameContext context) override {
    context.getResults().setResult(name_);
    return kj::READY_NOW;
  }

 private:
  kj::String name_;
};

// Shared is what every object of the server shares.
struct Shared {
  capnp::CapabilityServerSet<Thread> threads;
  kj::String makeRpcError;
  // Calls held by "barrier:N" users.
  kj::Vector<kj::Own<kj::PromiseFulfiller<void>>> held;
};

[[noreturn]] void refuse(const char* reason) {
  say(kj::str("refused ", reason));
  throw std::runtime_error(reason);
}

// onThread applies Core's rule for a Context parameter, then runs f on the
// Thread the context names. The Thread is busy until f's promise settles;
// as in Core, where the call's function runs on to its end, a call the
// client cancels leaves its Thread busy.
template <typename F>
kj::Promise<void> onThread(Shared& server, Context::Reader context, F f) {
  if (!context.hasThread()) refuse("no thread specified and no pool configured");
  auto client = context.getThread();
  return server.threads.getLocalServer(client)
      .then([f = kj::mv(f), client](kj::Maybe<Thread::Server&> found) mutable -> kj::Promise<void> {
        ThreadImpl* thread = nullptr;
        KJ_IF_MAYBE(t, found) { thread = static_cast<ThreadImpl*>(t); }
        if (thread == nullptr) refuse("invalid thread handle");
        if (thread->busy) refuse("thread busy: a client ran a call on a Thread whose last call has not ended");
        thread->busy = true;
        return kj::evalNow([&]() { return f(*thread); })
            .then([thread, client]() { thread->busy = false; },
                  [thread, client](kj::Exception&& e) {
                    thread->busy = false;
                    kj::throwFatalException(kj::mv(e));
                  });
      });
}

class ThreadMapImpl final : public ThreadMap::Server {
 public:
  explicit ThreadMapImpl(Shared& server) : server_(server) {}

 protected:
  kj::Promise<void> makeThread(MakeThreadContext context) override {
    auto name = context.getParams().getName();
    say(kj::str("makeThread ", name));
    context.getResults().setResult(server_.threads.add(kj::heap<ThreadImpl>(kj::str("core thread for ", name))));
    return kj::READY_NOW;
  }

 private:
  Shared& server_;
};

class EchoImpl final : public Echo::Server {
 public:
  explicit EchoImpl(Shared& server) : server_(server) {}

 protected:
  kj::Promise<void> echo(EchoContext context) override {
    return onThread(server_, context.getParams().getContext(), [context](ThreadImpl&) mutable {
      context.getResults().setResult(context.getParams().getEcho());
      return kj::Promise<void>(kj::READY_NOW);
    });
  }

 private:
  Shared& server_;
};

class RpcImpl final : public Rpc::Server {
 public:
  explicit RpcImpl(Shared& server) : server_(server) {}

 protected:
  kj::Promise<void> executeRpc(ExecuteRpcContext context) override {
    auto params = context.getParams();
    return onThread(server_, params.getContext(), [this, context](ThreadImpl& thread) mutable {
      auto params = context.getParams();
      kj::Promise<void> held = kj::READY_NOW;
      kj::StringPtr user = params.getUser();
      if (user.startsWith("barrier:")) {
        size_t n = std::strtoul(user.slice(8).cStr(), nullptr, 10);
        auto paf = kj::newPromiseAndFulfiller<void>();
        server_.held.add(kj::mv(paf.fulfiller));
        held = kj::mv(paf.promise);
        if (server_.held.size() >= n) {
          for (auto& f : server_.held) f->fulfill();
          server_.held.clear();
        }
      }
      auto threadName = kj::heapString(thread.name());
      return held.then([context]() mutable {
                   auto cb = context.getParams().getContext().getCallbackThread();
                   return cb.getNameRequest().send();
                 })
          .then([context, threadName = kj::mv(threadName)](auto res) mutable {
            auto params = context.getParams();
            std::string reply = "{\"result\":{\"request\":" + std::string(params.getRequest().cStr()) +
                                ",\"uri\":" + json(params.getUri()) + ",\"user\":" + json(params.getUser()) +
                                ",\"thread\":" + json(threadName) +
                                ",\"callbackThread\":" + json(res.getResult()) + "},\"error\":null,\"id\":1}";
            context.getResults().setResult(reply.c_str());
          });
    });
  }

 private:
  Shared& server_;
};

class InitImpl final : public Init::Server {
 public:
  explicit InitImpl(Shared& server) : server_(server) {}

 protected:
  kj::Promise<void> construct(ConstructContext context) override {
    say("construct");
    context.getResults().setThreadMap(kj::heap<ThreadMapImpl>(server_));
    return kj::READY_NOW;
  }

  kj::Promise<void> makeEcho(MakeEchoContext context) override {
    return onThread(server_, context.getParams().getContext(), [this, context](ThreadImpl&) mutable {
      context.getResults().setResult(kj::heap<EchoImpl>(server_));
      return kj::Promise<void>(kj::READY_NOW);
    });
  }

  kj::Promise<void> makeRpc(MakeRpcContext context) override {
    return onThread(server_, context.getParams().getContext(), [this, context](ThreadImpl&) mutable {
      if (server_.makeRpcError.size() > 0) throw std::runtime_error(server_.makeRpcError.cStr());
      context.getResults().setResult(kj::heap<RpcImpl>(server_));
      return kj::Promise<void>(kj::READY_NOW);
    });
  }

 private:
  Shared& server_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s unix:PATH [MAKERPC-ERROR]\n", argv[0]);
    return 2;
  }
  Shared server;
  if (argc == 3) server.makeRpcError = kj::str(argv[2]);
  capnp::EzRpcServer rpc(kj::heap<InitImpl>(server), argv[1]);
  auto& ws = rpc.getWaitScope();
  rpc.getPort().wait(ws);
  say("ready");
  kj::NEVER_DONE.wait(ws);
}
