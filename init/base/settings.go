package base

import (
	"time"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// Setting is an option's values as Chain.GetSetting reports them: for a
// list option every value (Core's GetArgs); for any other option the one
// value in effect (Core's GetArg: the command line's last value, else
// bitcoin.conf's first, a network section before the top level), so that
// the reader's "last value wins" agrees with Core; "0" for a negated bool
// option (-noNAME reads as false, as Core's GetBoolArg); nothing for
// another negated option or an unset one.
func Setting(a *args.Args, name string) []string {
	o, known := a.Option(name)
	if a.IsNegated(name) {
		if known && o.Kind == args.Bool {
			return []string{"0"}
		}
		return nil
	}
	if known && o.Kind == args.List {
		return a.GetAll(name)
	}
	if v, ok := a.Get(name); ok {
		return []string{v}
	}
	return nil
}

// IPCTimeout is -ipctimeout as a duration (0: the ipc package's default).
func IPCTimeout(a *args.Args) time.Duration {
	return time.Duration(a.GetInt("ipctimeout", 0)) * time.Second
}
