package mpgen

import (
	"fmt"
	"go/token"
	"path"
	"sort"
	"strings"

	"capnproto.org/go/capnp/v3/std/capnp/schema"
)

// contextStructID is mp/proxy.capnp's Context: Core's per-call thread
// context, which Go callers replace with context.Context.
const contextStructID = 0x9c44e6645d0b22c6

// kind classifies a schema type for code generation.
type kind int

const (
	kVoid kind = iota
	kScalar
	kText
	kData
	kConv
	kList
	kStruct
	kIface
)

type typeInfo struct {
	kind   kind
	goType string // Go type of the value
	// kScalar: the capnp accessor returns goType directly.
	// kList: capnpc-go's list type and the element.
	listType string
	elem     *typeInfo
	conv     *convInfo
	id       uint64 // struct or interface node
}

type fieldInfo struct {
	name      string // schema name
	acc       string // capnpc-go accessor, e.g. "Echo" for Echo()/SetEcho()
	goName    string // Go identifier (parameter name, or struct field name)
	typ       typeInfo
	secret    bool
	context   bool       // Proxy.Context: not visible in Go
	has       *fieldInfo // the hasX companion of an optional value
	isHasFlag bool       // this field is some other field's hasX flag
	offset    uint32     // slot offset (pointer index for pointer fields)
}

type structInfo struct {
	id     uint64
	goName string // capnpc-go type, e.g. Echo_echo_Params
	qname  string // schema name, e.g. Echo.echo$Params
	fields []*fieldInfo
}

// visible returns the fields that appear in Go: no Context, no hasX flags.
func (s *structInfo) visible() []*fieldInfo {
	var out []*fieldInfo
	for _, f := range s.fields {
		if !f.context && !f.isHasFlag {
			out = append(out, f)
		}
	}
	return out
}

// ordered returns the visible fields with "result" first.
func (s *structInfo) ordered() []*fieldInfo {
	v := s.visible()
	sort.SliceStable(v, func(i, j int) bool { return v[i].name == "result" && v[j].name != "result" })
	return v
}

type methodInfo struct {
	ordinal   uint16
	name      string // schema name
	goName    string
	skip      bool // not in Go; answered "unimplemented"
	construct bool // Core's handshake; answered with a ThreadMap
	destroy   bool // Core's destroy: a no-op here
	inline    bool
	stream    bool
	params    *structInfo
	results   *structInfo // nil for stream methods
}

type ifaceInfo struct {
	id      uint64
	name    string // schema name, e.g. "Echo"
	goName  string // capnpc-go name
	wrap    string // Go interface, qualified
	methods []*methodInfo
}

type wrapStruct struct {
	info *structInfo
	wrap string // Go struct, qualified
}

// fileModel is everything generated for one schema file.
type fileModel struct {
	ref     *fileRef
	ifaces  []*ifaceInfo
	structs []*wrapStruct
	imports map[string]string // path -> name
}

// builder builds file models from a schema set.
type builder struct {
	s       *schemaSet
	structs map[uint64]*structInfo
}

func (b *builder) file(id uint64) (*fileModel, error) {
	n := b.s.nodes[id]
	ref := b.s.file[id]
	if ref == nil {
		dn, _ := n.DisplayName()
		ref = &fileRef{id: id, name: dn}
		anns, _ := n.Annotations()
		ref.pkg = annText(anns, goPackageAnnotation)
		ref.imp = annText(anns, goImportAnnotation)
		ref.typesPkg = b.s.annText(anns, "types")
	}
	fm := &fileModel{ref: ref, imports: map[string]string{}}
	nested, _ := n.NestedNodes()
	for i := 0; i < nested.Len(); i++ {
		nid := nested.At(i).Id()
		nn := b.s.nodes[nid]
		anns, _ := nn.Annotations()
		wrap := b.s.annText(anns, "wrap")
		if wrap == "" {
			continue
		}
		switch nn.Which() {
		case schema.Node_Which_interface:
			ii, err := b.iface(fm, nid, wrap)
			if err != nil {
				return nil, err
			}
			fm.ifaces = append(fm.ifaces, ii)
		case schema.Node_Which_structNode:
			si, err := b.structInfo(fm, nid)
			if err != nil {
				return nil, err
			}
			for _, f := range si.fields {
				if f.typ.kind == kIface {
					return nil, fmt.Errorf("%s.%s: capabilities inside wrapped structs are not supported", si.qname, f.name)
				}
			}
			fm.structs = append(fm.structs, &wrapStruct{info: si, wrap: fm.qualify(wrap)})
		}
	}
	return fm, nil
}

// qualify turns a wrap name into a Go type expression, importing the file's
// types package when the name has no package of its own.
func (fm *fileModel) qualify(name string) string {
	if fm.ref.typesPkg == "" || fm.ref.typesPkg == fm.ref.imp {
		return name
	}
	return fm.use(goImport{path.Base(fm.ref.typesPkg), fm.ref.typesPkg}) + "." + name
}

