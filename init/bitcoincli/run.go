package bitcoincli

import (
	"context"
	"fmt"
	"os"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/interfaces"
	"github.com/bulkhead-btc/bulkhead/ipc"
	ipccapnp "github.com/bulkhead-btc/bulkhead/ipc/capnp"
	"github.com/bulkhead-btc/bulkhead/rpc/cli"
)

// Run runs bitcoin-cli.
func Run(ctx context.Context, argv []string) error {
	a := args.New(args.Claim(args.Common, "ipcconnect", "ipccredentials", "ipctimeout"), options)
	if err := a.ParseCommandLine(argv); err != nil {
		fmt.Fprintf(os.Stderr, "Error parsing command line arguments: %v\n", err)
		return &base.ExitError{Code: 1}
	}
	opts := &optionReader{a: a}
	if !a.HelpRequested() && !a.IsSet("version") {
		if err := a.ReadConfigFiles(); err != nil {
			fmt.Fprintf(os.Stderr, "Error reading configuration file: %v\n", err)
			return &base.ExitError{Code: 1}
		}
		chain, err := a.ChainArg()
		if err != nil {
			fmt.Fprintf(os.Stderr, "Error: %v\n", err)
			return &base.ExitError{Code: 1}
		}
		if opts.params, err = chainparams.For(chain); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %v\n", err)
			return &base.ExitError{Code: 1}
		}
	}
	code := cli.Main(ctx, argv, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Options:    opts,
		ConnectIPC: opts.connectIPC,
		Version:    base.Version,
		License:    "Copyright (C) 2026 The Bulkhead developers\nDistributed under the MIT software license.",
	})
	if code != 0 {
		return &base.ExitError{Code: code}
	}
	return nil
}

// optionReader adapts common/args to what rpc/cli reads.
type optionReader struct {
	a      *args.Args
	params *chainparams.Params
}

func name(n string) string { return n[1:] } // cli names carry their dash

func (o *optionReader) IsSet(n string) bool              { return o.a.IsSet(name(n)) }
func (o *optionReader) IsNegated(n string) bool          { return o.a.IsNegated(name(n)) }
func (o *optionReader) GetString(n, def string) string   { return o.a.GetString(name(n), def) }
func (o *optionReader) GetInt(n string, def int64) int64 { return o.a.GetInt(name(n), def) }
func (o *optionReader) GetBool(n string, def bool) bool  { return o.a.GetBool(name(n), def) }
func (o *optionReader) ConfigFilePath() string           { return o.a.ConfigPath() }
func (o *optionReader) HelpMessage() string              { return o.a.HelpMessage(o.a.IsSet("help-debug")) }

func (o *optionReader) NetDataDir() string {
	d, _ := o.a.NetDataDir()
	return d
}

func (o *optionReader) Chain() string {
	if o.params == nil {
		return string(chainparams.Main)
	}
	return string(o.params.Name)
}

func (o *optionReader) RPCPort() int {
	if o.params == nil {
		return 8332
	}
	return o.params.RPCPort
}

// connectIPC connects to the node over its -ipcbind socket or TCP address
// ("auto" tries the default socket) and returns its Init; over TCP it
// presents -ipccredentials.
func (o *optionReader) connectIPC(ctx context.Context, address string) (interfaces.Init, func(), error) {
	if address == "auto" {
		address = "unix"
	}
	p := ipc.New(&ipc.Config{
		ExeName:  "bitcoin-cli",
		Protocol: ipccapnp.Protocol(),
		Limits:   ipc.Limits{Timeout: base.IPCTimeout(o.a)},
	})
	init, _, err := p.Connect(ctx, address, o.NetDataDir(), ipc.WithCredentials(o.a.GetPath("ipccredentials", "")))
	if err != nil {
		p.Close()
		return nil, nil, err
	}
	return init, func() { p.Close() }, nil
}
