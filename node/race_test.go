//go:build race

package node

// raceEnabled: the race detector slows signature checks about twentyfold,
// so the 100k-input import test loads a prefix of the chain under -race.
const raceEnabled = true
