package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

const clientName = "Bitcoin Core"

// cliCommands are Core's CLI_COMMANDS options, of which one may be given.
var cliCommands = []string{"-addrinfo", "-generate", "-getinfo", "-netinfo"}

// client is one run of bitcoin-cli.
type client struct {
	ctx   context.Context
	env   Env
	stdin *bufio.Reader
}

// Main runs bitcoin-cli with argv (the arguments after the program name)
// and returns the process exit code. env.Options must hold the options
// parsed from argv and bitcoin.conf.
func Main(ctx context.Context, argv []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	o := env.Options
	if o == nil {
		fmt.Fprintln(env.Stderr, "Error: no options")
		return 1
	}
	if len(argv) == 0 || helpRequested(o) || o.GetBool("-version", false) {
		usage := clientName + " RPC client version " + env.Version + "\n"
		if o.GetBool("-version", false) {
			usage += env.License
		} else {
			usage += "\n" +
				"The bitcoin-cli utility provides a command line interface to interact with a " + clientName + " RPC server.\n" +
				"\nIt can be used to query network information, manage wallets, create or broadcast transactions, and control the " + clientName + " server.\n" +
				"\nUse the \"help\" command to list all commands. Use \"help <command>\" to show help for that command.\n" +
				"The -named option allows you to specify parameters using the key=value format, eliminating the need to pass unused positional parameters.\n" +
				"\n" +
				"Usage: bitcoin-cli [options] <command> [params]\n" +
				"or:    bitcoin-cli [options] -named <command> [name=value]...\n" +
				"or:    bitcoin-cli [options] help\n" +
				"or:    bitcoin-cli [options] help <command>\n" +
				"\n"
			usage += "\n" + o.HelpMessage()
		}
		io.WriteString(env.Stdout, usage)
		if len(argv) == 0 {
			io.WriteString(env.Stderr, "Error: too few parameters\n")
			return 1
		}
		return 0
	}
	c := &client{ctx: ctx, env: env, stdin: bufio.NewReader(env.Stdin)}
	out, code := c.run(argv)
	if out != "" {
		w := env.Stdout
		if code != 0 {
			w = env.Stderr
		}
		io.WriteString(w, out+"\n")
	}
	return code
}

func helpRequested(o OptionReader) bool {
	return o.IsSet("-?") || o.IsSet("-h") || o.IsSet("-help") || o.IsSet("-help-debug")
}

// readLine is std::getline on stdin: ok is false at end of input.
func (c *client) readLine() (string, bool) {
	line, err := c.stdin.ReadString('\n')
	if err != nil && line == "" {
		return "", false
	}
	return strings.TrimSuffix(line, "\n"), true
}

