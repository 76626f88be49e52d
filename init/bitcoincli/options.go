package bitcoincli

import "github.com/bulkhead-btc/bulkhead/common/args"

// options are bitcoin-cli's own options (Core's SetupCliArgs), beside the
// common ones.
var options = []args.Option{
	{Name: "rpcconnect", Param: "<ip>", Kind: args.String, Category: args.CatOptions, Help: "Send commands to node running on <ip> (default: 127.0.0.1)"},
	{Name: "rpcwallet", Param: "<walletname>", Kind: args.String, Category: args.CatOptions, Help: "Send RPC for non-default wallet on RPC server (needs to exactly match corresponding -wallet option passed to bitcoind). This changes the RPC endpoint used, e.g. http://127.0.0.1:8332/wallet/<walletname>"},
	{Name: "named", Kind: args.Bool, Category: args.CatOptions, Help: "Pass named instead of positional arguments (default: false)"},
	{Name: "stdin", Kind: args.Bool, Category: args.CatOptions, Help: "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive information such as passphrases). When combined with -stdinrpcpass, the first line from standard input is used for the RPC password."},
	{Name: "stdinrpcpass", Kind: args.Bool, Category: args.CatOptions, Help: "Read RPC password from standard input as a single line. When combined with -stdin, the first line from standard input is used for the RPC password. When combined with -stdinwalletpassphrase, -stdinrpcpass consumes the first line, and -stdinwalletpassphrase consumes the second."},
	{Name: "stdinwalletpassphrase", Kind: args.Bool, Category: args.CatOptions, Help: "Read wallet passphrase from standard input as a single line. When combined with -stdin, the first line from standard input is used for the wallet passphrase."},
	{Name: "rpcwait", Kind: args.Bool, Category: args.CatOptions, Help: "Wait for RPC server to start"},
	{Name: "rpcwaittimeout", Param: "<n>", Kind: args.Int, Category: args.CatOptions, Help: "Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)"},
	{Name: "rpcclienttimeout", Param: "<n>", Kind: args.Int, Category: args.CatOptions, Help: "Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)"},
	{Name: "rpcid", Param: "<id>", Kind: args.String, Category: args.CatHidden},
	{Name: "getinfo", Kind: args.Bool, Category: args.CatCommands, Help: "Get general information from the remote server. Note that unlike server-side RPC calls, the output of -getinfo is the result of multiple non-atomic requests. Some entries in the output may represent results from different states (e.g. wallet balance may be as of a different block from the chain state reported)"},
	{Name: "netinfo", Param: "[level]|outonly|help", Kind: args.String, Category: args.CatCommands, Help: "Get network peer connection information from the remote server."},
	{Name: "generate", Param: "[nblocks|maxtries]", Kind: args.String, Category: args.CatCommands, Help: "Generate blocks, equivalent to RPC getnewaddress followed by RPC generatetoaddress."},
	{Name: "addrinfo", Kind: args.Bool, Category: args.CatCommands, Help: "Get the number of addresses known to the node, per network and total, after filtering for quality and recency."},
	{Name: "color", Param: "<when>", Kind: args.String, Category: args.CatOptions, Help: "Color setting for CLI output (default: auto). Valid values: always, auto (add color codes when standard output is connected to a terminal and OS is not WIN32), never. Only applies to the output of -getinfo."},
}
