package interop_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cppPeers are the C++ programs, built once per test run: the client and
// server of the Tester fixture, and coreServer, which serves Core's Init with
// Core's thread rule (testdata/cpp/coreserver.c++).
type cppPeers struct {
	client, server, coreServer string
	took                       time.Duration
	err                        error
}

var (
	cppOnce  sync.Once
	cppBuilt cppPeers
)

// cppBuild returns the C++ peers, building them on first use.
func cppBuild(t *testing.T) cppPeers {
	t.Helper()
	cppOnce.Do(func() {
		start := time.Now()
		cppBuilt = buildCpp(filepath.Join(buildDir, "cpp"))
		cppBuilt.took = time.Since(start)
		if cppBuilt.err == nil {
			t.Logf("built the C++ peers in %v", cppBuilt.took.Round(time.Millisecond))
		}
	})
	if cppBuilt.err != nil {
		t.Fatal(cppBuilt.err)
	}
	return cppBuilt
}

const installHint = "`make test` installs them (Debian: apt-get install capnproto libcapnp-dev g++ pkg-config)"

// run runs a command and returns its stdout, or an error with its output.
func run(dir string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// buildCpp generates C++ code for test.capnp, testdata/cpp/coreinit.capnp and
// what they import, and builds testdata/cpp's programs against libcapnp-rpc
// into out.
func buildCpp(out string) cppPeers {
	fail := func(format string, args ...any) cppPeers { return cppPeers{err: fmt.Errorf(format, args...)} }
	for _, tool := range []string{"capnp", "capnpc-c++", "g++", "pkg-config", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fail("the C++ interop tests need %s, which is not on PATH; %s", tool, installHint)
		}
	}
	cflags, err := run(".", "pkg-config", "--cflags", "capnp-rpc")
	if err != nil {
		return fail("libcapnp-dev (pkg-config capnp-rpc) is missing; %s:\n%v", installHint, err)
	}
	libs, err := run(".", "pkg-config", "--libs", "capnp-rpc")
	if err != nil {
		return fail("libcapnp-dev (pkg-config capnp-rpc) is missing; %s:\n%v", installHint, err)
	}
	// Include paths as the schemas import: /mpgen.capnp and /proxy.capnp from
	// ipc/capnp, /go.capnp from go-capnp's std directory.
	schemaDir, err := filepath.Abs("..")
	if err != nil {
		return fail("%v", err)
	}
	capnpDir, err := run(".", "go", "list", "-m", "-f", "{{.Dir}}", "capnproto.org/go/capnp/v3")
	if err != nil {
		return fail("locating go-capnp: %v", err)
	}
	stdDir := filepath.Join(capnpDir, "std")
	srcDir, err := filepath.Abs(filepath.Join("testdata", "cpp"))
	if err != nil {
		return fail("%v", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fail("%v", err)
	}
	// Each file is compiled with its own directory as --src-prefix, so all
	// generated files land flat in out and their includes resolve with -I out.
	gens := [][]string{
		{"--src-prefix=" + filepath.Join(schemaDir, "testschema"), filepath.Join(schemaDir, "testschema", "test.capnp")},
		{"--src-prefix=" + srcDir, filepath.Join(srcDir, "coreinit.capnp")},
		{"--src-prefix=" + schemaDir, filepath.Join(schemaDir, "proxy.capnp"), filepath.Join(schemaDir, "mpgen.capnp"),
			filepath.Join(schemaDir, "echo.capnp"), filepath.Join(schemaDir, "rpc.capnp")},
		{"--src-prefix=" + stdDir, filepath.Join(stdDir, "go.capnp")},
	}
	for _, g := range gens {
		args := append([]string{"compile", "-I", schemaDir, "-I", stdDir, "-oc++:" + out}, g...)
		if _, err := run(out, "capnp", args...); err != nil {
			return fail("generating C++ from the schemas: %v", err)
		}
	}
	// Compile the translation units in parallel, then link the programs.
	ccflags := append([]string{"-std=c++17", "-Wall", "-O1", "-I", out}, strings.Fields(cflags)...)
	units := map[string]string{
		"test.o":       filepath.Join(out, "test.capnp.c++"),
		"proxy.o":      filepath.Join(out, "proxy.capnp.c++"),
		"mpgen.o":      filepath.Join(out, "mpgen.capnp.c++"),
		"go.o":         filepath.Join(out, "go.capnp.c++"),
		"coreinit.o":   filepath.Join(out, "coreinit.capnp.c++"),
		"echo.o":       filepath.Join(out, "echo.capnp.c++"),
		"rpc.o":        filepath.Join(out, "rpc.capnp.c++"),
		"client.o":     filepath.Join(srcDir, "client.c++"),
		"server.o":     filepath.Join(srcDir, "server.c++"),
		"coreserver.o": filepath.Join(srcDir, "coreserver.c++"),
	}
	errs := make(chan error, len(units))
	for obj, src := range units {
		go func() {
			_, err := run(out, "g++", append([]string{"-c", src, "-o", obj}, ccflags...)...)
			errs <- err
		}()
	}
	for range units {
		if err := <-errs; err != nil {
			return fail("compiling C++: %v", err)
		}
	}
	common := []string{"proxy.o", "mpgen.o", "go.o"}
	peers := cppPeers{
		client:     filepath.Join(out, "interop-client"),
		server:     filepath.Join(out, "interop-server"),
		coreServer: filepath.Join(out, "interop-coreserver"),
	}
	for bin, objs := range map[string][]string{
		peers.client:     {"client.o", "test.o"},
		peers.server:     {"server.o", "test.o"},
		peers.coreServer: {"coreserver.o", "coreinit.o", "echo.o", "rpc.o"},
	} {
		args := append(append(append([]string{"-o", bin}, objs...), common...), strings.Fields(libs)...)
		if _, err := run(out, "g++", args...); err != nil {
			return fail("linking C++: %v", err)
		}
	}
	return peers
}
