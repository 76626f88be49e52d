package node

import (
	"log/slog"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Registrar adds methods whose calls go to another handler (a wallet's) to
// the node's JSON-RPC server; *rpc.Server is one. Chain.HandleRPC registers
// through it.
type Registrar interface {
	RegisterForward(cmd interfaces.RPCCommand, h interfaces.RPCHandler) (unregister func(), err error)
}

// Config is what New needs.
type Config struct {
	// Chain selects the network (main, test, testnet4, signet, regtest).
	Chain *chainparams.Params
	// DataDir is the network's data directory (<datadir>/regtest for
	// regtest); the node keeps all its files below it (see the package
	// documentation for the layout).
	DataDir string
	// Log returns the logger of a Core debug category ("validation",
	// "mempool", "bench", "coindb", … or "" for uncategorised lines). Nil
	// discards logs.
	Log func(category string) *slog.Logger
	// Settings returns every value of a node option by name without the
	// dash ("dbcache"), as the command line and bitcoin.conf give them; nil
	// or an empty result means unset. It backs Chain.GetSetting and the
	// options the node reads (-dbcache, -maxtxfee …).
	Settings func(name string) []string
	// EditWalletSetting adds a wallet name to, or removes it from, the
	// wallets to load at start-up (the "wallet" list in settings.json). It
	// backs Chain.UpdateWalletSetting; nil means there is no settings file
	// to write.
	EditWalletSetting func(name string, add bool) error
	// LoadBlock lists the -loadblock files, imported by Run.
	LoadBlock []string
	// RPC is where Chain.HandleRPC registers methods; nil makes HandleRPC
	// fail.
	RPC Registrar
}

// setting returns the last value of an option, or "" when unset.
func (c *Config) setting(name string) string {
	if c.Settings == nil {
		return ""
	}
	v := c.Settings(name)
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// boolSetting reads a boolean option as Core's GetBoolArg: def when unset,
// else its value by InterpretBool (a bare -name is true).
func (c *Config) boolSetting(name string, def bool) bool {
	if c.Settings == nil {
		return def
	}
	v := c.Settings(name)
	if len(v) == 0 {
		return def
	}
	return args.InterpretBool(v[len(v)-1])
}

func (c *Config) logger(category string) *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	if l := c.Log(category); l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}
