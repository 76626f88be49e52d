package mpgen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bulkhead-btc/bulkhead/ipc/capnp/schemaset"
)

// File is one generated Go file.
type File struct {
	Name string // path relative to the output directory
	Src  []byte
}

// FromRequest generates the proxies for every requested file of a serialized
// CodeGeneratorRequest.
func FromRequest(data []byte) ([]File, error) {
	set, err := schemaset.Parse(data)
	if err != nil {
		return nil, err
	}
	b := &builder{s: loadSchemaSet(set), structs: map[uint64]*structInfo{}}
	var out []File
	for _, rf := range set.Requested {
		name := rf.Name
		// Struct analysis records the imports of the file it is done for: redo
		// it per file.
		b.structs = map[uint64]*structInfo{}
		fm, err := b.file(rf.ID)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		src, err := b.source(fm)
		if err != nil {
			return nil, err
		}
		if src != nil {
			out = append(out, File{Name: strings.TrimSuffix(name, ".capnp") + ".proxy.go", Src: src})
		}
	}
	return out, nil
}

// Options for Generate.
type Options struct {
	Dir   string   // directory holding the schemas; outputs go there too
	Files []string // schema files, relative to Dir
	// Out, if set, receives the outputs instead of Dir (for staleness checks).
	Out string
	// Includes are extra import directories, relative to Dir.
	Includes []string
}

// Generate runs capnp with capnpc-go (built from the version in go.mod) and
// mpgen over the schemas, writing *.capnp.go and *.proxy.go files.
func Generate(ctx context.Context, opt Options) error {
	// capnpc-go writes a package's schema registry into the first file it is
	// given: sort, so that the output doesn't depend on the order of arguments.
	files := slices.Sorted(slices.Values(opt.Files))
	out := opt.Out
	if out == "" {
		out = opt.Dir
	}
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	std, err := goCapnpStd(ctx, opt.Dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mpgen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	plugin := filepath.Join(tmp, "capnpc-go")
	build := exec.CommandContext(ctx, "go", "build", "-o", plugin, "capnproto.org/go/capnp/v3/capnpc-go")
	build.Dir = opt.Dir
	if msg, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building capnpc-go: %w\n%s", err, msg)
	}
	args := []string{"compile", "-I" + std}
	for _, inc := range opt.Includes {
		args = append(args, "-I"+inc)
	}
	args = append(append(args, "-o"+plugin+":"+out, "-o-"), files...)
	cmd := exec.CommandContext(ctx, "capnp", args...)
	cmd.Dir = opt.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("capnp compile: %w\n%s", err, stderr.Bytes())
	}
	generated, err := FromRequest(stdout.Bytes())
	if err != nil {
		return err
	}
	for _, f := range generated {
		if err := os.WriteFile(filepath.Join(out, f.Name), f.Src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goCapnpStd returns go-capnp's std directory (go.capnp and the standard
// schemas) for the version the module requires.
func goCapnpStd(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "capnproto.org/go/capnp/v3")
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("locating go-capnp: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(b)), "std"), nil
}

// CompileRequest runs capnp over schema files (relative to dir, with go-capnp's
// std directory and includes on the import path) and returns the serialized
// CodeGeneratorRequest, as plugins receive it.
func CompileRequest(ctx context.Context, dir string, includes, files []string) ([]byte, error) {
	std, err := goCapnpStd(ctx, dir)
	if err != nil {
		return nil, err
	}
	args := []string{"compile", "-I" + std}
	for _, inc := range includes {
		args = append(args, "-I"+inc)
	}
	args = append(append(args, "-o-"), files...)
	cmd := exec.CommandContext(ctx, "capnp", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("capnp compile: %w\n%s", err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}
