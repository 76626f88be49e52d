// Package mp carries Cap'n Proto RPC calls between two processes over one
// stream connection. It speaks the Cap'n Proto RPC protocol (rpc.capnp) for
// what Bulkhead's interfaces use: Bootstrap, Call, Return, Finish, Release,
// Abort, capabilities passed both ways, and calls pipelined on answers that
// have not returned yet, so go-capnp's rpc package and the C++ reference
// implementation interoperate with it.
//
// It uses go-capnp for message encoding only. The call path is its own: one
// reader goroutine per connection, no goroutine or timer per call, a waiting
// caller woken by one channel operation, buffered writes flushed when no other
// write is pending, Finish riding on the next write, handlers that may block
// run on a bounded worker pool, and streaming (notification) calls limited by
// a flow window. The reader never waits for a worker (handlers may be
// waiting for Returns only it can deliver): calls beyond the workers queue,
// bounded in bytes, and beyond that are refused as overloaded. What a peer
// can make this side hold (unfinished calls, capabilities, queued replies,
// message size) is bounded per connection (Config), and a peer that
// exceeds a bound loses its connection with the reason. Generated proxies
// (ipc/mpgen) are its only users.
package mp
