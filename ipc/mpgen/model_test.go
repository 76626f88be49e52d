package mpgen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
)

// generateSchema runs mpgen over a schema written to a temp dir beside
// copies of the annotation file.
func generateSchema(t *testing.T, text string) ([]File, error) {
	t.Helper()
	testenv.Tool(t, "capnp")
	dir := t.TempDir()
	root := testenv.Root(t)
	ann, err := os.ReadFile(filepath.Join(root, "ipc/capnp/mpgen.capnp"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "mpgen.capnp"), ann, 0o644)
	os.WriteFile(filepath.Join(dir, "x.capnp"), []byte(text), 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644)
	req, err := CompileRequest(context.Background(), root, []string{dir}, []string{filepath.Join(dir, "x.capnp")})
	if err != nil {
		t.Fatal(err)
	}
	return FromRequest(req)
}

const header = `@0xd6c3b7a9e1f2a3b4;
using Go = import "/go.capnp";
$Go.package("x");
$Go.import("example.com/x");
using Mp = import "mpgen.capnp";
`

func TestUnsupportedSchemasFailClearly(t *testing.T) {
	for _, tc := range []struct{ name, schema, want string }{
		{"unwrapped struct", `struct S { a @0 :Int32; }
interface I $Mp.wrap("I") { m @0 (s :S) -> (); }`, "has no $Mp.wrap"},
		{"union", `struct S $Mp.wrap("S") { union { a @0 :Int32; b @1 :Text; } }
interface I $Mp.wrap("I") { m @0 (s :S) -> (); }`, "unions are not supported"},
		{"unknown conv", `interface I $Mp.wrap("I") { m @0 (d :Data $Mp.conv("nope")) -> (); }`, `unknown $Mp.conv("nope")`},
		{"conv on text", `interface I $Mp.wrap("I") { m @0 (d :Text $Mp.conv("tx")) -> (); }`, "non-Data"},
		{"cap in struct", `interface J $Mp.wrap("J") {}
struct S $Mp.wrap("S") { j @0 :J; }
interface I $Mp.wrap("I") { m @0 (s :S) -> (); }`, "capabilities inside wrapped structs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := generateSchema(t, header+tc.schema)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestMethodShapes(t *testing.T) {
	files, err := generateSchema(t, header+`
interface I $Mp.wrap("I") {
    get @0 () -> (result :Int32, extra :Text);
    opt @1 () -> (result :UInt32, hasResult :Bool);
    note @2 (n :UInt64) -> stream;
    renamed @3 () -> () $Mp.name("Other");
    gone @4 () -> () $Mp.skip;
}`)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Name != filepath.Join(t.TempDir()[:0]+"", files[0].Name) {
		t.Logf("files: %v", files)
	}
	src := string(files[0].Src)
	for _, want := range []string{
		"func (p *IClient) Get(ctx context.Context) (mpR0 int32, mpR1 string, err error)",
		"func (p *IClient) Opt(ctx context.Context) (mpR0 *uint32, err error)",
		"func (p *IClient) Note(ctx context.Context, n uint64) (err error)",
		"return mpCall.SendStream()",
		"func (p *IClient) Other(ctx context.Context) (err error)",
		`{ID: 4, Name: "I.gone"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	if strings.Contains(src, "Gone(") {
		t.Error("a skipped method appears in the Go interface")
	}
}
