package walletrpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

var backupwalletArgs = []rpc.Arg{
	{Name: "destination", Type: rpc.ArgStr, Description: "The destination directory or file"},
}

func (s *server) backupMethods() []rpc.Method {
	return []rpc.Method{{Name: "backupwallet", Args: backupwalletArgs, Handler: s.backupwallet,
		Help: rpc.FormatHelp("backupwallet", "Safely copies the current wallet file to the specified destination, which can either be a directory or a path with a filename.",
			backupwalletArgs, "\nResult:\n"+sections(rpc.Section{Left: "null", Right: "(json null)"}),
			examples("backupwallet", `"backup.dat"`))}}
}

func (s *server) backupwallet(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	dest, err := req.String(0)
	if err != nil {
		return nil, err
	}
	if err := w.Backup(ctx, dest); err != nil {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_ERROR, "Error: Wallet backup failed!")
	}
	return nil, nil
}
