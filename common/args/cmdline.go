package args

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// keyInfo is an option key split into section, name and negation, as Core's
// InterpretKey does ("regtest.norpcport" → regtest, rpcport, negated).
type keyInfo struct {
	section string
	name    string
	negated bool
}

func interpretKey(key string) keyInfo {
	var k keyInfo
	if i := strings.IndexByte(key, '.'); i >= 0 {
		k.section, key = key[:i], key[i+1:]
	}
	if strings.HasPrefix(key, "no") {
		key = key[2:]
		k.negated = true
	}
	k.name = key
	return k
}

// interpretValue turns a key and its optional value into a setting value,
// enforcing the option's NoNegate and NeedsValue rules. warn receives
// Core's double-negative warning.
func interpretValue(k keyInfo, val *string, o *Option, warn func(string)) (value, error) {
	if k.negated {
		if o.NoNegate {
			return value{}, newError(ErrNegation, fmt.Sprintf("Negating of -%s is meaningless and therefore forbidden", k.name))
		}
		// Double negatives like -nofoo=0 are supported (but discouraged).
		if val != nil && !InterpretBool(*val) {
			warn(fmt.Sprintf("Parsed potentially confusing double-negative -%s=%s", k.name, *val))
			return value{kind: kindTrue}, nil
		}
		return value{kind: kindFalse}, nil
	}
	if val == nil {
		if o.NeedsValue {
			return value{}, newError(ErrMissingValue, fmt.Sprintf("Can not set -%s with no value. Please specify value with -%s=value.", k.name, k.name))
		}
		return value{}, nil
	}
	return value{s: *val}, nil
}

// ParseCommandLine reads argv (without the program name) as Core's
// ParseParameters does: -name, --name, -name=value, -noname and -noname=0
// (true); values accumulate in order; "-" or the first argument not starting
// with '-' ends the options, and it and everything after it become
// Positional(). An unknown option, or one with a section prefix
// (-regtest.rpcport=1), is an error with Core's text "Invalid parameter
// ARG"; so is -includeconf, which only config files may use. Callers print
// "Error parsing command line arguments: " before the error.
//
// Calling it again replaces the command-line values.
func (a *Args) ParseCommandLine(argv []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.cmdline = make(map[string][]value)
	a.positional = nil
	a.cmdWarnings = nil

	for i, arg := range argv {
		if arg == "-" {
			break
		}
		key, val, hasVal := strings.Cut(arg, "=")
		var valp *string
		if hasVal {
			valp = &val
		}
		if !strings.HasPrefix(key, "-") {
			a.positional = append([]string(nil), argv[i:]...)
			break
		}
		// --foo is -foo.
		if strings.HasPrefix(key, "--") {
			key = key[1:]
		}
		k := interpretKey(key[1:])
		o, known := a.options[k.name]
		if !known || k.section != "" || k.name == "" {
			return newError(ErrInvalidParameter, "Invalid parameter "+arg)
		}
		v, err := interpretValue(k, valp, o, func(w string) { a.cmdWarnings = append(a.cmdWarnings, w) })
		if err != nil {
			return err
		}
		a.st.cmdline[k.name] = append(a.st.cmdline[k.name], v)
	}

	// Only -noincludeconf is allowed on the command line.
	if live := span(a.st.cmdline["includeconf"]); !live.empty() {
		first := live.live()[0]
		return newError(ErrIncludeConf, "-includeconf cannot be used from commandline; -includeconf="+quoteJSON(first))
	}
	return nil
}

// quoteJSON renders a value as Core's UniValue::write does: JSON true,
// false or a quoted string.
func quoteJSON(v value) string {
	switch v.kind {
	case kindTrue:
		return "true"
	case kindFalse:
		return "false"
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.s); err != nil {
		return strconv.Quote(v.s)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Positional returns the arguments from the first non-option on: the method
// and parameters of bitcoin-cli, the command of bitcoin-wallet.
func (a *Args) Positional() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]string(nil), a.positional...)
}
