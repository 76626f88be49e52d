package rpc

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// table is the method table: several handlers may share a name, tried in
// registration order (Core's CRPCTable with its per-name handler list).
// Registration and removal may happen while requests run; a request works on
// the handler list it looked up.
type table struct {
	mu      sync.RWMutex
	methods map[string][]*entry
	nextID  uint64
}

type entry struct {
	Method
	id uint64
}

func newTable() *table { return &table{methods: make(map[string][]*entry)} }

// ErrInvalidMethod is returned by Register for a method without a name or
// handler.
var ErrInvalidMethod = errors.New("rpc: method needs a name and a handler")

func (t *table) register(m Method) (func(), error) {
	if m.Name == "" || m.Handler == nil {
		return nil, ErrInvalidMethod
	}
	m.Args = append([]Arg(nil), m.Args...)
	t.mu.Lock()
	t.nextID++
	e := &entry{Method: m, id: t.nextID}
	list := t.methods[m.Name]
	t.methods[m.Name] = append(list[:len(list):len(list)], e)
	t.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { t.remove(e) }) }, nil
}

func (t *table) remove(e *entry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	list := t.methods[e.Name]
	out := make([]*entry, 0, len(list))
	for _, x := range list {
		if x != e {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		delete(t.methods, e.Name)
		return
	}
	t.methods[e.Name] = out
}

func (t *table) lookup(name string) []*entry {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.methods[name]
}

// names lists the registered method names, sorted.
func (t *table) names() []string {
	t.mu.RLock()
	out := make([]string, 0, len(t.methods))
	for n := range t.methods {
		out = append(out, n)
	}
	t.mu.RUnlock()
	sort.Strings(out)
	return out
}

// first returns the first handler of every name, sorted by category then
// name as Core's help listing orders them.
func (t *table) first() []*entry {
	t.mu.RLock()
	out := make([]*entry, 0, len(t.methods))
	for _, list := range t.methods {
		out = append(out, list[0])
	}
	t.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		return out[i].Category+out[i].Name < out[j].Category+out[j].Name
	})
	return out
}

// helpText is the text `help NAME` prints for m.
func (m *Method) helpText() string {
	if m.Help != "" {
		return m.Help
	}
	return OneLine(m.Name, m.Args) + "\n"
}

// help builds Core's help output: the grouped listing for an empty command,
// else the help of that command, or "help: unknown command: NAME".
func (t *table) help(command string) string {
	var b strings.Builder
	category := ""
	for _, e := range t.first() {
		if (command != "" || e.Category == "hidden") && e.Name != command {
			continue
		}
		text := e.helpText()
		if command == "" {
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				text = text[:i]
			}
			if category != e.Category {
				if category != "" {
					b.WriteString("\n")
				}
				category = e.Category
				b.WriteString("== " + capitalize(category) + " ==\n")
			}
		}
		b.WriteString(text + "\n")
	}
	out := b.String()
	if out == "" {
		out = "help: unknown command: " + command + "\n"
	}
	return out[:len(out)-1]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	c := s[0]
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return string(c) + s[1:]
}

// argMap is Core's dumpArgMap: [method, position, name, is-string] for every
// argument name of every method, methods sorted by name.
func (t *table) argMap() [][]any {
	var out [][]any
	for _, name := range t.names() {
		list := t.lookup(name)
		if len(list) == 0 {
			continue
		}
		for _, e := range list {
			for i, a := range e.Args {
				for _, n := range strings.Split(a.Name, "|") {
					out = append(out, []any{e.Name, i, n, a.Type == ArgStr || a.Type == ArgStrHex})
					if a.Type == ArgObjNamedParams {
						for _, in := range a.Inner {
							for _, inName := range strings.Split(in.Name, "|") {
								out = append(out, []any{e.Name, i, inName, in.Type == ArgStr || in.Type == ArgStrHex})
							}
						}
					}
				}
			}
		}
	}
	return out
}
