package cli

import (
	"context"
	"io"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// OptionReader is what Main needs from the parsed options (command line and
// bitcoin.conf, with Core's ArgsManager semantics). Names carry their
// leading dash: "-rpcwallet".
type OptionReader interface {
	// IsSet reports whether the option was given at all (negated too).
	IsSet(name string) bool
	// IsNegated reports whether the option was given as -noNAME.
	IsNegated(name string) bool
	// GetString returns the option's value, or def when it was not given.
	GetString(name, def string) string
	// GetInt returns the option as an integer (Core's GetIntArg), or def.
	GetInt(name string, def int64) int64
	// GetBool returns the option as a boolean (Core's GetBoolArg), or def.
	GetBool(name string, def bool) bool
	// NetDataDir is the network-specific data directory, where the cookie
	// file is found.
	NetDataDir() string
	// ConfigFilePath is the bitcoin.conf path, quoted in authorization errors.
	ConfigFilePath() string
	// Chain is the chain name as -chain takes it ("main", "regtest", …).
	Chain() string
	// RPCPort is the chain's default RPC port (8332, 18443 for regtest …).
	RPCPort() int
	// HelpMessage is the option list -help prints.
	HelpMessage() string
}

// Env is the process environment Main runs in.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Options        OptionReader
	// ConnectIPC connects to a node for -ipcconnect and returns its Init
	// (Core's connectAddress); address is the option's value ("auto",
	// "unix", "unix:PATH", "tcp:HOST:PORT"). Its errors are those of making
	// the connection; Main then asks the Init for its Rpc, whose errors are
	// the server's. The returned func releases the connection. Nil means
	// bitcoin-cli has no IPC support.
	ConnectIPC func(ctx context.Context, address string) (interfaces.Init, func(), error)
	// Version is printed by -version and -help ("v29.0.0" style).
	Version string
	// License is the text -version prints after the version line.
	License string
}
