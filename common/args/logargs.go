package args

import (
	"maps"
	"slices"
)

// LogLines returns the lines Core's LogArgs writes to debug.log at startup:
// "Config file arg: [section] name=value" for every config file value
// (top level first, then sections by name), then "Command-line arg:
// name=value" for every command-line value. Values are JSON ("x", false,
// true); Sensitive options show ****.
func (a *Args) LogLines() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var out []string
	for _, section := range slices.Sorted(maps.Keys(a.st.config)) {
		prefix := "Config file arg: "
		if section != "" {
			prefix += "[" + section + "] "
		}
		out = a.appendArgLines(out, prefix, a.st.config[section])
	}
	return a.appendArgLines(out, "Command-line arg: ", a.st.cmdline)
}

func (a *Args) appendArgLines(out []string, prefix string, vals map[string][]value) []string {
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		o, ok := a.options[name]
		if !ok {
			continue
		}
		for _, v := range vals[name] {
			s := quoteJSON(v)
			if o.Sensitive {
				s = "****"
			}
			out = append(out, prefix+name+"="+s)
		}
	}
	return out
}
