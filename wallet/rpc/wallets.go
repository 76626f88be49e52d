package walletrpc

import (
	"context"
	"errors"
	"time"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

const loadOnStartupHelp = "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."

var createwalletArgs = []rpc.Arg{
	{Name: "wallet_name", Type: rpc.ArgStr, Description: "The name for the new wallet. If this is a path, the wallet will be created at the path location."},
	{Name: "disable_private_keys", Type: rpc.ArgBool, Default: "false", Description: "Disable the possibility of private keys (only watchonlys are possible in this mode)."},
	{Name: "blank", Type: rpc.ArgBool, Default: "false", Description: "Create a blank wallet. A blank wallet has no keys or HD seed. One can be set using sethdseed."},
	{Name: "passphrase", Type: rpc.ArgStr, Optional: true, Description: "Encrypt the wallet with this passphrase."},
	{Name: "avoid_reuse", Type: rpc.ArgBool, Default: "false", Description: "Keep track of coin reuse, and treat dirty and clean coins differently with privacy considerations in mind. Not supported yet: true is refused."},
	{Name: "descriptors", Type: rpc.ArgBool, Default: "true", Description: "Create a native descriptor wallet. The wallet will use descriptors internally to handle address creation. Setting to \"false\" will create a legacy wallet; This is only possible with the -deprecatedrpc=create_bdb setting because, the legacy wallet type is being deprecated and support for creating and opening legacy wallets will be removed in the future."},
	{Name: "load_on_startup", Type: rpc.ArgBool, Optional: true, Description: loadOnStartupHelp},
	{Name: "external_signer", Type: rpc.ArgBool, Default: "false", Description: "Use an external signer such as a hardware wallet. Requires -signer to be configured. Wallet creation will fail if keys cannot be fetched. Requires disable_private_keys and descriptors set to true."},
}

var loadwalletArgs = []rpc.Arg{
	{Name: "filename", Type: rpc.ArgStr, Description: "The wallet directory or .dat file."},
	{Name: "load_on_startup", Type: rpc.ArgBool, Optional: true, Description: loadOnStartupHelp},
}

var unloadwalletArgs = []rpc.Arg{
	{Name: "wallet_name", Type: rpc.ArgStr, Default: "the wallet name from the RPC endpoint", Description: "The name of the wallet to unload. If provided both here and in the RPC endpoint, the two must be identical."},
	{Name: "load_on_startup", Type: rpc.ArgBool, Optional: true, Description: loadOnStartupHelp},
}

var nameWarningsResult = func(what string) string {
	return "\nResult:\n" + sections(
		rpc.Section{Left: "{", Right: "(json object)"},
		rpc.Section{Left: `  "name" : "str",`, Right: "(string) The wallet name if " + what + " successfully."},
		rpc.Section{Left: `  "warnings" : [`, Right: "(json array, optional) Warning messages, if any, related to " + what + " and loading the wallet."},
		rpc.Section{Left: `    "str",`, Right: "(string)"},
		rpc.Section{Left: "    ...", Right: ""},
		rpc.Section{Left: "  ]", Right: ""},
		rpc.Section{Left: "}", Right: ""})
}

func (s *server) walletMethods() []rpc.Method {
	return []rpc.Method{
		{Name: "createwallet", Args: createwalletArgs, Handler: s.createwallet,
			Help: rpc.FormatHelp("createwallet", "Creates and loads a new wallet.", createwalletArgs, nameWarningsResult("created"),
				examples("createwallet", `"testwallet"`))},
		{Name: "loadwallet", Args: loadwalletArgs, Handler: s.loadwallet,
			Help: rpc.FormatHelp("loadwallet", "Loads a wallet from a wallet file or directory.\nNote that all wallet command-line options used when starting bitcoind will be\napplied to the new wallet.",
				loadwalletArgs, nameWarningsResult("loaded"), examples("loadwallet", `"test.dat"`))},
		{Name: "unloadwallet", Args: unloadwalletArgs, Handler: s.unloadwallet,
			Help: rpc.FormatHelp("unloadwallet", "Unloads the wallet referenced by the request endpoint, otherwise unloads the wallet specified in the argument.\nSpecifying the wallet name on a wallet endpoint is invalid.",
				unloadwalletArgs, "\nResult:\n"+sections(
					rpc.Section{Left: "{", Right: "(json object)"},
					rpc.Section{Left: `  "warnings" : [`, Right: "(json array, optional) Warning messages, if any, related to unloading the wallet."},
					rpc.Section{Left: `    "str",`, Right: "(string)"},
					rpc.Section{Left: "    ...", Right: ""},
					rpc.Section{Left: "  ]", Right: ""},
					rpc.Section{Left: "}", Right: ""}),
				examples("unloadwallet", "wallet_name"))},
		{Name: "listwallets", Handler: s.listwallets,
			Help: rpc.FormatHelp("listwallets", "Returns a list of currently loaded wallets.\nFor full information on the wallet, use \"getwalletinfo\"", nil,
				"\nResult:\n"+sections(
					rpc.Section{Left: "[", Right: "(json array)"},
					rpc.Section{Left: `  "str",`, Right: "(string) the wallet name"},
					rpc.Section{Left: "  ...", Right: ""},
					rpc.Section{Left: "]", Right: ""}),
				examples("listwallets", ""))},
		{Name: "getwalletinfo", Handler: s.getwalletinfo, Help: getwalletinfoHelp},
	}
}

var getwalletinfoHelp = rpc.FormatHelp("getwalletinfo", "Returns an object containing various wallet state info.", nil,
	"\nResult:\n"+sections(
		rpc.Section{Left: "{", Right: "(json object)"},
		rpc.Section{Left: `  "walletname" : "str",`, Right: "(string) the wallet name"},
		rpc.Section{Left: `  "walletversion" : n,`, Right: "(numeric) the wallet version"},
		rpc.Section{Left: `  "format" : "str",`, Right: "(string) the database format (only sqlite)"},
		rpc.Section{Left: `  "balance" : n,`, Right: "(numeric) DEPRECATED. Identical to getbalances().mine.trusted"},
		rpc.Section{Left: `  "unconfirmed_balance" : n,`, Right: "(numeric) DEPRECATED. Identical to getbalances().mine.untrusted_pending"},
		rpc.Section{Left: `  "immature_balance" : n,`, Right: "(numeric) DEPRECATED. Identical to getbalances().mine.immature"},
		rpc.Section{Left: `  "txcount" : n,`, Right: "(numeric) the total number of transactions in the wallet"},
		rpc.Section{Left: `  "keypoolsize" : n,`, Right: "(numeric) how many new keys are pre-generated (only counts external keys)"},
		rpc.Section{Left: `  "keypoolsize_hd_internal" : n,`, Right: "(numeric, optional) how many new keys are pre-generated for internal use (used for change outputs, only appears if the wallet is using this feature, otherwise external keys are used)"},
		rpc.Section{Left: `  "unlocked_until" : xxx,`, Right: "(numeric, optional) the UNIX epoch time until which the wallet is unlocked for transfers, or 0 if the wallet is locked (only present for passphrase-encrypted wallets)"},
		rpc.Section{Left: `  "paytxfee" : n,`, Right: "(numeric) the transaction fee configuration, set in BTC/kvB"},
		rpc.Section{Left: `  "private_keys_enabled" : true|false,`, Right: "(boolean) false if privatekeys are disabled for this wallet (enforced watch-only wallet)"},
		rpc.Section{Left: `  "avoid_reuse" : true|false,`, Right: "(boolean) whether this wallet tracks clean/dirty coins in terms of reuse"},
		rpc.Section{Left: `  "scanning" : {`, Right: "(json object) current scanning details, or false if no scan is in progress"},
		rpc.Section{Left: `    "duration" : n,`, Right: "(numeric) elapsed seconds since scan start"},
		rpc.Section{Left: `    "progress" : n`, Right: "(numeric) scanning progress percentage [0.0, 1.0]"},
		rpc.Section{Left: "  },", Right: ""},
		rpc.Section{Left: `  "descriptors" : true|false,`, Right: "(boolean) whether this wallet uses descriptors for output script management"},
		rpc.Section{Left: `  "external_signer" : true|false,`, Right: "(boolean) whether this wallet is configured to use an external signer such as a hardware wallet"},
		rpc.Section{Left: `  "blank" : true|false,`, Right: "(boolean) Whether this wallet intentionally does not contain any keys, scripts, or descriptors"},
		rpc.Section{Left: `  "birthtime" : xxx,`, Right: "(numeric, optional) The start time for blocks scanning. It could be modified by (re)importing any descriptor with an earlier timestamp."},
		rpc.Section{Left: `  "lastprocessedblock" : {`, Right: "(json object) hash and height of the block this information was generated on"},
		rpc.Section{Left: `    "hash" : "hex",`, Right: "(string) hash of the block this information was generated on"},
		rpc.Section{Left: `    "height" : n`, Right: "(numeric) height of the block this information was generated on"},
		rpc.Section{Left: "  }", Right: ""},
		rpc.Section{Left: "}", Right: ""}),
	examples("getwalletinfo", ""))

func nameResult(name string, warnings []string) obj {
	o := obj{{"name", name}}
	if len(warnings) > 0 {
		o = append(o, kv{"warnings", warnings})
	}
	return o
}

// walletCode keeps a wallet error's code, defaulting other failures to
// RPC_WALLET_ERROR as Core's HandleWalletError.
func walletCode(err error, allowed ...wallet.ErrorKind) error {
	var we *wallet.Error
	if !errors.As(err, &we) {
		return rpcerr.NewError(rpcerr.RPC_WALLET_ERROR, err.Error())
	}
	for _, k := range allowed {
		if we.Kind == k {
			return err
		}
	}
	return rpcerr.NewError(rpcerr.RPC_WALLET_ERROR, we.Description)
}

func (s *server) createwallet(ctx context.Context, req *rpc.Request) (any, error) {
	name, err := req.String(0)
	if err != nil {
		return nil, err
	}
	var o wallet.CreateOptions
	if o.DisablePrivateKeys, err = req.BoolOr(1, false); err != nil {
		return nil, err
	}
	if o.Blank, err = req.BoolOr(2, false); err != nil {
		return nil, err
	}
	var warnings []string
	if req.Has(3) {
		if o.Passphrase, err = req.String(3); err != nil {
			return nil, err
		}
		if o.Passphrase == "" {
			warnings = append(warnings, "Empty string given as passphrase, wallet will not be encrypted.")
		}
	}
	if o.AvoidReuse, err = req.BoolOr(4, false); err != nil {
		return nil, err
	}
	descriptors, err := req.BoolOr(5, true)
	if err != nil {
		return nil, err
	}
	if !descriptors {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_ERROR, "BDB wallet creation is deprecated and will be removed in a future release. In this release it can be re-enabled temporarily with the -deprecatedrpc=create_bdb setting.")
	}
	loadOnStartup, err := optBool(req, 6)
	if err != nil {
		return nil, err
	}
	if o.ExternalSigner, err = req.BoolOr(7, false); err != nil {
		return nil, err
	}
	w, more, err := s.l.CreateWallet(ctx, name, o)
	if err != nil {
		return nil, walletCode(err, wallet.ErrEncryptionFailed)
	}
	warnings = append(warnings, more...)
	warnings = append(warnings, s.l.UpdateWalletSetting(ctx, name, loadOnStartup)...)
	return nameResult(w.Name(), warnings), nil
}

