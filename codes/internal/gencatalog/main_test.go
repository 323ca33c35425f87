package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestGenerateWritesBothFilesFromTheCatalog(t *testing.T) {
	dir := t.TempDir()
	goOut, docOut := filepath.Join(dir, "gen.go"), filepath.Join(dir, "codes.md")
	if err := generate("../../catalog.tsv", goOut, docOut); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ got, committed string }{
		{goOut, "../../catalog_gen.go"},
		{docOut, "../../../docs/codes.md"},
	} {
		got, err := os.ReadFile(f.got)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(f.committed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("generate wrote %s unlike the committed %s", f.got, f.committed)
		}
	}
}

func TestGenerateFailsOnABadCatalog(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "catalog.tsv")
	if err := os.WriteFile(in, []byte("code\tmessages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goOut := filepath.Join(dir, "gen.go")
	err := generate(in, goOut, filepath.Join(dir, "codes.md"))
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("generate error = %v, want a header error", err)
	}
	if _, statErr := os.Stat(goOut); !os.IsNotExist(statErr) {
		t.Errorf("generate wrote %s from a bad catalog", goOut)
	}
	if err := generate(filepath.Join(dir, "missing.tsv"), goOut, filepath.Join(dir, "codes.md")); err == nil {
		t.Error("generate of a missing file succeeded")
	}
}
