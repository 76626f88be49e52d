package args

// Kind says what sort of value an option takes. Like Core, parsing does not
// enforce it (a non-number where a number is expected reads as 0); it
// documents the option and chooses the accessor the caller should use.
type Kind int

// Option kinds.
const (
	Bool   Kind = iota // switch: -x, -nox, -x=0
	String             // single value; the last one given wins
	Int                // integer read with Core's atoi rules
	List               // may be given many times; read with GetAll
	Path               // file or directory; read with GetPath
)

// Help categories, in the order -help prints them. The value is the group
// heading without its colon.
const (
	CatOptions       = "Options"
	CatConnection    = "Connection options"
	CatWallet        = "Wallet options"
	CatWalletDebug   = "Wallet debugging/testing options"
	CatZMQ           = "ZeroMQ notification options"
	CatDebug         = "Debugging/Testing options"
	CatChain         = "Chain selection options"
	CatRelay         = "Node relay options"
	CatBlockCreation = "Block creation options"
	CatRPC           = "RPC server options"
	CatGUI           = "UI Options"
	CatCommands      = "Commands"
	CatCLI           = "CLI Commands"
	CatIPC           = "IPC interprocess connection options"
	// CatHidden options are accepted but never listed by -help.
	CatHidden = "hidden"
)

// categoryOrder is Core's OptionsCategory order. Categories not in it are
// printed after these, in the order their first option was registered.
var categoryOrder = [...]string{
	CatOptions, CatConnection, CatWallet, CatWalletDebug, CatZMQ, CatDebug,
	CatChain, CatRelay, CatBlockCreation, CatRPC, CatGUI, CatCommands, CatCLI,
	CatIPC,
}

// Option describes one option an executable accepts.
type Option struct {
	// Name without the leading dash ("datadir").
	Name string
	// Param is what -help prints after "=" ("<dir>"); empty for switches.
	Param string
	// Help is the -help text.
	Help string
	// Kind documents the value.
	Kind Kind
	// Category is the -help group (one of the Cat constants).
	Category string
	// Debug options are listed only by -help-debug.
	Debug bool
	// NotImplemented options are accepted and ignored; Warnings reports
	// every one that was set.
	NotImplemented bool
	// NetworkOnly options (Core's NETWORK_ONLY) are not taken from the top
	// level of bitcoin.conf when a chain other than main is selected.
	NetworkOnly bool
	// NoNegate rejects -noX (Core's DISALLOW_NEGATION).
	NoNegate bool
	// NeedsValue rejects -X without =value (Core's DISALLOW_ELISION).
	NeedsValue bool
	// Sensitive values are masked when arguments are logged.
	Sensitive bool
}

// Implemented returns a copy of opts in which the named options are no
// longer marked NotImplemented. Executables use it to claim the options
// they have wired up.
func Implemented(opts []Option, names ...string) []Option {
	out := make([]Option, len(opts))
	copy(out, opts)
	for i := range out {
		for _, n := range names {
			if out[i].Name == n {
				out[i].NotImplemented = false
			}
		}
	}
	return out
}