// use records an import and returns its name.
func (fm *fileModel) use(imp goImport) string {
	if imp.path == "" {
		return ""
	}
	fm.imports[imp.path] = imp.name
	return imp.name
}

func (b *builder) iface(fm *fileModel, id uint64, wrap string) (*ifaceInfo, error) {
	n := b.s.nodes[id]
	ii := &ifaceInfo{id: id, name: b.s.displayName(id), goName: b.s.goName[id], wrap: fm.qualify(wrap)}
	methods, err := n.Interface().Methods()
	if err != nil {
		return nil, err
	}
	for i := 0; i < methods.Len(); i++ {
		m := methods.At(i)
		name, _ := m.Name()
		anns, _ := m.Annotations()
		mi := &methodInfo{
			ordinal:   uint16(i),
			name:      name,
			goName:    title(name),
			skip:      b.s.annHas(anns, "skip"),
			construct: b.s.annHas(anns, "construct"),
			inline:    b.s.annHas(anns, "inline"),
			stream:    m.ResultStructType() == streamResultID,
		}
		if r := b.s.annText(anns, "name"); r != "" {
			mi.goName = r
		}
		mi.destroy = name == "destroy"
		ii.methods = append(ii.methods, mi)
		if mi.skip || mi.construct {
			continue
		}
		if mi.params, err = b.structInfo(fm, m.ParamStructType()); err != nil {
			return nil, fmt.Errorf("%s.%s params: %w", ii.name, name, err)
		}
		if !mi.stream {
			if mi.results, err = b.structInfo(fm, m.ResultStructType()); err != nil {
				return nil, fmt.Errorf("%s.%s results: %w", ii.name, name, err)
			}
		}
	}
	return ii, nil
}

func (b *builder) structInfo(fm *fileModel, id uint64) (*structInfo, error) {
	if si, ok := b.structs[id]; ok {
		return si, nil
	}
	n, ok := b.s.nodes[id]
	if !ok || n.Which() != schema.Node_Which_structNode {
		return nil, fmt.Errorf("struct %#x not found", id)
	}
	si := &structInfo{id: id, goName: b.s.goName[id], qname: b.s.qualifiedName(id)}
	fields, err := n.StructNode().Fields()
	if err != nil {
		return nil, err
	}
	byName := map[string]*fieldInfo{}
	for i := 0; i < fields.Len(); i++ {
		f := fields.At(i)
		name, _ := f.Name()
		if f.Which() != schema.Field_Which_slot {
			return nil, fmt.Errorf("%s.%s: groups are not supported", si.qname, name)
		}
		if f.DiscriminantValue() != schema.Field_noDiscriminant {
			return nil, fmt.Errorf("%s.%s: unions are not supported", si.qname, name)
		}
		anns, _ := f.Annotations()
		fi := &fieldInfo{name: name, acc: title(name), goName: name, offset: f.Slot().Offset()}
		if r := annText(anns, goNameAnnotation); r != "" {
			fi.acc = title(r)
		}
		if r := b.s.annText(anns, "name"); r != "" {
			fi.goName = r
		}
		fi.secret = b.s.annHas(anns, "secret")
		t, _ := f.Slot().Type()
		if t.Which() == schema.Type_Which_structType && t.StructType().TypeId() == contextStructID {
			fi.context = true
		} else {
			conv := b.s.annText(anns, "conv")
			if fi.typ, err = b.typeOf(fm, t, conv); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", si.qname, name, err)
			}
		}
		byName[name] = fi
		si.fields = append(si.fields, fi)
	}
	// Optional values: a Bool "hasX" beside a field "x".
	for _, f := range si.fields {
		if !strings.HasPrefix(f.name, "has") || len(f.name) <= 3 || f.typ.kind != kScalar || f.typ.goType != "bool" {
			continue
		}
		base := strings.ToLower(f.name[3:4]) + f.name[4:]
		if v, ok := byName[base]; ok && !v.context {
			v.has = f
			f.isHasFlag = true
		}
	}
	b.structs[id] = si
	return si, nil
}

var scalarTypes = map[schema.Type_Which]string{
	schema.Type_Which_bool:    "bool",
	schema.Type_Which_int8:    "int8",
	schema.Type_Which_int16:   "int16",
	schema.Type_Which_int32:   "int32",
	schema.Type_Which_int64:   "int64",
	schema.Type_Which_uint8:   "uint8",
	schema.Type_Which_uint16:  "uint16",
	schema.Type_Which_uint32:  "uint32",
	schema.Type_Which_uint64:  "uint64",
	schema.Type_Which_float32: "float32",
	schema.Type_Which_float64: "float64",
}

