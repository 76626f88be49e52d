package rpc

import (
	"strconv"
	"strings"
)

// Help text helpers that produce Core's RPCHelpMan layout, for methods that
// build their Help from parts rather than a literal.

// HelpExampleCli is Core's HelpExampleCli: "> bitcoin-cli METHOD ARGS\n".
func HelpExampleCli(method, args string) string {
	return "> bitcoin-cli " + method + " " + args + "\n"
}

// HelpExampleRpc is Core's HelpExampleRpc: the curl line for METHOD.
func HelpExampleRpc(method, args string) string {
	return `> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "` +
		method + `", "params": [` + args + `]}' -H 'content-type: application/json' http://127.0.0.1:8332/` + "\n"
}

// Section is a left/right pair of a help section, aligned with its siblings.
type Section struct{ Left, Right string }

// FormatSections aligns sections as Core's Sections::ToString: the right
// column starts four spaces after the longest left part, continuation lines
// of a right part are indented to that column.
func FormatSections(sections []Section) string {
	width := 0
	for _, s := range sections {
		width = max(width, len(s.Left))
	}
	pad := width + 4
	var b strings.Builder
	for _, s := range sections {
		if s.Right == "" {
			b.WriteString(s.Left + "\n")
			continue
		}
		b.WriteString(s.Left + strings.Repeat(" ", pad-len(s.Left)))
		lines := strings.Split(s.Right, "\n")
		for i, l := range lines {
			if i > 0 {
				b.WriteString("\n" + strings.Repeat(" ", pad))
				l = strings.TrimLeft(l, " ")
			}
			b.WriteString(l)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FormatHelp assembles a help text as Core's RPCHelpMan::ToString: the
// one-line summary, the description, the Arguments section made from args,
// then results as given (already holding its "\nResult:\n" heading and
// aligned body), then "\nExamples:\n" and examples, the body only, as
// Core's RPCExamples.
func FormatHelp(name, description string, args []Arg, results, examples string) string {
	var b strings.Builder
	b.WriteString(OneLine(name, args))
	b.WriteString("\n\n" + strings.TrimSpace(description) + "\n")
	var secs, named []Section
	for i, a := range args {
		if a.Hidden {
			break
		}
		secs = append(secs, Section{strconv.Itoa(i+1) + ". " + firstName(a.Name), a.descriptionString()})
		if a.Type == ArgObjNamedParams {
			for _, in := range a.Inner {
				named = append(named, Section{firstName(in.Name), in.descriptionString()})
			}
		}
	}
	if len(secs) > 0 {
		b.WriteString("\nArguments:\n" + FormatSections(secs))
	}
	if len(named) > 0 {
		b.WriteString("\nNamed Arguments:\n" + FormatSections(named))
	}
	b.WriteString(results)
	if examples != "" {
		b.WriteString("\nExamples:\n" + examples)
	}
	return b.String()
}

// OneLine is the summary line: the name and its visible arguments, optional
// ones in "( … )".
func OneLine(name string, args []Arg) string {
	s := name
	wasOptional := false
	for _, a := range args {
		if a.Hidden {
			break
		}
		s += " "
		if a.Optional {
			if !wasOptional {
				s += "( "
			}
			wasOptional = true
		} else {
			if wasOptional {
				s += ") "
			}
			wasOptional = false
		}
		s += a.oneline()
	}
	if wasOptional {
		s += " )"
	}
	return s
}

func firstName(names string) string {
	if i := strings.IndexByte(names, '|'); i >= 0 {
		return names[:i]
	}
	return names
}

func (a Arg) oneline() string {
	switch a.Type {
	case ArgStr, ArgStrHex:
		return `"` + firstName(a.Name) + `"`
	case ArgObj, ArgObjNamedParams, ArgObjUserKeys:
		parts := make([]string, len(a.Inner))
		for i, in := range a.Inner {
			parts[i] = in.objString()
		}
		if a.Type == ArgObj {
			return "{" + strings.Join(parts, ",") + "}"
		}
		return "{" + strings.Join(parts, ",") + ",...}"
	case ArgArr:
		s := "["
		for _, in := range a.Inner {
			s += in.oneline() + ","
		}
		return s + "...]"
	}
	return firstName(a.Name)
}

func (a Arg) objString() string {
	s := `"` + firstName(a.Name) + `":`
	switch a.Type {
	case ArgStr:
		return s + `"str"`
	case ArgStrHex:
		return s + `"hex"`
	case ArgNum:
		return s + "n"
	case ArgRange:
		return s + "n or [n,n]"
	case ArgAmount:
		return s + "amount"
	case ArgBool:
		return s + "bool"
	case ArgArr:
		for _, in := range a.Inner {
			s += in.oneline() + ","
		}
		return s + "[...]"
	}
	return s + "{...}"
}

func (a Arg) typeString() string {
	switch a.Type {
	case ArgStr, ArgStrHex:
		return "string"
	case ArgNum:
		return "numeric"
	case ArgAmount:
		return "numeric or string"
	case ArgRange:
		return "numeric or array"
	case ArgBool:
		return "boolean"
	case ArgObj, ArgObjNamedParams, ArgObjUserKeys:
		return "json object"
	case ArgArr:
		return "json array"
	}
	return "any"
}

func (a Arg) descriptionString() string {
	s := "(" + a.typeString()
	switch {
	case a.Default != "":
		s += ", optional, default=" + a.Default
	case a.Optional:
		s += ", optional"
	default:
		s += ", required"
	}
	s += ")"
	if a.Type == ArgObjNamedParams {
		s += " Options object that can be used to pass named arguments, listed below."
	}
	if a.Description != "" {
		s += " " + a.Description
	}
	return s
}
