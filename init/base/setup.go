package base

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/common/chainparams"
	"github.com/bulkhead-btc/bulkhead/common/logging"
)

// Daemon is what a long-running executable (bitcoind, bitcoin-node,
// bitcoin-wallet) has after start-up: its options, chain, data directory and
// logs.
type Daemon struct {
	Args       *args.Args
	Chain      *chainparams.Params
	NetDataDir string
	Logging    *logging.Logging
	Log        *slog.Logger // uncategorised
	// SubVersion is the user agent with the -uacomment comments (nodes).
	SubVersion string

	pidFile string // removed by Close
	unlock  func() // releases the data directory's lock
}

// StartDaemon reads bitcoin.conf, checks the options (refusing the values
// of Limited ones Bulkhead does not support, and bad -uacomment values),
// creates the network data directory (0700, as Core's umask 077) and locks
// it (.lock), reads (and creates) settings.json unless -nosettings, writes
// the pid file when the executable implements -pid, and opens debug.log,
// logging Core's start-up lines and one line for each option that is set
// but has no effect.
func StartDaemon(exeName string, a *args.Args, console io.Writer) (*Daemon, error) {
	if err := a.ReadConfigFiles(); err != nil {
		return nil, err
	}
	for _, w := range a.ConsoleWarnings() {
		fmt.Fprintln(os.Stderr, "warning: "+w)
	}
	if _, err := a.CheckIgnoredConfig(); err != nil {
		return nil, err
	}
	if err := a.CheckSectionOnly(); err != nil {
		return nil, err
	}
	if err := a.CheckSupported(); err != nil {
		return nil, err
	}
	sub, err := SubVersion(a)
	if err != nil {
		return nil, err
	}
	chainName, err := a.ChainArg()
	if err != nil {
		return nil, err
	}
	chain, err := chainparams.For(chainName)
	if err != nil {
		return nil, err
	}
	if err := a.CreateDataDirs(); err != nil {
		return nil, err
	}
	netDir, err := a.NetDataDir()
	if err != nil {
		return nil, err
	}
	unlock, err := lockDataDir(netDir)
	if err != nil {
		return nil, err
	}
	started := false
	defer func() {
		if !started {
			unlock()
		}
	}()
	if err := a.InitSettings(); err != nil {
		return nil, err
	}
	if o, _ := a.Option("wallet"); o.Support == args.Implemented && !a.GetBool("disablewallet", false) && !a.SettingsFileStrings("wallet") {
		return nil, errors.New("Invalid value detected for '-wallet' or '-nowallet'. '-wallet' requires a string value, while '-nowallet' accepts only '1' to disable all wallets")
	}
	lcfg, err := logging.ConfigFromArgs(a, netDir)
	if err != nil {
		return nil, err
	}
	lcfg.Console = console
	lg, err := logging.New(lcfg)
	if err != nil {
		return nil, err
	}
	d := &Daemon{Args: a, Chain: chain, NetDataDir: netDir, Logging: lg, Log: lg.Logger(""), SubVersion: sub, unlock: unlock}
	if o, _ := a.Option("pid"); o.Support == args.Implemented {
		if d.pidFile, err = writePidFile(a, netDir); err != nil {
			lg.Close()
			return nil, err
		}
	}
	d.Log.Info(fmt.Sprintf("Bulkhead %s version %s", exeName, Version))
	d.Log.Info("Using data directory " + netDir)
	if p := a.ConfigPath(); p != "" {
		d.Log.Info("Config file: " + p)
	}
	for _, line := range a.LogLines() {
		d.Log.Info(line)
	}
	for _, w := range a.Warnings() {
		d.Log.Warn(w)
	}
	for _, l := range a.NoEffectLines() {
		d.Log.Info(l)
	}
	started = true
	return d, nil
}

// Close removes the pid file and closes the logs.
func (d *Daemon) Close() error {
	if d.pidFile != "" {
		os.Remove(d.pidFile)
	}
	err := d.Logging.Close()
	d.unlock()
	return err
}
