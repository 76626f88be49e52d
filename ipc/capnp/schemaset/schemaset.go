package schemaset

import (
	"fmt"

	"capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/std/capnp/schema"
)

// Set is every node of a compiled schema, by ID.
type Set struct {
	Nodes map[uint64]*Node
	// Requested are the files named on capnp's command line.
	Requested []File
}

// File is a requested schema file.
type File struct {
	ID   uint64
	Name string
}

// Kind is a node's kind.
type Kind int

// Node kinds.
const (
	KindFile Kind = iota
	KindStruct
	KindEnum
	KindInterface
	KindConst
	KindAnnotation
)

// Node is one schema node.
type Node struct {
	ID          uint64
	ScopeID     uint64
	Kind        Kind
	DisplayName string // "echo.capnp:Echo.echo$Params"
	PrefixLen   int    // length of the display name up to the node's own name
	Nested      []Nested
	Annotations []Annotation

	// Structs.
	DataWords, Pointers int
	Fields              []Field

	// Interfaces.
	Methods []Method
}

// Name is the node's own name.
func (n *Node) Name() string { return n.DisplayName[n.PrefixLen:] }

// Nested is a node declared inside another.
type Nested struct {
	Name string
	ID   uint64
}

// NoDiscriminant marks a field outside any union.
const NoDiscriminant = 0xffff

// Field is a struct field.
type Field struct {
	Name         string
	CodeOrder    int
	Ordinal      int // explicit @N, or -1 for implicit ordinals (method params)
	Discriminant uint16
	Group        uint64 // the group's node, for group fields; 0 for slots
	Offset       uint32
	Type         Type
	Annotations  []Annotation
}

// Method is an interface method.
type Method struct {
	Name        string
	CodeOrder   int
	ParamID     uint64
	ResultID    uint64
	Annotations []Annotation
}

// Annotation is an annotation application with its value (only Text and Void
// values are kept).
type Annotation struct {
	ID   uint64
	Text string
}

// TypeKind is a value type's kind.
type TypeKind int

// Type kinds, in schema.capnp's order.
const (
	Void TypeKind = iota
	Bool
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float32
	Float64
	Text
	Data
	List
	Enum
	Struct
	Interface
	AnyPointer
)

var typeNames = [...]string{"void", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
	"uint64", "float32", "float64", "text", "data", "list", "enum", "struct", "interface", "anyPointer"}

func (k TypeKind) String() string { return typeNames[k] }

// Type is a field's type.
type Type struct {
	Kind TypeKind
	Elem *Type  // List
	ID   uint64 // Enum, Struct, Interface
}

// FindAnnotation returns the Text value of annotation id and whether it is
// present.
func FindAnnotation(list []Annotation, id uint64) (string, bool) {
	for _, a := range list {
		if a.ID == id {
			return a.Text, true
		}
	}
	return "", false
}

// Parse reads a serialized CodeGeneratorRequest.
func Parse(data []byte) (*Set, error) {
	msg, err := capnp.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("reading CodeGeneratorRequest: %w", err)
	}
	req, err := schema.ReadRootCodeGeneratorRequest(msg)
	if err != nil {
		return nil, fmt.Errorf("reading CodeGeneratorRequest: %w", err)
	}
	list, err := req.Nodes()
	if err != nil {
		return nil, err
	}
	s := &Set{Nodes: make(map[uint64]*Node, list.Len())}
	for i := 0; i < list.Len(); i++ {
		n, err := node(list.At(i))
		if err != nil {
			return nil, err
		}
		s.Nodes[n.ID] = n
	}
	files, err := req.RequestedFiles()
	if err != nil {
		return nil, err
	}
	for i := 0; i < files.Len(); i++ {
		name, _ := files.At(i).Filename()
		s.Requested = append(s.Requested, File{ID: files.At(i).Id(), Name: name})
	}
	return s, nil
}

