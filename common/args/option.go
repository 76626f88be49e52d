package args

import "slices"

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
	// Support says how far the executable honours the option: Implemented
	// (the zero value), NoEffect or Limited. Tables mark what Bulkhead
	// lacks; executables claim what they wire up with Implemented.
	Support Support
	// Reason says why a NoEffect option has no effect or why a Limited one
	// refuses other values; docs/options.md and -help show it.
	Reason string
	// Accepts lists the values a Limited option takes: those whose
	// behaviour is Core's (-prune=0, -txindex=0). Bool options compare
	// "0"/"1" (-noX and -X=0 read "0", a bare -X "1"), Int options the
	// number; a negated list option has no values and is always accepted.
	Accepts []string
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

// Support classes of an option.
type Support int

const (
	// Implemented options do what Core's do.
	Implemented Support = iota
	// NoEffect options are accepted and ignored; when one is set,
	// NoEffectLines names it and the executable logs that at start-up.
	NoEffect
	// Limited options take only the values in Option.Accepts; any other
	// value is refused by CheckSupported with ErrNotSupported.
	Limited
)

// String names the class as docs/options.md does.
func (s Support) String() string {
	switch s {
	case NoEffect:
		return "no effect"
	case Limited:
		return "limited"
	}
	return "implemented"
}

// Claim returns a copy of opts in which the named options are Implemented.
// Executables use it to claim the options they have wired up; the shared
// tables stay as they are.
func Claim(opts []Option, names ...string) []Option {
	out := make([]Option, len(opts))
	copy(out, opts)
	for i := range out {
		if slices.Contains(names, out[i].Name) {
			out[i].Support, out[i].Reason, out[i].Accepts = Implemented, "", nil
		}
	}
	return out
}

// noEffect marks every option of a table NoEffect for reason, unless the
// option already has a Support of its own.
func noEffect(reason string, opts []Option) []Option {
	for i := range opts {
		if opts[i].Support == Implemented {
			opts[i].Support, opts[i].Reason = NoEffect, reason
		}
	}
	return opts
}
