package mpgen

import (
	"fmt"
	"go/token"
	"path"
	"sort"
	"strings"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/schemaset"
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

// contexts returns the Proxy.Context fields, which clients fill with the
// Threads of Core's handshake.
func (s *structInfo) contexts() []*fieldInfo {
	var out []*fieldInfo
	for _, f := range s.fields {
		if f.context {
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
	n := b.s.Nodes[id]
	ref := b.s.file[id]
	if ref == nil {
		ref = b.s.fileRef(n)
	}
	fm := &fileModel{ref: ref, imports: map[string]string{}}
	for _, nested := range n.Nested {
		nn := b.s.Nodes[nested.ID]
		wrap := b.s.annText(nn.Annotations, "wrap")
		if wrap == "" {
			continue
		}
		switch nn.Kind {
		case schemaset.KindInterface:
			ii, err := b.iface(fm, nn.ID, wrap)
			if err != nil {
				return nil, err
			}
			fm.ifaces = append(fm.ifaces, ii)
		case schemaset.KindStruct:
			si, err := b.structInfo(fm, nn.ID)
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
	n := b.s.Nodes[id]
	ii := &ifaceInfo{id: id, name: b.s.displayName(id), goName: b.s.goName[id], wrap: fm.qualify(wrap)}
	for i, m := range n.Methods {
		mi := &methodInfo{
			ordinal:   uint16(i),
			name:      m.Name,
			goName:    title(m.Name),
			skip:      b.s.annHas(m.Annotations, "skip"),
			construct: b.s.annHas(m.Annotations, "construct"),
			inline:    b.s.annHas(m.Annotations, "inline"),
			stream:    m.ResultID == streamResultID,
			destroy:   m.Name == "destroy",
		}
		if r := b.s.annText(m.Annotations, "name"); r != "" {
			mi.goName = r
		}
		ii.methods = append(ii.methods, mi)
		if mi.skip || mi.construct {
			continue
		}
		var err error
		if mi.params, err = b.structInfo(fm, m.ParamID); err != nil {
			return nil, fmt.Errorf("%s.%s params: %w", ii.name, m.Name, err)
		}
		if !mi.stream {
			if mi.results, err = b.structInfo(fm, m.ResultID); err != nil {
				return nil, fmt.Errorf("%s.%s results: %w", ii.name, m.Name, err)
			}
		}
	}
	return ii, nil
}

func (b *builder) structInfo(fm *fileModel, id uint64) (*structInfo, error) {
	if si, ok := b.structs[id]; ok {
		return si, nil
	}
	n, ok := b.s.Nodes[id]
	if !ok || n.Kind != schemaset.KindStruct {
		return nil, fmt.Errorf("struct %#x not found", id)
	}
	si := &structInfo{id: id, goName: b.s.goName[id], qname: b.s.qualifiedName(id)}
	byName := map[string]*fieldInfo{}
	for _, f := range n.Fields {
		if f.Group != 0 {
			return nil, fmt.Errorf("%s.%s: groups are not supported", si.qname, f.Name)
		}
		if f.Discriminant != schemaset.NoDiscriminant {
			return nil, fmt.Errorf("%s.%s: unions are not supported", si.qname, f.Name)
		}
		fi := &fieldInfo{name: f.Name, acc: title(f.Name), goName: f.Name, offset: f.Offset}
		if r, ok := schemaset.FindAnnotation(f.Annotations, goNameAnnotation); ok {
			fi.acc = title(r)
		}
		if r := b.s.annText(f.Annotations, "name"); r != "" {
			fi.goName = r
		}
		fi.secret = b.s.annHas(f.Annotations, "secret")
		if f.Type.Kind == schemaset.Struct && f.Type.ID == contextStructID {
			fi.context = true
		} else {
			var err error
			if fi.typ, err = b.typeOf(fm, f.Type, b.s.annText(f.Annotations, "conv")); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", si.qname, f.Name, err)
			}
		}
		byName[f.Name] = fi
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

var scalarTypes = map[schemaset.TypeKind]string{
	schemaset.Bool: "bool", schemaset.Int8: "int8", schemaset.Int16: "int16", schemaset.Int32: "int32",
	schemaset.Int64: "int64", schemaset.Uint8: "uint8", schemaset.Uint16: "uint16", schemaset.Uint32: "uint32",
	schemaset.Uint64: "uint64", schemaset.Float32: "float32", schemaset.Float64: "float64",
}

var scalarLists = map[schemaset.TypeKind]string{
	schemaset.Bool: "capnp.BitList", schemaset.Int8: "capnp.Int8List", schemaset.Int16: "capnp.Int16List",
	schemaset.Int32: "capnp.Int32List", schemaset.Int64: "capnp.Int64List", schemaset.Uint8: "capnp.UInt8List",
	schemaset.Uint16: "capnp.UInt16List", schemaset.Uint32: "capnp.UInt32List", schemaset.Uint64: "capnp.UInt64List",
	schemaset.Float32: "capnp.Float32List", schemaset.Float64: "capnp.Float64List",
}

// typeOf maps a schema type (with an optional $Mp.conv) to Go.
func (b *builder) typeOf(fm *fileModel, t schemaset.Type, conv string) (typeInfo, error) {
	if conv != "" && t.Kind != schemaset.Data && t.Kind != schemaset.List {
		return typeInfo{}, fmt.Errorf("$Mp.conv(%q) on a non-Data type", conv)
	}
	if g, ok := scalarTypes[t.Kind]; ok {
		return typeInfo{kind: kScalar, goType: g}, nil
	}
	switch t.Kind {
	case schemaset.Void:
		return typeInfo{kind: kVoid, goType: "struct{}"}, nil
	case schemaset.Text:
		return typeInfo{kind: kText, goType: "string"}, nil
	case schemaset.Data:
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
	case schemaset.List:
		elem, err := b.typeOf(fm, *t.Elem, conv)
		if err != nil {
			return typeInfo{}, err
		}
		ti := typeInfo{kind: kList, goType: "[]" + elem.goType, elem: &elem}
		switch elem.kind {
		case kScalar:
			ti.listType = scalarLists[t.Elem.Kind]
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
	case schemaset.Struct, schemaset.Interface:
		n := b.s.Nodes[t.ID]
		wrap := b.s.annText(n.Annotations, "wrap")
		if wrap == "" {
			return typeInfo{}, fmt.Errorf("%s %s has no $Mp.wrap", t.Kind, b.s.qualifiedName(t.ID))
		}
		if ref := b.s.file[t.ID]; ref != nil && ref.imp != fm.ref.imp {
			return typeInfo{}, fmt.Errorf("%s %s lives in another Go package", t.Kind, b.s.qualifiedName(t.ID))
		}
		if t.Kind == schemaset.Interface {
			return typeInfo{kind: kIface, goType: b.qualifyIn(fm, t.ID, wrap), id: t.ID}, nil
		}
		if _, err := b.structInfo(fm, t.ID); err != nil {
			return typeInfo{}, err
		}
		return typeInfo{kind: kStruct, goType: b.qualifyIn(fm, t.ID, wrap), id: t.ID}, nil
	}
	return typeInfo{}, fmt.Errorf("schema type %v is not supported", t.Kind)
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
