package codes

// catalog_gen.go and ../docs/codes.md are written from catalog.tsv. The generator imports this
// package (for the categories, their actions and DomainOf), so catalog_gen.go must exist for it
// to build; if it is ever lost, write "package codes\n\nvar generated []Code\n" into it first.
//go:generate go run ./internal/gencatalog -in catalog.tsv -go catalog_gen.go -doc ../docs/codes.md
