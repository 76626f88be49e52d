package base

import (
	"fmt"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// Usage is the -help and -version text of an executable.
func Usage(exeName string, a *args.Args) string {
	head := fmt.Sprintf("Bulkhead %s version %s\n", exeName, Version)
	if !a.HelpRequested() {
		return head + "Copyright (C) 2026 The Bulkhead developers\nDistributed under the MIT software license.\n"
	}
	return head + "\nUsage:  " + exeName + " [options]\n\nOptions:\n\n" + a.HelpMessage(a.IsSet("help-debug"))
}
