package args

import (
	"fmt"
	"strings"
)

// configOption is one name=value line of a config file, its name already
// prefixed with the section ("regtest.rpcport").
type configOption struct {
	name, value string
}

const configSpace = " \t\r\n"

// parseConfig splits a config file into options and section headers as
// Core's GetConfigOptions does: '#' starts a comment, lines are trimmed,
// "[name]" opens a section, other lines must be name=value. A line starting
// with '-', a line without '=', and a '#' on an rpcpassword line are errors.
func parseConfig(data []byte, file string) ([]configOption, []sectionInfo, error) {
	var opts []configOption
	var sections []sectionInfo
	prefix := ""
	for i, str := range strings.Split(string(data), "\n") {
		line := i + 1
		usedHash := false
		if i := strings.IndexByte(str, '#'); i >= 0 {
			str = str[:i]
			usedHash = true
		}
		str = strings.Trim(str, configSpace)
		if str == "" {
			continue
		}
		switch {
		case str[0] == '[' && str[len(str)-1] == ']' && len(str) >= 2:
			section := str[1 : len(str)-1]
			sections = append(sections, sectionInfo{name: section, file: file, line: line})
			prefix = section + "."
		case str[0] == '-':
			return nil, nil, fmt.Errorf("parse error on line %d: %s, options in configuration file must be specified without leading -", line, str)
		case strings.Contains(str, "="):
			k, v, _ := strings.Cut(str, "=")
			name := prefix + strings.Trim(k, configSpace)
			if usedHash && strings.Contains(name, "rpcpassword") {
				return nil, nil, fmt.Errorf("parse error on line %d, using # in rpcpassword can be ambiguous and should be avoided", line)
			}
			opts = append(opts, configOption{name: name, value: strings.Trim(v, configSpace)})
			if dot := strings.LastIndexByte(name, '.'); dot >= 0 && len(prefix) <= dot {
				sections = append(sections, sectionInfo{name: name[:dot], file: file, line: line})
			}
		default:
			msg := fmt.Sprintf("parse error on line %d: %s", line, str)
			if len(str) >= 2 && strings.HasPrefix(str, "no") {
				msg += fmt.Sprintf(", if you intended to specify a negated option, use %s=1 instead", str)
			}
			return nil, nil, fmt.Errorf("%s", msg)
		}
	}
	return opts, sections, nil
}

// readConfigStream parses one config file and stores its values, as Core's
// ReadConfigStream does with ignore_invalid_keys set (every Core executable
// sets it): unknown names are ignored with a warning; "conf" is an error.
// Caller holds mu.
func (a *Args) readConfigStream(data []byte, file string) error {
	opts, sections, err := parseConfig(data, file)
	if err != nil {
		return err
	}
	a.sections = append(a.sections, sections...)
	for _, opt := range opts {
		k := interpretKey(opt.name)
		if k.name == "conf" {
			return fmt.Errorf("conf cannot be set in the configuration file; use includeconf= if you want to include additional config files")
		}
		if k.name == "reindex" {
			a.addConfWarning("reindex=1 is set in the configuration file, which will significantly slow down startup. Consider removing or commenting out this option for better performance, unless there is currently a condition which makes rebuilding the indexes necessary")
		}
		o, known := a.options[k.name]
		if !known {
			a.addConfWarning("Ignoring unknown configuration value " + opt.name)
			continue
		}
		val := opt.value
		v, err := interpretValue(k, &val, o, a.addConfWarning)
		if err != nil {
			return err
		}
		sec := a.st.config[k.section]
		if sec == nil {
			sec = make(map[string][]value)
			a.st.config[k.section] = sec
		}
		sec[k.name] = append(sec[k.name], v)
	}
	return nil
}

// addConfWarning records a config file warning. Caller holds mu.
func (a *Args) addConfWarning(w string) {
	a.confWarnings = append(a.confWarnings, w)
}
