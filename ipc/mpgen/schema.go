package mpgen

import (
	"path"
	"strings"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/schemaset"
)

// IDs of annotations that mpgen reads from go-capnp's go.capnp.
const (
	goNameAnnotation    = 0xc2b96012172f8df1
	goPackageAnnotation = 0xbea97f1023792be0
	goImportAnnotation  = 0xe130b601260e44b5
)

// streamResultID is capnp's StreamResult, the results of "-> stream" methods.
const streamResultID = 0x995f9a3377c0b16e

// schemaSet indexes a compiled schema for generation.
type schemaSet struct {
	*schemaset.Set
	goName map[uint64]string   // capnpc-go's Go name of each struct/interface
	file   map[uint64]*fileRef // file of each node
	mp     map[string]uint64   // mpgen.capnp annotation IDs by name
}

type fileRef struct {
	id       uint64
	name     string // as given to capnp
	pkg      string // $Go.package
	imp      string // $Go.import
	typesPkg string // $Mp.types
}

// loadSchemaSet indexes a parsed request.
func loadSchemaSet(set *schemaset.Set) *schemaSet {
	s := &schemaSet{Set: set, goName: map[uint64]string{}, file: map[uint64]*fileRef{}, mp: map[string]uint64{}}
	var files []*schemaset.Node
	for _, n := range set.Nodes {
		if n.Kind == schemaset.KindFile {
			files = append(files, n)
		}
	}
	// The annotation declarations of mpgen.capnp, found by name.
	for _, f := range files {
		if path.Base(f.DisplayName) == "mpgen.capnp" {
			for _, nn := range f.Nested {
				s.mp[nn.Name] = nn.ID
			}
		}
	}
	for _, f := range files {
		ref := s.fileRef(f)
		for _, nn := range f.Nested {
			s.resolve(nn.ID, "", nn.Name, ref)
		}
	}
	return s
}

func (s *schemaSet) fileRef(f *schemaset.Node) *fileRef {
	ref := &fileRef{id: f.ID, name: f.DisplayName}
	ref.pkg, _ = schemaset.FindAnnotation(f.Annotations, goPackageAnnotation)
	ref.imp, _ = schemaset.FindAnnotation(f.Annotations, goImportAnnotation)
	ref.typesPkg = s.annText(f.Annotations, "types")
	return ref
}

// resolve names a node as capnpc-go does: Title(name) at top level,
// Parent_name when nested, Interface_method_Params for implicit param
// structs; $Go.name overrides.
func (s *schemaSet) resolve(id uint64, base, name string, f *fileRef) {
	n, ok := s.Nodes[id]
	if !ok {
		return
	}
	if r, ok := schemaset.FindAnnotation(n.Annotations, goNameAnnotation); ok {
		name = r
	}
	if base == "" {
		name = title(name)
		if n.Kind == schemaset.KindAnnotation {
			name += "_"
		}
	} else {
		name = base + "_" + name
	}
	s.goName[id] = name
	s.file[id] = f
	for _, nn := range n.Nested {
		s.resolve(nn.ID, name, nn.Name, f)
	}
	switch n.Kind {
	case schemaset.KindStruct:
		for _, fl := range n.Fields {
			if fl.Group == 0 {
				continue
			}
			fname := fl.Name
			if r, ok := schemaset.FindAnnotation(fl.Annotations, goNameAnnotation); ok {
				fname = r
			}
			s.resolve(fl.Group, name, fname, f)
		}
	case schemaset.KindInterface:
		for _, m := range n.Methods {
			mname := m.Name
			if r, ok := schemaset.FindAnnotation(m.Annotations, goNameAnnotation); ok {
				mname = r
			}
			for _, p := range []struct {
				id   uint64
				kind string
			}{{m.ParamID, "Params"}, {m.ResultID, "Results"}} {
				if pn, ok := s.Nodes[p.id]; ok && pn.ScopeID == 0 {
					s.resolve(p.id, name+"_"+mname, p.kind, f)
				}
			}
		}
	}
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// annText returns the Text value of mpgen annotation name, or "".
func (s *schemaSet) annText(list []schemaset.Annotation, name string) string {
	id, ok := s.mp[name]
	if !ok {
		return ""
	}
	t, _ := schemaset.FindAnnotation(list, id)
	return t
}

// annHas reports whether mpgen annotation name is present.
func (s *schemaSet) annHas(list []schemaset.Annotation, name string) bool {
	id, ok := s.mp[name]
	if !ok {
		return false
	}
	_, found := schemaset.FindAnnotation(list, id)
	return found
}

// displayName is a node's own name.
func (s *schemaSet) displayName(id uint64) string { return s.Nodes[id].Name() }

// qualifiedName is a node's name within its file, e.g. "Echo.echo$Params".
func (s *schemaSet) qualifiedName(id uint64) string {
	dn := s.Nodes[id].DisplayName
	if i := strings.Index(dn, ":"); i >= 0 {
		return dn[i+1:]
	}
	return dn
}