func node(sn schema.Node) (*Node, error) {
	dn, err := sn.DisplayName()
	if err != nil {
		return nil, err
	}
	n := &Node{ID: sn.Id(), ScopeID: sn.ScopeId(), DisplayName: dn, PrefixLen: int(sn.DisplayNamePrefixLength())}
	if n.Annotations, err = annotations(sn.Annotations()); err != nil {
		return nil, err
	}
	nested, err := sn.NestedNodes()
	if err != nil {
		return nil, err
	}
	for i := 0; i < nested.Len(); i++ {
		name, _ := nested.At(i).Name()
		n.Nested = append(n.Nested, Nested{Name: name, ID: nested.At(i).Id()})
	}
	switch sn.Which() {
	case schema.Node_Which_file:
		n.Kind = KindFile
	case schema.Node_Which_structNode:
		n.Kind = KindStruct
		st := sn.StructNode()
		n.DataWords, n.Pointers = int(st.DataWordCount()), int(st.PointerCount())
		fields, err := st.Fields()
		if err != nil {
			return nil, err
		}
		for i := 0; i < fields.Len(); i++ {
			f, err := field(fields.At(i))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", dn, err)
			}
			n.Fields = append(n.Fields, f)
		}
	case schema.Node_Which_enum:
		n.Kind = KindEnum
	case schema.Node_Which_interface:
		n.Kind = KindInterface
		methods, err := sn.Interface().Methods()
		if err != nil {
			return nil, err
		}
		for i := 0; i < methods.Len(); i++ {
			m := methods.At(i)
			name, _ := m.Name()
			anns, err := annotations(m.Annotations())
			if err != nil {
				return nil, err
			}
			n.Methods = append(n.Methods, Method{Name: name, CodeOrder: int(m.CodeOrder()),
				ParamID: m.ParamStructType(), ResultID: m.ResultStructType(), Annotations: anns})
		}
	case schema.Node_Which_const:
		n.Kind = KindConst
	case schema.Node_Which_annotation:
		n.Kind = KindAnnotation
	}
	return n, nil
}

func field(sf schema.Field) (Field, error) {
	name, _ := sf.Name()
	f := Field{Name: name, CodeOrder: int(sf.CodeOrder()), Ordinal: -1, Discriminant: sf.DiscriminantValue()}
	if sf.Ordinal().Which() == schema.Field_ordinal_Which_explicit {
		f.Ordinal = int(sf.Ordinal().Explicit())
	}
	var err error
	if f.Annotations, err = annotations(sf.Annotations()); err != nil {
		return f, err
	}
	if sf.Which() == schema.Field_Which_group {
		f.Group = sf.Group().TypeId()
		return f, nil
	}
	f.Offset = sf.Slot().Offset()
	st, err := sf.Slot().Type()
	if err != nil {
		return f, err
	}
	f.Type, err = typeOf(st)
	return f, err
}

func typeOf(st schema.Type) (Type, error) {
	switch st.Which() {
	case schema.Type_Which_list:
		et, err := st.List().ElementType()
		if err != nil {
			return Type{}, err
		}
		elem, err := typeOf(et)
		return Type{Kind: List, Elem: &elem}, err
	case schema.Type_Which_enum:
		return Type{Kind: Enum, ID: st.Enum().TypeId()}, nil
	case schema.Type_Which_structType:
		return Type{Kind: Struct, ID: st.StructType().TypeId()}, nil
	case schema.Type_Which_interface:
		return Type{Kind: Interface, ID: st.Interface().TypeId()}, nil
	case schema.Type_Which_anyPointer:
		return Type{Kind: AnyPointer}, nil
	}
	// The remaining kinds are numbered as in schema.capnp.
	return Type{Kind: TypeKind(st.Which())}, nil
}

func annotations(list schema.Annotation_List, err error) ([]Annotation, error) {
	if err != nil {
		return nil, err
	}
	var out []Annotation
	for i := 0; i < list.Len(); i++ {
		a := list.At(i)
		v, err := a.Value()
		if err != nil {
			return nil, err
		}
		ann := Annotation{ID: a.Id()}
		if v.Which() == schema.Value_Which_text {
			ann.Text, _ = v.Text()
		}
		out = append(out, ann)
	}
	return out, nil
}
