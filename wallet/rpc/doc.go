// Package walletrpc holds the wallet's JSON-RPC methods (Bitcoin Core's
// src/wallet/rpc/): their names, parameters, help texts, result shapes and
// errors. Register hands them to the node through interfaces.Chain's
// HandleRPC, so the same code answers in bitcoind and in a separate
// bitcoin-wallet process; each call runs here through rpc.Invoke.
//
// It imports wallet, rpc, interfaces and btcd; never node/.
package walletrpc
