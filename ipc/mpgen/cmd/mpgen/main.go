// Command mpgen generates Go proxies from Cap'n Proto schemas; see package
// ipc/mpgen. As a capnp plugin (`capnp compile -o mpgen:DIR`) it reads the
// request on stdin; as a tool (`mpgen [-out DIR] FILES`, run in the schema
// directory) it runs capnp, capnpc-go and itself.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bulkhead-btc/bulkhead/ipc/mpgen"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mpgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("mpgen", flag.ContinueOnError)
	out := fs.String("out", "", "write outputs here instead of beside the schemas")
	var includes []string
	fs.Func("I", "add an import directory (repeatable)", func(dir string) error {
		includes = append(includes, dir)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return plugin(os.Stdin)
	}
	return mpgen.Generate(ctx, mpgen.Options{Dir: ".", Files: fs.Args(), Out: *out, Includes: includes})
}

// plugin is capnp's plugin protocol: the request on stdin, files written
// relative to the working directory.
func plugin(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	files, err := mpgen.FromRequest(data)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.Name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f.Name, f.Src, 0o644); err != nil {
			return err
		}
	}
	return nil
}
