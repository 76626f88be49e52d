// Package bitcoincli is bitcoin-cli: Core's option set, read with bitcoin.conf,
// handed to rpc/cli, with -ipcconnect reaching a node's Rpc interface over
// IPC. It links neither node nor wallet code.
package bitcoincli
