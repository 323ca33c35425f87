package codes_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/codes/internal/catalogfile"
)

// parseCatalogFile parses the committed catalog.tsv.
func parseCatalogFile(t *testing.T) []codes.Code {
	t.Helper()
	f, err := os.Open("catalog.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := catalogfile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestGeneratedFilesAreFresh(t *testing.T) {
	cs := parseCatalogFile(t)
	src, err := catalogfile.RenderGo(cs)
	if err != nil {
		t.Fatal(err)
	}
	files := []struct {
		path string
		want []byte
	}{
		{"catalog_gen.go", src},
		{"../docs/codes.md", catalogfile.RenderDoc(cs)},
	}
	for _, f := range files {
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.want) {
			t.Errorf("%s is stale: run `go generate ./codes`", f.path)
		}
	}
}
