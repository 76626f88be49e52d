package args

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// NoEffectLine is the start-up log line for a NoEffect option that is set.
func NoEffectLine(name string) string {
	return "option -" + name + " is accepted for compatibility and has no effect"
}

// NoEffectLines returns NoEffectLine for every NoEffect option that has a
// value (on the command line, in a config file or in the settings file,
// negations included), once each, in registration order. Executables log
// them at start-up.
func (a *Args) NoEffectLines() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var out []string
	for _, name := range a.order {
		if a.options[name].Support == NoEffect && a.isSetLocked(name) {
			out = append(out, NoEffectLine(name))
		}
	}
	return out
}

// CheckSupported returns an ErrNotSupported error naming the first Limited
// option whose value is not one it Accepts ("-prune=550 is not supported:
// Bulkhead does not prune: it keeps every block"). Executables call it
// after reading the config files and stop when it fails, so that no option
// claims what Bulkhead does not do.
func (a *Args) CheckSupported() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, name := range a.order {
		o := a.options[name]
		if o.Support != Limited {
			continue
		}
		for _, v := range a.effectiveLocked(name, o.Kind) {
			if !o.TakesValue(v.kind == kindFalse, v.text()) {
				arg := "-" + name
				if v.kind != kindString || v.s != "" {
					arg += "=" + v.text()
				}
				return newError(ErrNotSupported, fmt.Sprintf("%s is not supported: %s", arg, o.Reason))
			}
		}
	}
	return nil
}

// TakesValue reports whether a Limited option accepts a value (given as its
// text, or negated): a negated list, string or path option is unset and
// always accepted; other values must be in Accepts, compared as
// normalise does. Options of other classes take anything.
func (o *Option) TakesValue(negated bool, text string) bool {
	if o.Support != Limited {
		return true
	}
	if negated && (o.Kind == List || o.Kind == String || o.Kind == Path) {
		return true
	}
	v := value{s: text}
	if negated {
		v = value{kind: kindFalse}
	}
	return slices.Contains(o.Accepts, normalise(v, o.Kind))
}

// effectiveLocked returns the values that take effect: every value of a
// list option, the one winning value of others (a negation included).
// Caller holds mu.
func (a *Args) effectiveLocked(name string, kind Kind) []value {
	if kind == List {
		return a.st.list(a.network, name, !a.useDefaultSection(name))
	}
	if v, ok := a.setting(name); ok {
		return []value{v}
	}
	return nil
}

// normalise renders a value as Accepts lists them: "0"/"1" for Bool, the
// number for Int (Core's atoi), the text otherwise (a negation is "0").
func normalise(v value, kind Kind) string {
	switch kind {
	case Bool:
		if v.kind == kindFalse || (v.kind == kindString && v.s != "" && !InterpretBool(v.s)) {
			return "0"
		}
		return "1"
	case Int:
		return strconv.FormatInt(Atoi64(v.text()), 10)
	}
	return strings.TrimSpace(v.text())
}
