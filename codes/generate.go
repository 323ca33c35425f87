package codes

// catalog_gen.go is written from catalog.tsv by gencatalog, which does not import this package;
// ../docs/codes.md is then written from this package as built by gendoc.
//go:generate go run ./internal/gencatalog -in catalog.tsv -out catalog_gen.go
//go:generate go run ./internal/gendoc -out ../docs/codes.md
