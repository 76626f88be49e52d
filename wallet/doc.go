// Package wallet is Bulkhead's descriptor wallet (Bitcoin Core's
// CWallet): BIP32 keys in wpkh() and tr() descriptors, a keypool of derived
// scripts, transactions and coins, balances, coin selection, signing,
// passphrase encryption, and one SQLite file per wallet. A Loader
// implements interfaces.WalletLoader over an interfaces.Chain and each
// loaded Wallet implements interfaces.Wallet; the wallet learns about the
// chain only through that interface (notifications, blocks, broadcasting),
// so the same code runs inside bitcoind or in its own bitcoin-wallet
// process.
//
// Storage: <walletdir>/<name>/wallet.dat, opened with modernc.org/sqlite
// (pure Go) in exclusive locking mode with synchronous=FULL; every change
// is one transaction, and the last processed block is recorded with the
// effects of the block that moved it. A second process (or handle) cannot
// open a loaded wallet.
//
// It may import interfaces, rpc/rpcerr (Core's RPC error codes),
// common/amount (option amounts), common/args (to read boolean options as
// Core's InterpretBool), script/descriptor and btcd; it must not import
// node/ or the RPC server (package rpc), rules checked by the root tests.
// Its RPC methods live in wallet/rpc.
package wallet
