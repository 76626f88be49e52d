package base

import (
	"time"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// Setting is an option's values as Chain.GetSetting reports them: every
// value, or "0" for a negated bool option (-noNAME reads as false, as
// Core's GetBoolArg), or nothing for another negated option.
func Setting(a *args.Args, name string) []string {
	if a.IsNegated(name) {
		if o, ok := a.Option(name); ok && o.Kind == args.Bool {
			return []string{"0"}
		}
		return nil
	}
	return a.GetAll(name)
}

// IPCTimeout is -ipctimeout as a duration (0: the ipc package's default).
func IPCTimeout(a *args.Args) time.Duration {
	return time.Duration(a.GetInt("ipctimeout", 0)) * time.Second
}
