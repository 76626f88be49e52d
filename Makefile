# Bulkhead: `make` builds every executable into ./bin, `make test` installs
# what the tests need and runs them, `make run` starts a regtest node.

GO       ?= go
BIN      := $(CURDIR)/bin
DATADIR  ?= $(HOME)/.bitcoin
TESTFLAGS ?=

.PHONY: all build test test-deps generate bench run clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

test-deps:
	./scripts/test-deps.sh

test: test-deps build
	$(GO) vet ./...
	$(GO) test $(TESTFLAGS) ./...
	$(GO) test -race $(TESTFLAGS) ./ipc/... ./rpc/... ./common/... ./node/... ./wallet/... ./script/... ./init/...

# Regenerate the Cap'n Proto bindings (capnpc-go at the version go.mod pins)
# and the mpgen proxies. A test fails when the committed ones are stale.
generate: test-deps
	$(GO) generate ./ipc/...

# Interleaved IPC benchmark (BENCH_ROUNDS rounds, default 5); figures and
# their commands are recorded in docs/benchmarks.md.
bench: test-deps build
	$(GO) test -run '^$$' -bench IPC -benchtime 1x -timeout 30m ./ipc/capnp/bench/
	$(GO) test -run '^$$' -bench Transports -benchtime 1x -timeout 30m ./ipc/
	$(GO) test -run '^$$' -bench WalletShapes -benchtime 1x -timeout 60m ./bench/

run: build
	mkdir -p $(DATADIR)
	$(BIN)/bitcoin-node -regtest -datadir=$(DATADIR) -ipcbind=unix -fallbackfee=0.0002 -printtoconsole

clean:
	rm -rf $(BIN)
