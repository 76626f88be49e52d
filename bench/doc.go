// Package bench measures whole-system workloads against the built
// executables, each in both shapes (bitcoind; bitcoin-node with its wallet
// in a bitcoin-wallet process), interleaved round by round because this
// machine drifts: a wallet sending 200 payments, and a -loadblock of the
// shared 100k-input chain with a wallet following every block. It holds
// only benchmarks; `make bench` runs them and docs/benchmarks.md records the
// figures.
package bench
