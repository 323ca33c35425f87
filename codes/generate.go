package codes

// catalog_gen.go and ../docs/codes.md are written from catalog.tsv.
//go:generate go run ./internal/gencatalog -in catalog.tsv -go catalog_gen.go -doc ../docs/codes.md
