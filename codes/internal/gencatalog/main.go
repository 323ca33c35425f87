// Command gencatalog writes codes/catalog_gen.go from codes/catalog.tsv. It is run by
// `go generate ./codes`, from the codes directory. It does not import package codes, so it builds
// whatever state catalog_gen.go is in.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ucpobs/ucpobs/codes/internal/catalogfile"
)

func main() {
	in := flag.String("in", "catalog.tsv", "the catalog data file to read")
	out := flag.String("out", "catalog_gen.go", "the Go file to write")
	flag.Parse()
	if err := generate(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

// generate parses in and writes the Go source to out.
func generate(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := catalogfile.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	src, err := catalogfile.RenderGo(rows)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
