package args

// valueKind distinguishes Core's three kinds of setting value.
type valueKind uint8

const (
	kindString valueKind = iota // -x=value, or "" for a bare -x
	kindFalse                   // -nox
	kindTrue                    // -nox=0 (a double negative)
)

// value is one occurrence of an option.
type value struct {
	kind valueKind
	s    string
}

// text renders a value as Core's GetArg does.
func (v value) text() string {
	switch v.kind {
	case kindFalse:
		return "0"
	case kindTrue:
		return "1"
	}
	return v.s
}

// source is where a value came from, in precedence order.
type source uint8

const (
	srcForced source = iota
	srcCommandLine
	srcRWSettings // the settings file (settings.json)
	srcConfigNetwork
	srcConfigDefault
)

// settings holds every value seen, by source.
type settings struct {
	forced  map[string]value
	cmdline map[string][]value
	// rw holds the settings file's values by name.
	rw map[string]rwSetting
	// config maps section ("" for top level) to name to values.
	config map[string]map[string][]value
}

// span is the list of values one source holds for one name.
type span []value

// negated returns the number of leading values cancelled by the last
// negation (the index just past the last false value).
func (s span) negated() int {
	for i := len(s); i > 0; i-- {
		if s[i-1].kind == kindFalse {
			return i
		}
	}
	return 0
}

// lastNegated reports whether the last value is a negation.
func (s span) lastNegated() bool {
	return len(s) > 0 && s[len(s)-1].kind == kindFalse
}

// live returns the values after the last negation.
func (s span) live() span { return s[s.negated():] }

// empty reports whether no value survives the last negation.
func (s span) empty() bool { return len(s) == 0 || s.lastNegated() }

// merge calls fn for each source holding name, highest precedence first
// (Core's MergeSettings: forced, command line, settings file, config file
// network section, config file top level).
// section selects the network section of the config file ("" for none).
func (st *settings) merge(section, name string, fn func(span, source)) {
	if v, ok := st.forced[name]; ok {
		fn(span{v}, srcForced)
	}
	if vs, ok := st.cmdline[name]; ok {
		fn(span(vs), srcCommandLine)
	}
	if s, ok := st.rw[name]; ok {
		fn(span(s.vals), srcRWSettings)
	}
	if section != "" {
		if vs, ok := st.config[section][name]; ok {
			fn(span(vs), srcConfigNetwork)
		}
	}
	if vs, ok := st.config[""][name]; ok {
		fn(span(vs), srcConfigDefault)
	}
}

// get returns the effective value of name, following Core's GetSetting:
// the command line's last value wins; in config files the first value wins
// (except for chain options); a network section beats the top level; the
// top level is skipped for network-only options on non-main chains unless it
// negates them.
func (st *settings) get(section, name string, ignoreDefault, chainOption bool) (value, bool) {
	var result value
	found, done := false, false
	st.merge(section, name, func(s span, src source) {
		if done {
			return
		}
		isConfig := src == srcConfigNetwork || src == srcConfigDefault
		if ignoreDefault && src == srcConfigDefault && !s.lastNegated() {
			return
		}
		// Core ignores negated chain options (-noregtest) in every source.
		if chainOption && s.lastNegated() {
			return
		}
		switch {
		case !s.empty():
			live := s.live()
			if isConfig && !chainOption {
				result = live[0]
			} else {
				result = live[len(live)-1]
			}
			found, done = true, true
		case s.lastNegated():
			result = value{kind: kindFalse}
			found, done = true, true
		}
	})
	return result, found
}

// list returns every effective value of name, following Core's
// GetSettingsList, including its "zombie" rule: config file values come back
// when a command-line negation is followed by a new value.
func (st *settings) list(section, name string, ignoreDefault bool) []value {
	var result []value
	done, prevNegatedEmpty := false, false
	st.merge(section, name, func(s span, src source) {
		isConfig := src == srcConfigNetwork || src == srcConfigDefault
		zombie := isConfig && !prevNegatedEmpty
		if ignoreDefault && src == srcConfigDefault {
			return
		}
		if !done || zombie {
			result = append(result, s.live()...)
		}
		done = done || s.negated() > 0 || src == srcForced
		prevNegatedEmpty = prevNegatedEmpty || (s.lastNegated() && len(result) == 0)
	})
	return result
}

// onlyInDefaultSection reports whether name has a value only at the top
// level of the config file (Core's OnlyHasDefaultSectionSetting).
func (st *settings) onlyInDefaultSection(section, name string) bool {
	inDefault, elsewhere := false, false
	st.merge(section, name, func(s span, src source) {
		if s.empty() {
			return
		}
		if src == srcConfigDefault {
			inDefault = true
		} else {
			elsewhere = true
		}
	})
	return inDefault && !elsewhere
}