// optBool reads an optional boolean parameter: nil when absent or null
// (load_on_startup: leave the setting unchanged).
func optBool(req *rpc.Request, i int) (*bool, error) {
	if !req.Has(i) {
		return nil, nil
	}
	v, err := req.Bool(i)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func (s *server) loadwallet(ctx context.Context, req *rpc.Request) (any, error) {
	name, err := req.String(0)
	if err != nil {
		return nil, err
	}
	loadOnStartup, err := optBool(req, 1)
	if err != nil {
		return nil, err
	}
	w, err := s.l.OpenWallet(ctx, name)
	if err != nil {
		return nil, walletCode(err, wallet.ErrNotFound, wallet.ErrAlreadyLoaded)
	}
	return nameResult(w.Name(), s.l.UpdateWalletSetting(ctx, name, loadOnStartup)), nil
}

func (s *server) unloadwallet(ctx context.Context, req *rpc.Request) (any, error) {
	name := req.WalletName
	if req.WalletEndpoint {
		if req.Has(0) {
			p, err := req.String(0)
			if err != nil {
				return nil, err
			}
			if p != name {
				return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "RPC endpoint wallet and wallet_name parameter specify different wallets")
			}
		}
	} else {
		var err error
		if name, err = req.String(0); err != nil {
			return nil, err
		}
	}
	loadOnStartup, err := optBool(req, 1)
	if err != nil {
		return nil, err
	}
	if _, ok := s.l.Wallet(name); !ok {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_NOT_FOUND, msgWalletNotFound)
	}
	if err := s.l.UnloadWallet(ctx, name); err != nil {
		if errors.Is(err, wallet.ErrNotFound) {
			return nil, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "Requested wallet already unloaded")
		}
		return nil, walletCode(err)
	}
	res := obj{}
	if warnings := s.l.UpdateWalletSetting(ctx, name, loadOnStartup); len(warnings) > 0 {
		res = append(res, kv{"warnings", warnings})
	}
	return res, nil
}

