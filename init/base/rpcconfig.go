package base

import (
	"slices"
	"time"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// RPCOptions are the JSON-RPC server options a node implements.
var RPCOptions = []string{"rpcallowip", "rpcauth", "rpcbind", "rpccookieperms", "rpcservertimeout",
	"rpcthreads", "rpcwhitelist", "rpcwhitelistdefault", "rpcworkqueue"}

// RPCConfig builds the JSON-RPC server's configuration from the options, as
// Core's StartHTTPRPC and InitHTTPServer read them.
func (d *Daemon) RPCConfig(shutdown func()) *rpc.Config {
	a := d.Args
	cfg := &rpc.Config{
		Logger:        d.Logging.Logger("rpc"),
		HTTPLogger:    d.Logging.Logger("http"),
		Port:          int(a.GetInt("rpcport", int64(d.Chain.RPCPort))),
		Bind:          a.GetAll("rpcbind"),
		AllowIP:       a.GetAll("rpcallowip"),
		User:          a.GetString("rpcuser", ""),
		Password:      a.GetString("rpcpassword", ""),
		Auth:          a.GetAll("rpcauth"),
		CookiePerms:   a.GetString("rpccookieperms", ""),
		Whitelist:     a.GetAll("rpcwhitelist"),
		Threads:       int(a.GetInt("rpcthreads", 16)),
		WorkQueue:     int(a.GetInt("rpcworkqueue", 64)),
		ServerTimeout: time.Duration(a.GetInt("rpcservertimeout", 30)) * time.Second,
		Shutdown:      shutdown,
		LogPath:       d.Logging.FilePath(),
	}
	if !a.IsNegated("rpccookiefile") {
		cfg.CookieFile = rpc.CookieFilePath(d.NetDataDir, a.GetString("rpccookiefile", ""))
	}
	if a.IsSet("rpcwhitelistdefault") {
		v := a.GetBool("rpcwhitelistdefault", false)
		cfg.WhitelistDefault = &v
	}
	return cfg
}

// DaemonOptions are the server options init/base itself implements for
// every node executable.
var DaemonOptions = []string{"help-debug", "allowignoredconf"}

// NodeOptions is the option table of a node executable: Core's server
// options with the RPC server's, DaemonOptions and the ones named claimed
// as implemented.
func NodeOptions(implemented ...string) []args.Option {
	return args.Claim(args.CoreServer, slices.Concat(RPCOptions, DaemonOptions, implemented)...)
}
