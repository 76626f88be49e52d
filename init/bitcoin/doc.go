// Package bitcoin is the bitcoin wrapper (Core's src/bitcoin.cpp):
// "bitcoin [-m|-M] node|gui|rpc|wallet|… ARGS" replaces itself with the
// executable that does the work (bitcoind, bitcoin-node, bitcoin-cli,
// bitcoin-wallet …), found beside the wrapper, then on PATH. -m, or any
// -ipc… argument to node or gui, picks the multiprocess executable.
//
// It runs nothing itself and must link no node, wallet or IPC package.
package bitcoin
