// Package bench measures the IPC layer between two real processes: trivial
// call latency and throughput, a 1 MiB payload, callbacks and streaming
// notifications, beside a direct Go call and a raw unix-socket ping-pong of
// the same bytes, interleaved round by round because this machine drifts.
// It holds only benchmarks; `make bench` runs them and docs/benchmarks.md
// records the figures.
package bench
