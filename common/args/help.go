package args

import (
	"slices"
	"strings"
)

// Layout of -help output, as Core's HelpMessageOpt.
const (
	helpScreenWidth = 79
	helpOptIndent   = 2
	helpMsgIndent   = 7
)

// HelpMessage returns the option part of -help output as Core prints it:
// groups in Core's category order, each headed "Heading:", options sorted
// by name within a group, each as "  -name=<param>" and its help text
// wrapped at 79 columns and indented by 7; options Bulkhead does not
// implement end with a note that says so (supportNote). Debug options (and the wallet
// debugging group) appear only when showDebug is set (-help-debug); hidden
// options never do. The caller prints the version and usage lines before
// it.
func (a *Args) HelpMessage(showDebug bool) string {
	groups := map[string][]*Option{}
	var extra []string
	for _, name := range a.order {
		o := a.options[name]
		if o.Category == CatHidden {
			continue
		}
		if _, ok := groups[o.Category]; !ok && !slices.Contains(categoryOrder[:], o.Category) {
			extra = append(extra, o.Category)
		}
		groups[o.Category] = append(groups[o.Category], o)
	}

	var b strings.Builder
	for _, cat := range append(categoryOrder[:], extra...) {
		opts, ok := groups[cat]
		if !ok || (cat == CatWalletDebug && !showDebug) {
			continue
		}
		b.WriteString(cat + ":\n\n")
		slices.SortFunc(opts, func(x, y *Option) int { return strings.Compare(x.Name, y.Name) })
		for _, o := range opts {
			if o.Debug && !showDebug {
				continue
			}
			name := "-" + o.Name
			if o.Param != "" {
				name += "=" + o.Param
			}
			b.WriteString(strings.Repeat(" ", helpOptIndent) + name + "\n")
			b.WriteString(strings.Repeat(" ", helpMsgIndent))
			b.WriteString(formatParagraph(o.Help+supportNote(o), helpScreenWidth-helpMsgIndent, helpMsgIndent))
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// supportNote is what -help adds to the text of an option Bulkhead does not
// implement: " (Bulkhead: no effect: REASON)" or, for a Limited one, the
// values it takes.
func supportNote(o *Option) string {
	switch o.Support {
	case NoEffect:
		return " (Bulkhead: no effect: " + o.Reason + ")"
	case Limited:
		if len(o.Accepts) == 0 {
			return " (Bulkhead: not supported: " + o.Reason + ")"
		}
		forms := make([]string, len(o.Accepts))
		for i, v := range o.Accepts {
			forms[i] = "-" + o.Name + "=" + v
		}
		if slices.Equal(o.Accepts, off) {
			forms = []string{"-no" + o.Name, forms[0]}
		}
		return " (Bulkhead: only " + strings.Join(forms, " or ") + ": " + o.Reason + ")"
	}
	return ""
}

// formatParagraph wraps text at width columns, indenting every line it
// breaks by indent spaces, with the results of Core's FormatParagraph
// (including its quirk that the first line of each paragraph may use the
// full width).
func formatParagraph(in string, width, indent int) string {
	var out strings.Builder
	ptr, indented := 0, 0
	for ptr < len(in) {
		lineEnd := strings.IndexByte(in[ptr:], '\n')
		if lineEnd < 0 {
			lineEnd = len(in)
		} else {
			lineEnd += ptr
		}
		remWidth := width - indented
		if lineEnd-ptr <= remWidth {
			out.WriteString(in[ptr:min(lineEnd+1, len(in))])
			ptr = lineEnd + 1
			indented = 0
			continue
		}
		// Break at the last space or newline that keeps the line within
		// the width; if there is none, after the first word.
		brk := strings.LastIndexAny(in[ptr:min(ptr+remWidth+1, len(in))], " \n")
		if brk < 0 {
			brk = strings.IndexAny(in[ptr:], "\n ")
			if brk < 0 {
				out.WriteString(in[ptr:])
				break
			}
		}
		brk += ptr
		out.WriteString(in[ptr:brk] + "\n")
		if in[brk] == '\n' {
			indented = 0
		} else if indent > 0 {
			out.WriteString(strings.Repeat(" ", indent))
			indented = indent
		}
		ptr = brk + 1
	}
	return out.String()
}
