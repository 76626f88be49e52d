package walletrpc

import (
	"context"
	"errors"
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

var walletpassphraseArgs = []rpc.Arg{
	{Name: "passphrase", Type: rpc.ArgStr, Description: "The wallet passphrase"},
	{Name: "timeout", Type: rpc.ArgNum, Description: "The time to keep the decryption key in seconds; capped at 100000000 (~3 years)."},
}

var walletpassphrasechangeArgs = []rpc.Arg{
	{Name: "oldpassphrase", Type: rpc.ArgStr, Description: "The current passphrase"},
	{Name: "newpassphrase", Type: rpc.ArgStr, Description: "The new passphrase"},
}

var encryptwalletArgs = []rpc.Arg{
	{Name: "passphrase", Type: rpc.ArgStr, Description: "The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long."},
}

const encryptedMessage = "wallet encrypted; The keypool has been flushed and a new HD seed was generated. You need to make a new backup with the backupwallet RPC."

func (s *server) encryptMethods() []rpc.Method {
	none := "\nResult:\n" + sections(rpc.Section{Left: "null", Right: "(json null)"})
	return []rpc.Method{
		{Name: "walletpassphrase", Args: walletpassphraseArgs, Handler: s.walletpassphrase,
			Help: rpc.FormatHelp("walletpassphrase", "Stores the wallet decryption key in memory for 'timeout' seconds.\nThis is needed prior to performing transactions related to private keys such as sending bitcoins\n\nNote:\nIssuing the walletpassphrase command while the wallet is already unlocked will set a new unlock\ntime that overrides the old one.",
				walletpassphraseArgs, none,
				"\nUnlock the wallet for 60 seconds\n"+rpc.HelpExampleCli("walletpassphrase", `"my pass phrase" 60`)+
					"\nLock the wallet again (before 60 seconds)\n"+rpc.HelpExampleCli("walletlock", "")+
					"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("walletpassphrase", `"my pass phrase", 60`))},
		{Name: "walletpassphrasechange", Args: walletpassphrasechangeArgs, Handler: s.walletpassphrasechange,
			Help: rpc.FormatHelp("walletpassphrasechange", "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.",
				walletpassphrasechangeArgs, none, rpc.HelpExampleCli("walletpassphrasechange", `"old one" "new one"`)+rpc.HelpExampleRpc("walletpassphrasechange", `"old one", "new one"`))},
		{Name: "walletlock", Handler: s.walletlock,
			Help: rpc.FormatHelp("walletlock", "Removes the wallet encryption key from memory, locking the wallet.\nAfter calling this method, you will need to call walletpassphrase again\nbefore being able to call any methods which require the wallet to be unlocked.",
				nil, none, "\nSet the passphrase for 2 minutes to perform a transaction\n"+rpc.HelpExampleCli("walletpassphrase", `"my pass phrase" 120`)+
					"\nClear the passphrase since we are done before 2 minutes is up\n"+rpc.HelpExampleCli("walletlock", "")+
					"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("walletlock", ""))},
		{Name: "encryptwallet", Args: encryptwalletArgs, Handler: s.encryptwallet,
			Help: rpc.FormatHelp("encryptwallet", "Encrypts the wallet with 'passphrase'. This is for first time encryption.\nAfter this, any calls that interact with private keys such as sending or signing \nwill require the passphrase to be set prior to making these calls.\nUse the walletpassphrase call for this, and then walletlock call.\nIf the wallet is already encrypted, use the walletpassphrasechange call.\n** IMPORTANT **\nFor security reasons, the encryption process will generate a new HD seed, resulting\nin the creation of a fresh set of active descriptors. Therefore, it is crucial to\nsecurely back up the newly generated wallet file using the backupwallet RPC.",
				encryptwalletArgs, "\nResult:\n"+sections(rpc.Section{Left: `"str"`, Right: "(string) A string with further instructions"}),
				"\nEncrypt your wallet\n"+rpc.HelpExampleCli("encryptwallet", `"my pass phrase"`)+
					"\nNow set the passphrase to use the wallet, such as for signing or sending bitcoin\n"+rpc.HelpExampleCli("walletpassphrase", `"my pass phrase"`)+
					"\nNow lock the wallet again by removing the passphrase\n"+rpc.HelpExampleCli("walletlock", "")+
					"\nAs a JSON-RPC call\n"+rpc.HelpExampleRpc("encryptwallet", `"my pass phrase"`))},
	}
}

func emptyPassphrase() error {
	return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "passphrase cannot be empty")
}

func (s *server) walletpassphrase(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrase was called.")
	}
	pass, err := req.String(0)
	if err != nil {
		return nil, err
	}
	timeout, err := req.Int64(1)
	if err != nil {
		return nil, err
	}
	if timeout < 0 {
		return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Timeout cannot be negative.")
	}
	if pass == "" {
		return nil, emptyPassphrase()
	}
	if err := w.Unlock(ctx, pass, min(timeout, wallet.MaxUnlockSeconds)); err != nil {
		if errors.Is(err, wallet.ErrWrongPassphrase) && strings.ContainsRune(pass, 0) {
			return nil, rpcerr.NewError(rpcerr.RPC_WALLET_PASSPHRASE_INCORRECT, "Error: The wallet passphrase entered is incorrect. It contains a null character (ie - a zero byte). If the passphrase was set with a version of this software prior to 25.0, please try again with only the characters up to — but not including — the first null character. If this is successful, please set a new passphrase to avoid this issue in the future.")
		}
		return nil, err
	}
	return nil, nil
}

func (s *server) walletpassphrasechange(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.")
	}
	oldPass, err := req.String(0)
	if err != nil {
		return nil, err
	}
	newPass, err := req.String(1)
	if err != nil {
		return nil, err
	}
	if oldPass == "" || newPass == "" {
		return nil, emptyPassphrase()
	}
	if err := w.ChangePassphrase(ctx, oldPass, newPass); err != nil {
		if errors.Is(err, wallet.ErrWrongPassphrase) && strings.ContainsRune(oldPass, 0) {
			return nil, rpcerr.NewError(rpcerr.RPC_WALLET_PASSPHRASE_INCORRECT, "Error: The old wallet passphrase entered is incorrect. It contains a null character (ie - a zero byte). If the old passphrase was set with a version of this software prior to 25.0, please try again with only the characters up to — but not including — the first null character.")
		}
		return nil, err
	}
	return nil, nil
}

func (s *server) walletlock(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletlock was called.")
	}
	return nil, w.Lock(ctx)
}

func (s *server) encryptwallet(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	if w.HasFlag(wallet.FlagDisablePrivateKeys) {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_ENCRYPTION_FAILED, "Error: wallet does not contain private keys, nothing to encrypt.")
	}
	if w.IsCrypted() {
		return nil, rpcerr.NewError(rpcerr.RPC_WALLET_WRONG_ENC_STATE, "Error: running with an encrypted wallet, but encryptwallet was called.")
	}
	pass, err := req.String(0)
	if err != nil {
		return nil, err
	}
	if pass == "" {
		return nil, emptyPassphrase()
	}
	if err := w.EncryptWallet(ctx, pass); err != nil {
		return nil, err
	}
	return encryptedMessage, nil
}