// stdinTerminal reports whether stdin is a terminal (Core then prompts).
func (c *client) stdinTerminal() bool {
	f, ok := c.env.Stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// passwordOverride is -stdinrpcpass's password, replacing -rpcpassword.
type passwordOverride struct {
	OptionReader
	password string
}

func (p passwordOverride) GetString(name, def string) string {
	if name == "-rpcpassword" {
		return p.password
	}
	return p.OptionReader.GetString(name, def)
}

func (p passwordOverride) IsSet(name string) bool {
	return name == "-rpcpassword" || p.OptionReader.IsSet(name)
}

// run is Core's CommandLineRPC: it returns what to print and the exit code.
func (c *client) run(argv []string) (string, int) {
	out, code, err := c.runErr(argv)
	if err != nil {
		return "error: " + err.Error(), 1
	}
	return out, code
}

func (c *client) runErr(argv []string) (string, int, error) {
	for len(argv) > 0 && strings.HasPrefix(argv[0], "-") {
		argv = argv[1:]
	}
	o := c.env.Options
	if o.GetBool("-stdinrpcpass", false) {
		if c.stdinTerminal() {
			io.WriteString(c.env.Stderr, "RPC password> ")
		}
		pass, ok := c.readLine()
		if !ok {
			return "", 1, errors.New("-stdinrpcpass specified but failed to read from standard input")
		}
		if c.stdinTerminal() {
			io.WriteString(c.env.Stdout, "\n")
		}
		c.env.Options = passwordOverride{o, pass}
		o = c.env.Options
	}
	args := append([]string(nil), argv...)
	if o.GetBool("-stdinwalletpassphrase", false) {
		if len(args) < 1 || !strings.HasPrefix(args[0], "walletpassphrase") {
			return "", 1, errors.New("-stdinwalletpassphrase is only applicable for walletpassphrase(change)")
		}
		if c.stdinTerminal() {
			io.WriteString(c.env.Stderr, "Wallet passphrase> ")
		}
		pass, ok := c.readLine()
		if !ok {
			return "", 1, errors.New("-stdinwalletpassphrase specified but failed to read from standard input")
		}
		if c.stdinTerminal() {
			io.WriteString(c.env.Stdout, "\n")
		}
		args = append(args[:1], append([]string{pass}, args[1:]...)...)
	}
	if o.GetBool("-stdin", false) {
		for {
			line, ok := c.readLine()
			if !ok {
				break
			}
			args = append(args, line)
		}
		if c.stdinTerminal() {
			io.WriteString(c.env.Stdout, "\n")
		}
	}
	var found []string
	for _, name := range cliCommands {
		if o.IsSet(name) {
			found = append(found, name)
		}
	}
	if len(found) > 1 {
		return "", 1, fmt.Errorf("Only one of %s may be specified.", strings.Join(found, ", "))
	}

	var h requestHandler
	method := ""
	getinfo := o.GetBool("-getinfo", false)
	switch {
	case getinfo:
		h = getinfoHandler{}
	case o.GetBool("-netinfo", false):
		return "", 1, errors.New("-netinfo is not supported by this bitcoin-cli")
	case o.GetBool("-generate", false):
		addr, err := c.connectAndCall(c.defaultHandler(), "getnewaddress", nil, c.walletName())
		if err != nil {
			return "", 1, err
		}
		if e := addr.Get("error"); !e.IsNull() {
			return parseError(e)
		}
		a := addr.Get("result")
		if a.Kind != univalue.String {
			return "", 1, typeErr(a.Kind, univalue.String)
		}
		if args, err = generateArgs(a.Str, args); err != nil {
			return "", 1, err
		}
		h = &generateHandler{}
	case o.GetBool("-addrinfo", false):
		h = addrinfoHandler{}
	default:
		h = c.defaultHandler()
		if len(args) < 1 {
			return "", 1, errors.New("too few parameters (need at least command)")
		}
		method, args = args[0], args[1:]
	}

	wallet := c.walletName()
	reply, err := c.connectAndCall(h, method, args, wallet)
	if err != nil {
		return "", 1, err
	}
	result := reply.Get("result")
	if e := reply.Get("error"); !e.IsNull() {
		return parseError(e)
	}
	if getinfo {
		if wallet == nil {
			if err := c.walletBalances(&result); err != nil {
				return "", 1, err
			}
		}
		if result, err = c.formatGetinfo(result); err != nil {
			return "", 1, err
		}
	}
	return parseResult(result), 0, nil
}

func (c *client) defaultHandler() defaultHandler {
	return defaultHandler{named: c.env.Options.GetBool("-named", false), id: c.env.Options.GetString("-rpcid", "1")}
}

// walletName is Core's RpcWalletName: nil unless -rpcwallet is given and
// not negated.
func (c *client) walletName() *string {
	o := c.env.Options
	if o.IsNegated("-rpcwallet") || !o.IsSet("-rpcwallet") {
		return nil
	}
	w := o.GetString("-rpcwallet", "")
	return &w
}

// generateArgs is Core's SetGenerateToAddressArgs.
func generateArgs(address string, args []string) ([]string, error) {
	if len(args) > 2 {
		return nil, errors.New("too many arguments (maximum 2 for nblocks and maxtries)")
	}
	if len(args) == 0 {
		args = []string{"1"}
	} else if args[0] == "0" {
		return nil, errors.New("the first argument (number of blocks to generate, default: 1) must be an integer value greater than zero")
	}
	return append([]string{args[0], address}, args[1:]...), nil
}

// parseResult is Core's ParseResult: nothing for null, strings raw, other
// values indented by two spaces.
func parseResult(result univalue.Value) string {
	switch result.Kind {
	case univalue.Null:
		return ""
	case univalue.String:
		return result.Str
	}
	return result.Write(2)
}

// parseError is Core's ParseError: the text for stderr and |code| as exit
// code.
func parseError(e univalue.Value) (string, int, error) {
	var out string
	if e.Kind == univalue.Object {
		code := e.Get("code")
		msg := e.Get("message")
		if !code.IsNull() {
			out = "error code: " + code.ValStr() + "\n"
		}
		if msg.Kind == univalue.String {
			out += "error message:\n" + msg.Str
		}
		if code.Kind == univalue.Number {
			if n, err := getInt(code); err == nil && n == rpcerr.RPC_WALLET_NOT_SPECIFIED {
				out += ` Or for the CLI, specify the "-rpcwallet=<walletname>" option before the command`
				out += ` (run "bitcoin-cli -h" for help or "bitcoin-cli listwallets" to see which wallets are currently loaded).`
			}
		}
	} else {
		out = "error: " + e.Write(0)
	}
	n, err := getInt(e.Get("code"))
	if err != nil {
		return "", 1, err
	}
	if n < 0 {
		n = -n
	}
	return out, n, nil
}
