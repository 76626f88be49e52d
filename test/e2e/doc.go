// Package e2e tests the built executables as real processes: each test gets a
// temp datadir and free loopback ports, talks to the node with bitcoin-cli,
// and stops it with an interrupt. Only tests live here.
package e2e
