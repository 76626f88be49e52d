package capnp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"

	"capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/std/capnp/schema"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/mpgen"
)

// coreWire is ../shared/testdata/core/ipc-wire.json: Bitcoin Core's IPC
// schemas as compiled, the facts our schemas must match on the wire.
type coreFile struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Nodes []coreNode `json:"nodes"`
}

type coreNode struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Kind      string       `json:"kind"`
	DataWords int          `json:"dataWords"`
	Pointers  int          `json:"pointers"`
	Fields    []coreField  `json:"fields"`
	Methods   []coreMethod `json:"methods"`
}

type coreField struct {
	Name    string `json:"name"`
	Ordinal int    `json:"ordinal"`
	Offset  int    `json:"offset"`
	Type    string `json:"type"`
}

type coreMethod struct {
	Name    string `json:"name"`
	Ordinal int    `json:"ordinal"`
	Params  string `json:"params"`
	Results string `json:"results"`
}

var ourSchemas = []string{"init.capnp", "echo.capnp", "rpc.capnp", "common.capnp", "handler.capnp", "mining.capnp", "proxy.capnp", "mpgen.capnp"}

func compiledNodes(t *testing.T) map[uint64]schema.Node {
	t.Helper()
	testenv.Tool(t, "capnp")
	data, err := mpgen.CompileRequest(context.Background(), ".", nil, ourSchemas)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := capnp.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	req, err := schema.ReadRootCodeGeneratorRequest(msg)
	if err != nil {
		t.Fatal(err)
	}
	list, err := req.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	nodes := map[uint64]schema.Node{}
	for i := 0; i < list.Len(); i++ {
		nodes[list.At(i).Id()] = list.At(i)
	}
	return nodes
}

// TestWireMatchesBitcoinCore compares every file, interface, method, struct
// and field of Core's IPC schemas with ours: IDs, ordinals, section sizes,
// slot offsets and types.
func TestWireMatchesBitcoinCore(t *testing.T) {
	raw, err := os.ReadFile(testenv.Shared(t, "testdata/core/ipc-wire.json"))
	if err != nil {
		t.Fatal(err)
	}
	var core []coreFile
	if err := json.Unmarshal(raw, &core); err != nil {
		t.Fatal(err)
	}
	coreIDs := map[string]uint64{} // Core's node names to IDs
	for _, f := range core {
		for _, n := range f.Nodes {
			coreIDs[n.Name] = parseID(t, n.ID)
		}
	}
	ours := compiledNodes(t)
	checked := 0
	for _, f := range core {
		if _, ok := ours[parseID(t, f.ID)]; !ok {
			t.Errorf("no schema file with Core's ID %s (%s)", f.ID, f.Name)
			continue
		}
		for _, cn := range f.Nodes {
			id := parseID(t, cn.ID)
			n, ok := ours[id]
			if !ok {
				t.Errorf("%s: no node with Core's ID %s", cn.Name, cn.ID)
				continue
			}
			checked++
			if got, want := shortName(n), cn.Name[strings.Index(cn.Name, ":")+1:]; got != want {
				t.Errorf("%s: our node is named %s", cn.Name, got)
			}
			switch cn.Kind {
			case "interface":
				compareInterface(t, cn, n, coreIDs)
			case "struct":
				compareStruct(t, cn, n, ours, coreIDs)
			default:
				t.Errorf("%s: unexpected kind %s", cn.Name, cn.Kind)
			}
		}
	}
	if checked < 60 {
		t.Fatalf("only %d nodes compared; the reference file looks incomplete", checked)
	}
	t.Logf("%d of Core's schema nodes match ours on the wire", checked)
}