var scalarLists = map[schema.Type_Which]string{
	schema.Type_Which_bool:    "capnp.BitList",
	schema.Type_Which_int8:    "capnp.Int8List",
	schema.Type_Which_int16:   "capnp.Int16List",
	schema.Type_Which_int32:   "capnp.Int32List",
	schema.Type_Which_int64:   "capnp.Int64List",
	schema.Type_Which_uint8:   "capnp.UInt8List",
	schema.Type_Which_uint16:  "capnp.UInt16List",
	schema.Type_Which_uint32:  "capnp.UInt32List",
	schema.Type_Which_uint64:  "capnp.UInt64List",
	schema.Type_Which_float32: "capnp.Float32List",
	schema.Type_Which_float64: "capnp.Float64List",
}

// typeOf maps a schema type (with an optional $Mp.conv) to Go.
func (b *builder) typeOf(fm *fileModel, t schema.Type, conv string) (typeInfo, error) {
	w := t.Which()
	if conv != "" && w != schema.Type_Which_data && w != schema.Type_Which_list {
		return typeInfo{}, fmt.Errorf("$Mp.conv(%q) on a non-Data type", conv)
	}
	if g, ok := scalarTypes[w]; ok {
		return typeInfo{kind: kScalar, goType: g}, nil
	}
	switch w {
	case schema.Type_Which_void:
		return typeInfo{kind: kVoid, goType: "struct{}"}, nil
	case schema.Type_Which_text:
		return typeInfo{kind: kText, goType: "string"}, nil
	case schema.Type_Which_data:
		if conv == "" {
			return typeInfo{kind: kData, goType: "[]byte"}, nil
		}
		ci, ok := convs[conv]
		if !ok {
			return typeInfo{}, fmt.Errorf("unknown $Mp.conv(%q)", conv)
		}
		fm.use(ci.imp)
		fm.use(goImport{"conv", convPkg})
		return typeInfo{kind: kConv, goType: ci.goType, conv: &ci}, nil
	case schema.Type_Which_list:
		et, err := t.List().ElementType()
		if err != nil {
			return typeInfo{}, err
		}
		elem, err := b.typeOf(fm, et, conv)
		if err != nil {
			return typeInfo{}, err
		}
		ti := typeInfo{kind: kList, goType: "[]" + elem.goType, elem: &elem}
		switch elem.kind {
		case kScalar:
			ti.listType = scalarLists[et.Which()]
		case kText:
			ti.listType = "capnp.TextList"
		case kData, kConv:
			ti.listType = "capnp.DataList"
		case kStruct:
			ti.listType = b.s.goName[elem.id] + "_List"
		default:
			return typeInfo{}, fmt.Errorf("lists of %s are not supported", elem.goType)
		}
		return ti, nil
	case schema.Type_Which_structType:
		id := t.StructType().TypeId()
		n := b.s.nodes[id]
		anns, _ := n.Annotations()
		wrap := b.s.annText(anns, "wrap")
		if wrap == "" {
			return typeInfo{}, fmt.Errorf("struct %s has no $Mp.wrap", b.s.qualifiedName(id))
		}
		if b.s.file[id] != nil && b.s.file[id].imp != fm.ref.imp {
			return typeInfo{}, fmt.Errorf("struct %s lives in another Go package", b.s.qualifiedName(id))
		}
		if _, err := b.structInfo(fm, id); err != nil {
			return typeInfo{}, err
		}
		return typeInfo{kind: kStruct, goType: b.qualifyIn(fm, id, wrap), id: id}, nil
	case schema.Type_Which_interface:
		id := t.Interface().TypeId()
		n := b.s.nodes[id]
		anns, _ := n.Annotations()
		wrap := b.s.annText(anns, "wrap")
		if wrap == "" {
			return typeInfo{}, fmt.Errorf("interface %s has no $Mp.wrap", b.s.qualifiedName(id))
		}
		if b.s.file[id] != nil && b.s.file[id].imp != fm.ref.imp {
			return typeInfo{}, fmt.Errorf("interface %s lives in another Go package", b.s.qualifiedName(id))
		}
		return typeInfo{kind: kIface, goType: b.qualifyIn(fm, id, wrap), id: id}, nil
	}
	return typeInfo{}, fmt.Errorf("schema type %v is not supported", w)
}

// qualifyIn qualifies the wrap name of node id by its own file's types
// package.
func (b *builder) qualifyIn(fm *fileModel, id uint64, wrap string) string {
	ref := b.s.file[id]
	if ref == nil || ref.typesPkg == "" || ref.typesPkg == fm.ref.imp {
		return wrap
	}
	return fm.use(goImport{path.Base(ref.typesPkg), ref.typesPkg}) + "." + wrap
}

// goIdent makes a schema name usable as a Go local identifier.
func goIdent(name string) string {
	if token.IsKeyword(name) || strings.HasPrefix(name, "mp") || name == "ctx" || name == "p" || name == "s" {
		return name + "_"
	}
	return name
}
