package rules

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the committed rule files from the templates")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestCommittedFilesUpToDate fails when a template changed but the committed files were not
// re-rendered (go generate ./rules, or go test ./rules -update).
func TestCommittedFilesUpToDate(t *testing.T) {
	files, err := Files(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Name != AlertsFile || files[1].Name != RecordingFile {
		t.Fatalf("Files returned %d files %v, want %s and %s", len(files), names(files), AlertsFile, RecordingFile)
	}
	for _, f := range files {
		if *update {
			if err := os.WriteFile(f.Name, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		committed, err := os.ReadFile(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, f.Content) {
			t.Errorf("%s is stale: run `go generate ./rules` in monitoring/", f.Name)
		}
	}
}

// metricSelector matches every use of a ucpobs metric with its label matchers.
var metricSelector = regexp.MustCompile(`\bucpaas_(?:client|server|instrumentation)_[a-z_]+(\{[^}]*\})?`)

func TestFilesPutTheSelectorOnEveryMetric(t *testing.T) {
	tests := []struct {
		selector string
		want     string // the prefix every metric selector must start with
	}{
		{DefaultSelector, `{job=~".+"`},
		{`job="billing"`, `{job="billing"`},
		{`job=~"billing|gateway", namespace="prod"`, `{job=~"billing|gateway", namespace="prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.selector, func(t *testing.T) {
			files, err := Files(Config{Selector: tt.selector, RunbookURL: DefaultRunbookURL})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				uses := metricSelector.FindAllStringSubmatch(string(f.Content), -1)
				if len(uses) == 0 {
					t.Fatalf("%s: no metric selector found", f.Name)
				}
				for _, u := range uses {
					if !strings.HasPrefix(u[1], tt.want) {
						t.Errorf("%s: %q does not start with the selector %q", f.Name, u[0], tt.want)
					}
				}
			}
		})
	}
}

func TestFilesRunbookURL(t *testing.T) {
	files, err := Files(Config{Selector: DefaultSelector, RunbookURL: "https://wiki.example.com/ucpaas"})
	if err != nil {
		t.Fatal(err)
	}
	alerts := string(files[0].Content)
	const want = "runbook_url: https://wiki.example.com/ucpaas#ucpaasbalanceinsufficient\n"
	if !strings.Contains(alerts, want) {
		t.Errorf("alerts lack %q", want)
	}
	if got := strings.Count(alerts, "runbook_url: https://wiki.example.com/ucpaas#"); got != 15 {
		t.Errorf("%d runbook_url annotations use the configured URL, want 15 (7 alerts x 2 sides + 1 with side from its metric)", got)
	}
}

func TestFilesRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"empty selector", Config{Selector: " ", RunbookURL: DefaultRunbookURL}},
		{"braces", Config{Selector: `{job="x"}`, RunbookURL: DefaultRunbookURL}},
		{"newline", Config{Selector: "job=\"x\"\n", RunbookURL: DefaultRunbookURL}},
		{"no matcher", Config{Selector: "job", RunbookURL: DefaultRunbookURL}},
		{"trailing comma", Config{Selector: `job="x",`, RunbookURL: DefaultRunbookURL}},
		{"empty runbook", Config{Selector: DefaultSelector}},
		{"runbook with fragment", Config{Selector: DefaultSelector, RunbookURL: DefaultRunbookURL + "#x"}},
		{"runbook with quote", Config{Selector: DefaultSelector, RunbookURL: "https://x/'y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Files(tt.cfg)
			if err == nil {
				t.Fatalf("Files(%+v) = %d files, want an error", tt.cfg, len(files))
			}
			if files != nil {
				t.Errorf("Files returned files with the error %v", err)
			}
		})
	}
}

func TestArgs(t *testing.T) {
	m, err := args("a", "1", "b", "2")
	if err != nil || len(m) != 2 || m["a"] != "1" || m["b"] != "2" {
		t.Errorf("args(a 1 b 2) = %v, %v", m, err)
	}
	if m, err := args("a"); err == nil {
		t.Errorf("args(a) = %v, want an error", m)
	}
}

func names(files []File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Name
	}
	return out
}
