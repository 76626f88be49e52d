package capnp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
	"github.com/bulkhead-btc/bulkhead/ipc/capnp/schemaset"
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

func compiledNodes(t *testing.T) map[uint64]*schemaset.Node {
	t.Helper()
	testenv.Tool(t, "capnp")
	data, err := mpgen.CompileRequest(context.Background(), ".", nil, ourSchemas)
	if err != nil {
		t.Fatal(err)
	}
	set, err := schemaset.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return set.Nodes
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

func compareInterface(t *testing.T, cn coreNode, n *schemaset.Node, ids map[string]uint64) {
	if n.Kind != schemaset.KindInterface {
		t.Errorf("%s: ours is not an interface", cn.Name)
		return
	}
	byName := map[string]schemaset.Method{}
	for _, m := range n.Methods {
		byName[m.Name] = m
	}
	for _, cm := range cn.Methods {
		m, ok := byName[cm.Name]
		if !ok {
			t.Errorf("%s.%s: missing", cn.Name, cm.Name)
			continue
		}
		if m.CodeOrder != cm.Ordinal {
			t.Errorf("%s.%s: ordinal %d, Core has %d", cn.Name, cm.Name, m.CodeOrder, cm.Ordinal)
		}
		if m.ParamID != ids[cm.Params] || m.ResultID != ids[cm.Results] {
			t.Errorf("%s.%s: param/result struct IDs %#x/%#x, Core has %#x/%#x", cn.Name, cm.Name,
				m.ParamID, m.ResultID, ids[cm.Params], ids[cm.Results])
		}
	}
}

func compareStruct(t *testing.T, cn coreNode, n *schemaset.Node, ours map[uint64]*schemaset.Node, ids map[string]uint64) {
	if n.Kind != schemaset.KindStruct {
		t.Errorf("%s: ours is not a struct", cn.Name)
		return
	}
	if n.DataWords != cn.DataWords || n.Pointers != cn.Pointers {
		t.Errorf("%s: %d data words and %d pointers, Core has %d and %d", cn.Name, n.DataWords, n.Pointers, cn.DataWords, cn.Pointers)
	}
	byName := map[string]schemaset.Field{}
	for _, f := range n.Fields {
		byName[f.Name] = f
	}
	if len(n.Fields) != len(cn.Fields) {
		t.Errorf("%s: %d fields, Core has %d", cn.Name, len(n.Fields), len(cn.Fields))
	}
	for _, cf := range cn.Fields {
		f, ok := byName[cf.Name]
		if !ok {
			t.Errorf("%s.%s: missing", cn.Name, cf.Name)
			continue
		}
		ordinal := f.CodeOrder
		if f.Ordinal >= 0 {
			ordinal = f.Ordinal
		}
		if ordinal != cf.Ordinal {
			t.Errorf("%s.%s: ordinal %d, Core has %d", cn.Name, cf.Name, ordinal, cf.Ordinal)
		}
		if int(f.Offset) != cf.Offset {
			t.Errorf("%s.%s: offset %d, Core has %d", cn.Name, cf.Name, f.Offset, cf.Offset)
		}
		if got := typeString(f.Type, ours, ids, cf.Type); got != cf.Type {
			t.Errorf("%s.%s: type %s, Core has %s", cn.Name, cf.Name, got, cf.Type)
		}
	}
}

// typeString renders a type as the reference file does. Named types match
// by ID: ours render with Core's name when the IDs agree.
func typeString(t schemaset.Type, ours map[uint64]*schemaset.Node, ids map[string]uint64, want string) string {
	switch t.Kind {
	case schemaset.List:
		inner := strings.TrimSuffix(strings.TrimPrefix(want, "List("), ")")
		return "List(" + typeString(*t.Elem, ours, ids, inner) + ")"
	case schemaset.Struct, schemaset.Interface:
		kind := t.Kind.String()
		if name, ok := strings.CutPrefix(want, kind+" "); ok && ids[name] == t.ID {
			return want
		}
		return fmt.Sprintf("%s %#x (%s)", kind, t.ID, shortName(ours[t.ID]))
	default:
		return t.Kind.String()
	}
}

func shortName(n *schemaset.Node) string {
	if n == nil {
		return "?"
	}
	if i := strings.Index(n.DisplayName, ":"); i >= 0 {
		return n.DisplayName[i+1:]
	}
	return path.Base(n.DisplayName)
}

func parseID(t *testing.T, s string) uint64 {
	var id uint64
	if _, err := fmt.Sscanf(s, "0x%x", &id); err != nil {
		t.Fatalf("bad ID %q: %v", s, err)
	}
	return id
}
