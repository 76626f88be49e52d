package bitcoinwallet

import (
	"context"
	"errors"
	"io"

	"github.com/bulkhead-btc/bulkhead/common/args"
)

// ToolOptions are the offline wallet tool's options (Core's
// bitcoin-wallet.cpp SetupWalletToolArgs), beside args.Common.
var ToolOptions = []args.Option{}

// runTool runs an offline wallet tool command (create, info …) on a wallet
// file, with no node.
func runTool(ctx context.Context, a *args.Args, cmd []string, stdout io.Writer) error {
	return errors.New("the offline wallet tool is not written yet")
}
