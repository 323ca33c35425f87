// Command gencatalog writes codes/catalog_gen.go and docs/codes.md from codes/catalog.tsv. It is
// run by `go generate ./codes`, from the codes directory.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ucpobs/ucpobs/codes/internal/catalogfile"
)

func main() {
	in := flag.String("in", "catalog.tsv", "the catalog data file to read")
	goOut := flag.String("go", "catalog_gen.go", "the Go file to write")
	docOut := flag.String("doc", "../docs/codes.md", "the Markdown reference to write")
	flag.Parse()
	if err := generate(*in, *goOut, *docOut); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

// generate parses in and writes the Go source to goOut and the Markdown reference to docOut.
func generate(in, goOut, docOut string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	cs, err := catalogfile.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	src, err := catalogfile.RenderGo(cs)
	if err != nil {
		return err
	}
	if err := os.WriteFile(goOut, src, 0o644); err != nil {
		return err
	}
	return os.WriteFile(docOut, catalogfile.RenderDoc(cs), 0o644)
}
