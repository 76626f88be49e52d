package nodeinit

import (
	"encoding/json"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// walletMethods are the wallet RPC methods the node routes to wallet
// processes, and the only names a wallet process may register: Bitcoin
// Core's wallet commands (its GetWalletRPCCommands), with those of the
// legacy wallet that earlier releases had. bitcoin-node links no wallet
// code, so it knows them by name; a test checks that wallet/rpc registers
// nothing else.
var walletMethods = map[string]bool{
	"abandontransaction": true, "abortrescan": true, "addhdkey": true, "addmultisigaddress": true,
	"backupwallet": true, "bumpfee": true, "createwallet": true, "createwalletdescriptor": true,
	"derivehdkey": true, "dumpprivkey": true, "dumpwallet": true, "encryptwallet": true,
	"exportwatchonlywallet": true, "fundrawtransaction": true, "getaddressesbylabel": true,
	"getaddressinfo": true, "getbalance": true, "getbalances": true, "gethdkeys": true,
	"getnewaddress": true, "getrawchangeaddress": true, "getreceivedbyaddress": true,
	"getreceivedbylabel": true, "gettransaction": true, "getunconfirmedbalance": true,
	"getwalletinfo": true, "importaddress": true, "importdescriptors": true, "importmulti": true,
	"importprivkey": true, "importprunedfunds": true, "importpubkey": true, "importwallet": true,
	"keypoolrefill": true, "listaddressgroupings": true, "listdescriptors": true, "listlabels": true,
	"listlockunspent": true, "listreceivedbyaddress": true, "listreceivedbylabel": true,
	"listsinceblock": true, "listtransactions": true, "listunspent": true, "listwalletdir": true,
	"listwallets": true, "loadwallet": true, "lockunspent": true, "migratewallet": true,
	"newkeypool": true, "psbtbumpfee": true, "removeprunedfunds": true, "rescanblockchain": true,
	"restorewallet": true, "send": true, "sendall": true, "sendmany": true, "sendtoaddress": true,
	"sethdseed": true, "setlabel": true, "settxfee": true, "setwalletflag": true, "signmessage": true,
	"signrawtransactionwithwallet": true, "simulaterawtransaction": true, "unloadwallet": true,
	"upgradewallet": true, "walletcreatefundedpsbt": true, "walletdisplayaddress": true,
	"walletlock": true, "walletpassphrase": true, "walletpassphrasechange": true,
	"walletprocesspsbt": true,
}

// ownProcessOnly says whether a method works on the wallet directory rather
// than on a loaded wallet (it creates, loads, restores or lists wallet
// files): only the node's own wallet process serves these, so their
// parameters (a new wallet's passphrase, a backup's path) never reach an
// attached process.
func ownProcessOnly(method string) bool {
	switch method {
	case "createwallet", "loadwallet", "restorewallet", "listwalletdir":
		return true
	}
	return false
}

// RequestedWallet is the wallet a request names: its /wallet/<name>
// endpoint, else for unloadwallet and migratewallet their first parameter
// (wallet_name). ok is false when it names none.
func RequestedWallet(req interfaces.RPCRequest) (name string, ok bool) {
	if req.WalletEndpoint {
		return req.WalletName, true
	}
	if req.Method == "unloadwallet" || req.Method == "migratewallet" {
		return firstParam(req.Params, "wallet_name")
	}
	return "", false
}

// firstParam reads a string parameter given by position (first) or by
// name.
func firstParam(params, name string) (string, bool) {
	var pos []json.RawMessage
	if json.Unmarshal([]byte(params), &pos) == nil {
		var s string
		if len(pos) > 0 && json.Unmarshal(pos[0], &s) == nil {
			return s, true
		}
		return "", false
	}
	var named map[string]json.RawMessage
	if json.Unmarshal([]byte(params), &named) == nil {
		var s string
		if json.Unmarshal(named[name], &s) == nil {
			return s, true
		}
	}
	return "", false
}
