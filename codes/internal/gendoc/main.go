// Command gendoc writes docs/codes.md, the reference of every return code, from package codes as
// built (so from codes/catalog.tsv through catalog_gen.go). It is run by `go generate ./codes`,
// from the codes directory, after gencatalog.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ucpobs/ucpobs/codes"
)

func main() {
	out := flag.String("out", "../docs/codes.md", "the Markdown reference to write")
	flag.Parse()
	if err := os.WriteFile(*out, renderDoc(codes.All()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendoc:", err)
		os.Exit(1)
	}
}
