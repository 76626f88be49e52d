// Package capnp holds Bulkhead's Cap'n Proto schemas (*.capnp), the bindings
// capnpc-go generates from them (*.capnp.go) and the client and server proxies
// ipc/mpgen generates (*.proxy.go), plus the hand-written pieces the proxies
// call: Bitcoin object conversions and the ThreadMap of Core's handshake.
//
// Together with its sub-packages it is the only code that imports
// capnproto.org/go/capnp/v3. Code outside ipc/ reaches it only through
// interfaces and package ipc.
package capnp

//go:generate go run ../mpgen/cmd/mpgen -out . chain.capnp common.capnp echo.capnp handler.capnp init.capnp mining.capnp mpgen.capnp proxy.capnp rpc.capnp wallet.capnp
