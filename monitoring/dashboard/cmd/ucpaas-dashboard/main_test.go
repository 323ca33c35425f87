package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/dashboard"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRun(t *testing.T) {
	want, err := dashboard.JSON(codes.All())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ucpaas.json")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("run -out: %v (stderr %q)", err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || stdout.Len() != 0 {
		t.Errorf("-out wrote %d bytes (want %d) and %d bytes to stdout (want 0)", len(got), len(want), stdout.Len())
	}

	stdout.Reset()
	if err := run(nil, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("without -out, stdout has %d bytes, want the dashboard (%d bytes)", stdout.Len(), len(want))
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"argument", []string{"extra"}, `unexpected arguments ["extra"]`},
		{"unknown flag", []string{"-selector", "x"}, "flag provided but not defined: -selector"},
		{"unwritable", []string{"-out", filepath.Join(t.TempDir(), "missing", "ucpaas.json")}, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tt.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}
