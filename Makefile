# Bulkhead: `make` builds every executable into ./bin, `make test` installs
# what the tests need, checks go.mod and formatting (tidy-check) and runs the
# tests, `make run` starts a regtest node.

GO       ?= go
GOFMT    ?= $(shell $(GO) env GOROOT)/bin/gofmt
BIN      := $(CURDIR)/bin
DATADIR  ?= $(HOME)/.bitcoin
TESTFLAGS ?=

.PHONY: all build test test-deps tidy-check generate bench run clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

test-deps:
	./scripts/test-deps.sh

# go.mod and go.sum must be as `go mod tidy` leaves them, and every tracked
# Go file (generated ones included) as gofmt leaves it.
tidy-check:
	@out=$$($(GO) mod tidy -diff 2>&1) || { printf '%s\n' "$$out"; \
		echo "make: 'go mod tidy -diff' reported the above: run 'go mod tidy' and commit go.mod and go.sum" >&2; exit 1; }
	@files=$$(git ls-files '*.go') && [ -n "$$files" ] || { echo "make: git ls-files found no tracked Go files to check" >&2; exit 1; }; \
	out=$$($(GOFMT) -l $$files 2>&1); [ -z "$$out" ] || { printf '%s\n' "$$out"; \
		echo "make: 'gofmt -l' lists the files above: run 'gofmt -w' on them and commit" >&2; exit 1; }

test: test-deps tidy-check build
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
