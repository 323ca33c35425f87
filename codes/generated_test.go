package codes_test

import (
	"bufio"
	"bytes"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/codes/internal/catalogfile"
)

// parseCatalogFile parses the committed catalog.tsv.
func parseCatalogFile(t *testing.T) []catalogfile.Row {
	t.Helper()
	f, err := os.Open("catalog.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := catalogfile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestGeneratedFileIsFresh(t *testing.T) {
	src, err := catalogfile.RenderGo(parseCatalogFile(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, src) {
		t.Error("catalog_gen.go is stale: run `go generate ./codes`")
	}
}

// TestDefaultCatalogIsTheFile proves the generator's constant names carry the values the file
// gives, and that the catalog completes every row as catalog.tsv describes it.
func TestDefaultCatalogIsTheFile(t *testing.T) {
	rows := parseCatalogFile(t)
	if got := codes.Default().Len(); got != len(rows) {
		t.Errorf("Default().Len() = %d, catalog.tsv has %d rows", got, len(rows))
	}
	for _, r := range rows {
		c, ok := codes.Lookup(r.Value)
		want := codes.Code{
			Value:     r.Value,
			Message:   r.Messages[len(r.Messages)-1],
			Messages:  append(slices.Clone(r.Messages), r.Also...),
			English:   r.English,
			Category:  codes.Category(r.Category),
			Domain:    codes.DomainOf(r.Value),
			Retryable: r.Retryable,
			Source:    codes.Source(r.Source),
		}
		if !ok || !equalCode(c, want) {
			t.Errorf("Lookup(%s) = %+v, %v; want %+v", r.Value, c, ok, want)
		}
	}
}

// equalCode compares two codes field by field.
func equalCode(a, b codes.Code) bool {
	return a.Value == b.Value && a.Message == b.Message && slices.Equal(a.Messages, b.Messages) &&
		a.English == b.English && a.Category == b.Category && a.Domain == b.Domain &&
		a.Retryable == b.Retryable && a.Source == b.Source
}

func TestGeneratorKnowsEveryCodeCategoryAndSource(t *testing.T) {
	var categories []string
	for _, c := range codes.Categories() {
		if c != codes.CategoryUnknown && c != codes.CategoryUnparsed && c != codes.CategoryTransport {
			categories = append(categories, string(c))
		}
	}
	if got := slices.Sorted(maps.Keys(catalogfile.CategoryConstants)); !slices.Equal(got, slices.Sorted(slices.Values(categories))) {
		t.Errorf("catalogfile.CategoryConstants names %v, want %v", got, categories)
	}
	var sources []string
	for _, s := range codes.Sources() {
		sources = append(sources, string(s))
	}
	if got := slices.Sorted(maps.Keys(catalogfile.SourceConstants)); !slices.Equal(got, slices.Sorted(slices.Values(sources))) {
		t.Errorf("catalogfile.SourceConstants names %v, want %v", got, sources)
	}
}

// TestDomainsAreUnchanged compares every code's Domain with the one catalog_gen.go stored before
// domains were derived (testdata/domains.tsv).
func TestDomainsAreUnchanged(t *testing.T) {
	f, err := os.Open("testdata/domains.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		value, domain, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("testdata/domains.tsv: bad line %q", sc.Text())
		}
		seen++
		if c, found := codes.Lookup(value); !found || c.Domain != codes.Domain(domain) {
			t.Errorf("Lookup(%s).Domain = %q (found %v), want %q", value, c.Domain, found, domain)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != codes.Default().Len() {
		t.Errorf("testdata/domains.tsv has %d codes, the default catalog %d", seen, codes.Default().Len())
	}
}
