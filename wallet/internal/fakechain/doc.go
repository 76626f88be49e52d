// Package fakechain is a small in-memory regtest chain implementing
// interfaces.Chain for the wallet's tests: real btcd blocks and
// transactions, a UTXO set, a mempool, script verification with txscript's
// engine (so a wrong signature is rejected), reorgs, in-order asynchronous
// notifications and an RPC method table. Only tests import it; it imports
// no node/ package.
package fakechain
