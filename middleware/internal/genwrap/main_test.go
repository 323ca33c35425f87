package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFilesAreFresh compares what genwrap writes now with the files in the package, so
// that a change to the generator (or a hand edit of its output) fails here, not only in CI's
// "generated files are fresh" step.
func TestGeneratedFilesAreFresh(t *testing.T) {
	for _, f := range []struct {
		path   string
		render func() ([]byte, error)
	}{{"../../wrap_generated.go", renderWrapper}, {"../../wrap_generated_test.go", renderFakes}} {
		want, err := f.render()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./middleware", f.path)
		}
	}
}
