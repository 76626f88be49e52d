package mpgen

import (
	"fmt"
	"path"
	"strings"

	"capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/std/capnp/schema"
)

// IDs of annotations that mpgen reads from go-capnp's go.capnp.
const (
	goNameAnnotation    = 0xc2b96012172f8df1
	goPackageAnnotation = 0xbea97f1023792be0
	goImportAnnotation  = 0xe130b601260e44b5
)

// streamResultID is capnp's StreamResult, the results of "-> stream" methods.
const streamResultID = 0x995f9a3377c0b16e

// schemaSet indexes the nodes of a CodeGeneratorRequest.
type schemaSet struct {
	nodes  map[uint64]schema.Node
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

// loadSchemaSet reads a CodeGeneratorRequest.
func loadSchemaSet(req schema.CodeGeneratorRequest) (*schemaSet, error) {
	s := &schemaSet{
		nodes:  map[uint64]schema.Node{},
		goName: map[uint64]string{},
		file:   map[uint64]*fileRef{},
		mp:     map[string]uint64{},
	}
	list, err := req.Nodes()
	if err != nil {
		return nil, err
	}
	var files []schema.Node
	for i := 0; i < list.Len(); i++ {
		n := list.At(i)
		s.nodes[n.Id()] = n
		if n.Which() == schema.Node_Which_file {
			files = append(files, n)
		}
	}
	// The annotation declarations of mpgen.capnp, found by name.
	for _, f := range files {
		name, _ := f.DisplayName()
		if path.Base(name) != "mpgen.capnp" {
			continue
		}
		nested, _ := f.NestedNodes()
		for i := 0; i < nested.Len(); i++ {
			nn := nested.At(i)
			nname, _ := nn.Name()
			s.mp[nname] = nn.Id()
		}
	}
	for _, f := range files {
		name, _ := f.DisplayName()
		ref := &fileRef{id: f.Id(), name: name}
		anns, _ := f.Annotations()
		ref.pkg = annText(anns, goPackageAnnotation)
		ref.imp = annText(anns, goImportAnnotation)
		ref.typesPkg = s.annText(anns, "types")
		nested, _ := f.NestedNodes()
		for i := 0; i < nested.Len(); i++ {
			nn := nested.At(i)
			nname, _ := nn.Name()
			if err := s.resolve(nn.Id(), "", nname, ref); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// resolve names a node as capnpc-go does: Title(name) at top level,
// Parent_name when nested, Interface_method_Params for implicit param
// structs; $Go.name overrides.
func (s *schemaSet) resolve(id uint64, base, name string, f *fileRef) error {
	n, ok := s.nodes[id]
	if !ok {
		return nil
	}
	anns, _ := n.Annotations()
	if r := annText(anns, goNameAnnotation); r != "" {
		name = r
	}
	if base == "" {
		name = title(name)
		if n.Which() == schema.Node_Which_annotation {
			name += "_"
		}
	} else {
		name = base + "_" + name
	}
	s.goName[id] = name
	s.file[id] = f
	nested, _ := n.NestedNodes()
	for i := 0; i < nested.Len(); i++ {
		nn := nested.At(i)
		nname, _ := nn.Name()
		if err := s.resolve(nn.Id(), name, nname, f); err != nil {
			return err
		}
	}
	switch n.Which() {
	case schema.Node_Which_structNode:
		fields, _ := n.StructNode().Fields()
		for i := 0; i < fields.Len(); i++ {
			fl := fields.At(i)
			if fl.Which() != schema.Field_Which_group {
				continue
			}
			fname, _ := fl.Name()
			fanns, _ := fl.Annotations()
			if r := annText(fanns, goNameAnnotation); r != "" {
				fname = r
			}
			if err := s.resolve(fl.Group().TypeId(), name, fname, f); err != nil {
				return err
			}
		}
	case schema.Node_Which_interface:
		methods, _ := n.Interface().Methods()
		for i := 0; i < methods.Len(); i++ {
			m := methods.At(i)
			mname, _ := m.Name()
			manns, _ := m.Annotations()
			if r := annText(manns, goNameAnnotation); r != "" {
				mname = r
			}
			for _, p := range []struct {
				id   uint64
				kind string
			}{{m.ParamStructType(), "Params"}, {m.ResultStructType(), "Results"}} {
				pn, ok := s.nodes[p.id]
				if !ok {
					return fmt.Errorf("no node %#x for %s.%s", p.id, name, mname)
				}
				if pn.ScopeId() != 0 {
					continue
				}
				if err := s.resolve(p.id, name+"_"+mname, p.kind, f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// annText returns the Text value of annotation id, or "".
func annText(list schema.Annotation_List, id uint64) string {
	for i := 0; i < list.Len(); i++ {
		a := list.At(i)
		if a.Id() == id {
			v, _ := a.Value()
			t, _ := v.Text()
			return t
		}
	}
	return ""
}

// annText returns the Text value of mpgen annotation name, or "".
func (s *schemaSet) annText(list schema.Annotation_List, name string) string {
	id, ok := s.mp[name]
	if !ok {
		return ""
	}
	return annText(list, id)
}

// annHas reports whether mpgen annotation name is present.
func (s *schemaSet) annHas(list schema.Annotation_List, name string) bool {
	id, ok := s.mp[name]
	if !ok {
		return false
	}
	for i := 0; i < list.Len(); i++ {
		if list.At(i).Id() == id {
			return true
		}
	}
	return false
}

// displayName is a node's schema name without its file prefix.
func (s *schemaSet) displayName(id uint64) string {
	n := s.nodes[id]
	dn, _ := n.DisplayName()
	return dn[n.DisplayNamePrefixLength():]
}

// qualifiedName is a node's name within its file, e.g. "Echo.echo$Params".
func (s *schemaSet) qualifiedName(id uint64) string {
	n := s.nodes[id]
	dn, _ := n.DisplayName()
	if i := strings.Index(dn, ":"); i >= 0 {
		return dn[i+1:]
	}
	return dn
}

// readRequest decodes a serialized CodeGeneratorRequest.
func readRequest(data []byte) (schema.CodeGeneratorRequest, error) {
	msg, err := capnp.Unmarshal(data)
	if err != nil {
		return schema.CodeGeneratorRequest{}, fmt.Errorf("reading CodeGeneratorRequest: %w", err)
	}
	return schema.ReadRootCodeGeneratorRequest(msg)
}
