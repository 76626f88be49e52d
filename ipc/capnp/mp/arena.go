package mp

import "capnproto.org/go/capnp/v3/exp/bufferpool"

// go-capnp's arenas take their segment buffers from bufferpool.Default,
// whose buckets end at 1 MiB: every larger message (a block, a 1 MiB
// payload) allocated fresh memory and gave the garbage collector a fresh
// megabyte to clear, on both sides of every call. Buckets up to 256 MiB keep
// such buffers for reuse (a sync.Pool underneath, emptied by the collector).
func init() {
	bufferpool.Default = *bufferpool.NewPool(1024, 28)
}