func (s *server) listwallets(ctx context.Context, req *rpc.Request) (any, error) {
	names, _ := s.l.ListLoaded(ctx)
	if names == nil {
		names = []string{}
	}
	return names, nil
}

func (s *server) getwalletinfo(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	// As Core, whose rescans do not hold BlockUntilSyncedToCurrentChain
	// up: during a scan the answer is the state so far (its
	// lastprocessedblock says how far), with "scanning" saying how far
	// the scan is.
	if w.Scanning() == nil {
		if err := w.BlockUntilSynced(ctx); err != nil {
			return nil, err
		}
	}
	in := w.Info()
	scanning := any(false)
	if sc := in.Scanning; sc != nil {
		scanning = obj{{"duration", int64(sc.Duration / time.Second)}, {"progress", sc.Progress}}
	}
	o := obj{
		{"walletname", in.Name},
		{"walletversion", in.Version},
		{"format", in.Format},
		{"balance", amount(in.Balances.Trusted)},
		{"unconfirmed_balance", amount(in.Balances.UntrustedPending)},
		{"immature_balance", amount(in.Balances.Immature)},
		{"txcount", in.TxCount},
		{"keypoolsize", in.KeypoolSize},
		{"keypoolsize_hd_internal", in.KeypoolSizeInternal},
	}
	if in.Encrypted {
		o = append(o, kv{"unlocked_until", in.UnlockedUntil})
	}
	o = append(o,
		kv{"paytxfee", amount(in.PayTxFee)},
		kv{"private_keys_enabled", in.PrivateKeysEnabled},
		kv{"avoid_reuse", in.AvoidReuse},
		kv{"scanning", scanning},
		kv{"descriptors", in.Descriptors},
		kv{"external_signer", in.ExternalSigner},
		kv{"blank", in.Blank},
		kv{"birthtime", in.BirthTime},
		lastProcessedBlock(in.LastBlock),
	)
	return o, nil
}
