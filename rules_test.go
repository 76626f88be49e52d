package bulkhead_test

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/bulkhead-btc/bulkhead"

type pkg struct {
	ImportPath   string
	Name         string
	Doc          string
	Imports      []string
	Deps         []string
	TestImports  []string
	XTestImports []string
	GoFiles      []string
}

// listPackages runs go list over the module.
func listPackages(t *testing.T, args ...string) []pkg {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, append(args, "./...")...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestEveryPackageHasADocComment(t *testing.T) {
	for _, p := range listPackages(t) {
		if len(p.GoFiles) == 0 {
			continue
		}
		if strings.TrimSpace(p.Doc) == "" {
			t.Errorf("%s has no package doc comment (add a doc.go)", p.ImportPath)
		}
	}
}

// TestImportBoundaries: only ipc/capnp/... imports Cap'n Proto; interfaces
// imports only the standard library and btcd primitives; node/ and wallet/
// do not import the RPC server (rpc/rpcerr and common/amount, leaves of the
// standard library, hold the error codes and amounts); production code
// never imports testing (internal/ holds the test-support packages, which no
// executable links: TestExecutablesLinkOnlyTheirParts).
func TestImportBoundaries(t *testing.T) {
	for _, p := range listPackages(t) {
		inCapnp := strings.HasPrefix(p.ImportPath, module+"/ipc/capnp")
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "capnproto.org/go/capnp") && !inCapnp {
				t.Errorf("%s imports %s; only ipc/capnp/... may", p.ImportPath, imp)
			}
			if imp == "testing" && !strings.HasPrefix(p.ImportPath, module+"/internal/") {
				t.Errorf("%s is production code and imports testing", p.ImportPath)
			}
		}
		// node/ and wallet/ take RPC error codes and amounts from the leaf
		// packages, never from the RPC server (wallet/rpc, the wallet's RPC
		// methods, is an RPC package).
		if under(p.ImportPath, "node") || (under(p.ImportPath, "wallet") && !under(p.ImportPath, "wallet/rpc")) {
			for _, imp := range p.Imports {
				if under(imp, "rpc") && imp != module+"/rpc/rpcerr" {
					t.Errorf("%s imports %s; node/ and wallet/ use rpc/rpcerr and common/amount, not the RPC server", p.ImportPath, imp)
				}
			}
		}
		// The leaf packages import only the standard library.
		if p.ImportPath == module+"/rpc/rpcerr" || p.ImportPath == module+"/common/amount" {
			for _, imp := range p.Imports {
				if strings.Contains(imp, ".") {
					t.Errorf("%s imports %s; it is a leaf of the standard library only", p.ImportPath, imp)
				}
			}
		}
		if p.ImportPath == module+"/interfaces" {
			for _, imp := range p.Imports {
				if strings.Contains(imp, ".") && !strings.HasPrefix(imp, "github.com/btcsuite/btcd/") {
					t.Errorf("interfaces imports %s; it may import only the standard library and btcd", imp)
				}
			}
		}
	}
}

// under reports whether the import path is the module's package dir or one
// below it.
func under(importPath, dir string) bool {
	return importPath == module+"/"+dir || strings.HasPrefix(importPath, module+"/"+dir+"/")
}

// TestExecutablesLinkOnlyTheirParts checks docs/architecture.md section 1: bitcoin-node
// has no wallet code, bitcoin-wallet no node code, bitcoin-gui neither.
func TestExecutablesLinkOnlyTheirParts(t *testing.T) {
	forbidden := map[string][]string{
		"bitcoin-node":   {"/wallet"},
		"bitcoin-wallet": {"/node"},
		"bitcoin-gui":    {"/wallet", "/node"},
		"bitcoin-cli":    {"/wallet", "/node"},
		// The wrapper only execs the others.
		"bitcoin": {"/wallet", "/node", "/ipc"},
	}
	found := 0
	for _, p := range listPackages(t, "-deps=false") {
		exe, ok := strings.CutPrefix(p.ImportPath, module+"/cmd/")
		if !ok {
			continue
		}
		found++
		out, err := exec.Command("go", "list", "-deps", "./cmd/"+exe).Output()
		if err != nil {
			t.Fatal(err)
		}
		deps := strings.Fields(string(out))
		for _, bad := range forbidden[exe] {
			for _, d := range deps {
				if d == module+bad || strings.HasPrefix(d, module+bad+"/") {
					t.Errorf("%s links %s", exe, d)
				}
			}
		}
		if slices.Contains(deps, "testing") {
			t.Errorf("%s links package testing", exe)
		}
	}
	if found == 0 {
		t.Fatal("no executables under cmd/")
	}
}

// TestArchitectureListsEveryPackage keeps docs/architecture.md's package
// layout current: every package directory appears in it ("name/"), every
// executable by name.
func TestArchitectureListsEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range listPackages(t) {
		rel, ok := strings.CutPrefix(p.ImportPath, module+"/")
		if !ok {
			continue // the root
		}
		want := path.Base(rel) + "/"
		if exe, ok := strings.CutPrefix(rel, "cmd/"); ok {
			want = exe
		}
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/architecture.md does not list %s (no %q): add it to the layout", rel, want)
		}
	}
}
