package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestGenerateWritesTheCommittedFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen.go")
	if err := generate("../../catalog.tsv", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("generate wrote %s unlike the committed catalog_gen.go", out)
	}
}

func TestGenerateFailsOnABadCatalog(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "catalog.tsv")
	if err := os.WriteFile(in, []byte("code\tmessages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "gen.go")
	err := generate(in, out)
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("generate error = %v, want a header error", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("generate wrote %s from a bad catalog", out)
	}
	if err := generate(filepath.Join(dir, "missing.tsv"), out); err == nil {
		t.Error("generate of a missing file succeeded")
	}
}

// TestGeneratorDoesNotImportCodes keeps the generator buildable whatever state catalog_gen.go is
// in: it must not depend on the package it writes.
func TestGeneratorDoesNotImportCodes(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list -deps listed nothing")
	}
	for _, d := range deps {
		if d == "github.com/ucpobs/ucpobs/codes" {
			t.Errorf("gencatalog depends on %s, the package it writes", d)
		}
	}
}
