package args

// Get returns the effective value of an option as Core's GetArg: the last
// value on the command line, else the first value in the selected chain's
// config section, else the first at the top level of the config file
// (Core's config files keep the first of repeated values). -noX reads "0",
// -noX=0 reads "1", a bare -X reads "". The name may carry a leading dash.
func (a *Args) Get(name string) (string, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	v, ok := a.setting(settingName(name))
	if !ok {
		return "", false
	}
	return v.text(), true
}

// GetString returns Get(name), or def when unset.
func (a *Args) GetString(name, def string) string {
	if s, ok := a.Get(name); ok {
		return s
	}
	return def
}

// GetBool returns the option read as Core's GetBoolArg: -X and -X=1 are
// true, -noX and -X=0 false, other strings by InterpretBool; def when unset.
func (a *Args) GetBool(name string, def bool) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	v, ok := a.setting(settingName(name))
	if !ok {
		return def
	}
	switch v.kind {
	case kindFalse:
		return false
	case kindTrue:
		return true
	}
	return InterpretBool(v.s)
}

// GetInt returns the option read as Core's GetIntArg (atoi rules: "12abc"
// is 12, "abc" is 0, -noX is 0); def when unset.
func (a *Args) GetInt(name string, def int64) int64 {
	a.mu.RLock()
	defer a.mu.RUnlock()
	v, ok := a.setting(settingName(name))
	if !ok {
		return def
	}
	switch v.kind {
	case kindFalse:
		return 0
	case kindTrue:
		return 1
	}
	return Atoi64(v.s)
}

// GetAll returns every value of a repeatable option, as Core's GetArgs:
// command-line values in order, then config values (chain section first);
// a negation drops the values before it and those from lower-precedence
// sources.
func (a *Args) GetAll(name string) []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	n := settingName(name)
	vals := a.st.list(a.network, n, !a.useDefaultSection(n))
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = v.text()
	}
	return out
}

// IsSet reports whether the option has any effective value, negated ones
// included (Core's IsArgSet).
func (a *Args) IsSet(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.isSetLocked(settingName(name))
}

// IsNegated reports whether the effective value is a negation (-noX), as
// Core's IsArgNegated. -X=0 is not a negation.
func (a *Args) IsNegated(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	v, ok := a.setting(settingName(name))
	return ok && v.kind == kindFalse
}

// SoftSet sets name to val unless it already has a value, as Core's
// SoftSetArg (used for parameter interactions); it reports whether it did.
func (a *Args) SoftSet(name, val string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := settingName(name)
	if a.isSetLocked(n) {
		return false
	}
	a.st.forced[n] = value{s: val}
	return true
}

// SoftSetBool is SoftSet with "1" or "0".
func (a *Args) SoftSetBool(name string, val bool) bool {
	if val {
		return a.SoftSet(name, "1")
	}
	return a.SoftSet(name, "0")
}

// ForceSet sets name to val over every other source, as Core's
// ForceSetArg.
func (a *Args) ForceSet(name, val string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.forced[settingName(name)] = value{s: val}
}

// HelpRequested reports whether -?, -h, -help or -help-debug was given.
func (a *Args) HelpRequested() bool {
	return a.IsSet("?") || a.IsSet("h") || a.IsSet("help") || a.IsSet("help-debug")
}
