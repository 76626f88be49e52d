package walletrpc

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// Core's wallet selection errors (wallet/rpc/util.cpp).
const (
	msgWalletNotFound = "Requested wallet does not exist or is not loaded"
	msgNoWallet       = "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)"
	msgNotSpecified   = "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path."
)

// helpRequiringPassphrase is Core's HELP_REQUIRING_PASSPHRASE.
const helpRequiringPassphrase = "\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.\n"

// walletFor is Core's GetWalletForJSONRPCRequest: the /wallet/<name>
// wallet, or the only loaded one.
func (s *server) walletFor(req *rpc.Request) (*wallet.Wallet, error) {
	if req.WalletEndpoint {
		if w, ok := s.l.Wallet(req.WalletName); ok {
			return w, nil
		}
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_FOUND, msgWalletNotFound)
	}
	ws := s.l.Wallets()
	switch len(ws) {
	case 1:
		return ws[0], nil
	case 0:
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_FOUND, msgNoWallet)
	}
	return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_SPECIFIED, msgNotSpecified)
}

// syncedWallet selects the wallet and waits until it has processed the
// chain's tip (BlockUntilSyncedToCurrentChain).
func (s *server) syncedWallet(ctx context.Context, req *rpc.Request) (*wallet.Wallet, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	if err := w.BlockUntilSynced(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// ensureUnlocked is Core's EnsureWalletIsUnlocked.
func ensureUnlocked(ctx context.Context, w *wallet.Wallet) error {
	if locked, _ := w.IsLocked(ctx); locked {
		return rpcerr.NewError(rpcerr.RPC_WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.")
	}
	return nil
}

// labelFromValue is Core's LabelFromValue.
func labelFromValue(raw json.RawMessage) (string, error) {
	if rpc.IsNull(raw) {
		return "", nil
	}
	l, err := rpc.GetString(raw)
	if err != nil {
		return "", err
	}
	if l == "*" {
		return "", rpcerr.NewError(rpcerr.RPC_WALLET_INVALID_LABEL_NAME, "Invalid label name")
	}
	return l, nil
}

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// obj is a JSON object whose members keep their order (Core's pushKV).
type obj []kv

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func amount(sat int64) rpc.Amount { return rpc.Amount(sat) }

// lastProcessedBlock is Core's AppendLastProcessedBlock member.
func lastProcessedBlock(b wallet.LastBlock) kv {
	return kv{"lastprocessedblock", obj{{"hash", b.Hash.String()}, {"height", b.Height}}}
}

// sections formats a help result block.
func sections(s ...rpc.Section) string { return rpc.FormatSections(s) }

func examples(method, args string) string {
	return rpc.HelpExampleCli(method, args) + rpc.HelpExampleRpc(method, args)
}
