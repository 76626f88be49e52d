package args

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
)

// LogLines returns the lines Core's LogArgs writes to debug.log at startup:
// "Config file arg: [section] name=value" for every config file value
// (top level first, then sections by name), "Setting file arg: name =
// JSON" for every entry of the settings file (known or not, its JSON
// compacted), then "Command-line arg: name=value" for every command-line
// value. Values are JSON ("x", false, true); Sensitive options show ****
// except in the settings file lines, as Core's.
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
	for _, name := range slices.Sorted(maps.Keys(a.st.rw)) {
		var b bytes.Buffer
		if err := json.Compact(&b, a.st.rw[name].raw); err != nil {
			b.Reset()
			b.Write(a.st.rw[name].raw)
		}
		out = append(out, "Setting file arg: "+name+" = "+b.String())
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
