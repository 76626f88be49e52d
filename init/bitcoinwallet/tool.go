package bitcoinwallet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/init/base"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// ToolOptions are the offline wallet tool's own options (Core's
// bitcoin-wallet.cpp SetupWalletToolArgs), beside args.Common and the
// wallet options (attachOptions: -wallet, -walletdir, -keypool …). -debug and -printtoconsole come with args.Common.
var ToolOptions = []args.Option{
	{Name: "dumpfile", Param: "<file name>", Kind: args.Path, Category: args.CatOptions, NoNegate: true, Help: "When used with 'dump', writes out the records to this file. When used with 'createfromdump', loads the records into a new wallet."},
	{Name: "descriptors", Kind: args.Bool, Category: args.CatOptions, Help: "Create descriptors wallet. Only for 'create'"},
	{Name: "legacy", Kind: args.Bool, Category: args.CatOptions, Help: "Create legacy wallet. Only for 'create'"},
	{Name: "format", Param: "<format>", Kind: args.String, Category: args.CatOptions, Help: "The format of the wallet file to create. Either \"bdb\" or \"sqlite\". Only used with 'createfromdump'"},
	{Name: "withinternalbdb", Kind: args.Bool, Category: args.CatDebug, Debug: true, Support: args.NoEffect, Reason: "Bulkhead reads no Berkeley DB wallet files", Help: "Use the internal Berkeley DB parser when dumping a Berkeley DB wallet file (default: false)"},
}

// toolCommands are the commands Core's bitcoin-wallet registers.
var toolCommands = []string{"info", "create", "salvage", "dump", "createfromdump"}

// runTool runs an offline wallet tool command (create, info …) on a wallet
// file, with no node. It prints Core's messages on stderr and exits 1 on
// failure.
func runTool(ctx context.Context, a *args.Args, cmd []string, stdout io.Writer) error {
	if code := tool(ctx, a, cmd, stdout, os.Stderr); code != 0 {
		return &base.ExitError{Code: code}
	}
	return nil
}

// tool is bitcoin-wallet's main after parsing (Core's bitcoin-wallet.cpp
// and wallet/wallettool.cpp ExecuteWalletToolFunc); it returns the exit
// code.
func tool(ctx context.Context, a *args.Args, cmd []string, stdout, stderr io.Writer) int {
	fail := func(format string, v ...any) int {
		fmt.Fprintf(stderr, format+"\n", v...)
		return 1
	}
	if !slices.Contains(toolCommands, cmd[0]) {
		return fail("Error parsing command line arguments: Invalid command '%s'", cmd[0])
	}
	// Core's order: the command is checked while parsing, then the data
	// directory, then the command's arguments.
	netDir, err := a.NetDataDir()
	if err != nil {
		return fail("Error: %v", err)
	}
	if len(cmd) > 1 {
		return fail("Error: Additional arguments provided (%s). Methods do not take arguments. Please refer to `-help`.", strings.Join(cmd[1:], ", "))
	}
	command := cmd[0]

	switch {
	case a.IsSet("format") && command != "createfromdump":
		return fail("The -format option can only be used with the \"createfromdump\" command.")
	case a.IsSet("dumpfile") && command != "dump" && command != "createfromdump":
		return fail("The -dumpfile option can only be used with the \"dump\" and \"createfromdump\" commands.")
	case a.IsSet("descriptors") && command != "create":
		return fail("The -descriptors option can only be used with the 'create' command.")
	case a.IsSet("legacy") && command != "create":
		return fail("The -legacy option can only be used with the 'create' command.")
	case (command == "create" || command == "createfromdump") && !a.IsSet("wallet"):
		return fail("Wallet name must be provided when creating a new wallet.")
	}

	walletDir := base.WalletDir(a.GetAll("walletdir"), netDir)
	if a.IsSet("walletdir") {
		if fi, err := os.Stat(walletDir); err != nil || !fi.IsDir() {
			return fail("Error: Specified -walletdir \"%s\" does not exist", a.GetString("walletdir", ""))
		}
	}
	cfg := &wallet.OfflineConfig{
		WalletDir: walletDir,
		Name:      a.GetString("wallet", ""),
		Network:   string(a.Chain()),
		Keypool:   int(a.GetInt("keypool", wallet.DefaultKeypool)),
		Logger:    toolLogger(a, stdout),
	}

	switch command {
	case "create":
		if cfg.Name == "" {
			return fail("Wallet name cannot be empty")
		}
		legacy := a.GetBool("legacy", false)
		descriptors := (!a.IsSet("descriptors") && !a.IsSet("legacy")) || (a.IsSet("descriptors") && a.GetBool("descriptors", true))
		switch {
		case legacy && descriptors:
			return fail("Only one of -legacy or -descriptors can be set to true, not both")
		case !legacy && !descriptors:
			return fail("One of -legacy or -descriptors must be set to true (or omitted)")
		case legacy:
			return fail("Legacy wallets are not supported: this build creates descriptor wallets only (omit -legacy).")
		}
		info, err := wallet.CreateOffline(ctx, cfg, wallet.CreateOptions{})
		if err != nil {
			return fail("%s", message(err))
		}
		fmt.Fprintln(stdout, "Topping up keypool...")
		showInfo(stdout, info)
	case "info":
		info, err := wallet.ReadInfo(ctx, cfg)
		if err != nil {
			return fail("%s", message(err))
		}
		showInfo(stdout, info)
	case "salvage":
		return fail("Salvage command is not available as BDB support is not compiled")
	case "dump", "createfromdump":
		if a.GetString("dumpfile", "") == "" {
			return fail("No dump file provided. To use %s, -dumpfile=<filename> must be provided.", command)
		}
		return fail("The '%s' command is not implemented: this wallet's SQLite file does not hold Bitcoin Core's key-value records.", command)
	}
	return 0
}

// message is an error's text as Core's tool prints it (error.original,
// without the trailing newline some of Core's messages carry).
func message(err error) string {
	var we *wallet.Error
	if errors.As(err, &we) {
		return strings.TrimRight(we.Description, "\n")
	}
	return strings.TrimRight(err.Error(), "\n")
}

// showInfo prints Core's WalletShowInfo block.
func showInfo(w io.Writer, in wallet.ToolInfo) {
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	fmt.Fprintf(w, "Wallet info\n===========\n")
	fmt.Fprintf(w, "Name: %s\n", in.Name)
	fmt.Fprintf(w, "Format: %s\n", in.Format)
	fmt.Fprintf(w, "Descriptors: %s\n", yesNo(in.Descriptors))
	fmt.Fprintf(w, "Encrypted: %s\n", yesNo(in.Encrypted))
	fmt.Fprintf(w, "HD (hd seed available): %s\n", yesNo(in.HDEnabled))
	fmt.Fprintf(w, "Keypool Size: %d\n", in.KeypoolSize)
	fmt.Fprintf(w, "Transactions: %d\n", in.Transactions)
	fmt.Fprintf(w, "Address Book: %d\n", in.AddressBook)
}

// toolLogger sends the wallet's log lines to the console with
// -printtoconsole (default: -debug), as Core's tool; otherwise nowhere.
func toolLogger(a *args.Args, stdout io.Writer) *slog.Logger {
	if !a.GetBool("printtoconsole", a.IsSet("debug") && !a.IsNegated("debug")) {
		return nil
	}
	return slog.New(slog.NewTextHandler(stdout, nil))
}
