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

func TestRunWritesBothFilesWithTheSelector(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	if code := run([]string{"-selector", `job="billing"`, "-balance-floor", "500", "-balance-horizon", "72h", "-recipient-failure-ratio", "0.3", "-out", dir}, &stderr); code != 0 {
		t.Fatalf("run = %d (stderr %q)", code, stderr.String())
	}
	for name, wants := range map[string][]string{
		"ucpaas_alerts.yml":          {`{job="billing"`, "ucpaas_account_balance{job=\"billing\"} < 500\n", "[30m:30s], 259200) < 0", "> 0.3\n"},
		"ucpaas_recording_rules.yml": {`{job="billing"`},
	} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `job=~".+"`) {
			t.Errorf("%s still holds the default selector", name)
		}
		for _, want := range wants {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"help", []string{"-h"}, 0, "-selector"},
		{"unterminated string in the selector", []string{"-selector", `job="x`, "-out", t.TempDir()}, 2, "unterminated quoted string"},
		{"unquoted value in the selector", []string{"-selector", `job=x`, "-out", t.TempDir()}, 2, `selector "job=x"`},
		{"braces", []string{"-selector", "{job}", "-out", t.TempDir()}, 2, "selector"},
		{"negative floor", []string{"-balance-floor", "-1", "-out", t.TempDir()}, 2, "balance floor"},
		{"horizon in seconds", []string{"-balance-horizon", "90s", "-out", t.TempDir()}, 2, "balance horizon"},
		{"ratio of 1", []string{"-recipient-failure-ratio", "1", "-out", t.TempDir()}, 2, "recipient failure ratio"},
		{"unknown flag", []string{"-nope"}, 2, "flag provided but not defined"},
		{"extra argument", []string{"-out", t.TempDir(), "extra"}, 2, "unexpected arguments"},
		{"missing directory", []string{"-out", filepath.Join(t.TempDir(), "missing")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.code, tt.want)
			}
		})
	}
}
