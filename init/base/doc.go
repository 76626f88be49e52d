// Package base holds what every executable's init shares: the main wrapper
// (signals, "Error: …" and exit codes), option parsing with bitcoin.conf and
// the data directory, logging set-up, and the Echo every Init offers.
// Each executable's own package under init/ decides what runs locally and
// what it spawns.
package base