func compareInterface(t *testing.T, cn coreNode, n schema.Node, ids map[string]uint64) {
	if n.Which() != schema.Node_Which_interface {
		t.Errorf("%s: ours is not an interface", cn.Name)
		return
	}
	methods, _ := n.Interface().Methods()
	byName := map[string]schema.Method{}
	for i := 0; i < methods.Len(); i++ {
		name, _ := methods.At(i).Name()
		byName[name] = methods.At(i)
	}
	for _, cm := range cn.Methods {
		m, ok := byName[cm.Name]
		if !ok {
			t.Errorf("%s.%s: missing", cn.Name, cm.Name)
			continue
		}
		if int(m.CodeOrder()) != cm.Ordinal {
			t.Errorf("%s.%s: ordinal %d, Core has %d", cn.Name, cm.Name, m.CodeOrder(), cm.Ordinal)
		}
		if m.ParamStructType() != ids[cm.Params] || m.ResultStructType() != ids[cm.Results] {
			t.Errorf("%s.%s: param/result struct IDs %#x/%#x, Core has %#x/%#x", cn.Name, cm.Name,
				m.ParamStructType(), m.ResultStructType(), ids[cm.Params], ids[cm.Results])
		}
	}
}

func compareStruct(t *testing.T, cn coreNode, n schema.Node, ours map[uint64]schema.Node, ids map[string]uint64) {
	if n.Which() != schema.Node_Which_structNode {
		t.Errorf("%s: ours is not a struct", cn.Name)
		return
	}
	st := n.StructNode()
	if int(st.DataWordCount()) != cn.DataWords || int(st.PointerCount()) != cn.Pointers {
		t.Errorf("%s: %d data words and %d pointers, Core has %d and %d", cn.Name, st.DataWordCount(), st.PointerCount(), cn.DataWords, cn.Pointers)
	}
	fields, _ := st.Fields()
	byName := map[string]schema.Field{}
	for i := 0; i < fields.Len(); i++ {
		name, _ := fields.At(i).Name()
		byName[name] = fields.At(i)
	}
	if fields.Len() != len(cn.Fields) {
		t.Errorf("%s: %d fields, Core has %d", cn.Name, fields.Len(), len(cn.Fields))
	}
	for _, cf := range cn.Fields {
		f, ok := byName[cf.Name]
		if !ok {
			t.Errorf("%s.%s: missing", cn.Name, cf.Name)
			continue
		}
		ordinal := int(f.CodeOrder())
		if f.Ordinal().Which() == schema.Field_ordinal_Which_explicit {
			ordinal = int(f.Ordinal().Explicit())
		}
		if ordinal != cf.Ordinal {
			t.Errorf("%s.%s: ordinal %d, Core has %d", cn.Name, cf.Name, ordinal, cf.Ordinal)
		}
		if int(f.Slot().Offset()) != cf.Offset {
			t.Errorf("%s.%s: offset %d, Core has %d", cn.Name, cf.Name, f.Slot().Offset(), cf.Offset)
		}
		typ, _ := f.Slot().Type()
		if got := typeString(typ, ours, ids, cf.Type); got != cf.Type {
			t.Errorf("%s.%s: type %s, Core has %s", cn.Name, cf.Name, got, cf.Type)
		}
	}
}

// typeString renders a type as the reference file does. Named types match
// by ID: ours render with Core's name when the IDs agree.
func typeString(t schema.Type, ours map[uint64]schema.Node, ids map[string]uint64, want string) string {
	switch t.Which() {
	case schema.Type_Which_list:
		et, _ := t.List().ElementType()
		inner := strings.TrimSuffix(strings.TrimPrefix(want, "List("), ")")
		return "List(" + typeString(et, ours, ids, inner) + ")"
	case schema.Type_Which_structType, schema.Type_Which_interface:
		kind, id := "struct", t.StructType().TypeId()
		if t.Which() == schema.Type_Which_interface {
			kind, id = "interface", t.Interface().TypeId()
		}
		if name, ok := strings.CutPrefix(want, kind+" "); ok && ids[name] == id {
			return want
		}
		return fmt.Sprintf("%s %#x (%s)", kind, id, shortName(ours[id]))
	case schema.Type_Which_uint8, schema.Type_Which_uint16, schema.Type_Which_uint32, schema.Type_Which_uint64:
		return strings.ToLower(t.Which().String())
	default:
		return strings.ToLower(t.Which().String())
	}
}

func shortName(n schema.Node) string {
	dn, _ := n.DisplayName()
	if i := strings.Index(dn, ":"); i >= 0 {
		return dn[i+1:]
	}
	return path.Base(dn)
}

func parseID(t *testing.T, s string) uint64 {
	var id uint64
	if _, err := fmt.Sscanf(s, "0x%x", &id); err != nil {
		t.Fatalf("bad ID %q: %v", s, err)
	}
	return id
}
