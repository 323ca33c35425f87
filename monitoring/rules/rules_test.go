package rules

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/codes"
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
var metricSelector = regexp.MustCompile(`\bucpaas_(?:client|server|instrumentation|metrics|account)_[a-z_]+(\{[^}]*\})?`)

func TestFilesPutTheSelectorOnEveryMetric(t *testing.T) {
	tests := []struct {
		selector string
		want     string // the prefix every metric selector must start with
	}{
		{DefaultSelector, `{job=~".+"`},
		{`job="billing"`, `{job="billing"`},
		{`job=~"billing|gateway", namespace="prod"`, `{job=~"billing|gateway", namespace="prod"`},
		{`job=~"a%b"`, `{job=~"a%%b"`}, // escaped for the printf of the alert descriptions' queries
	}
	for _, tt := range tests {
		t.Run(tt.selector, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Selector = tt.selector
			files, err := Files(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				content := string(f.Content)
				if strings.Contains(tt.selector, "%") {
					// outside the descriptions' printf formats the selector appears as it is
					content = strings.ReplaceAll(content, tt.selector, strings.ReplaceAll(tt.selector, "%", "%%"))
				}
				content = regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(content, "") // comments name metrics in prose
				uses := metricSelector.FindAllStringSubmatch(content, -1)
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
	cfg := DefaultConfig()
	cfg.RunbookURL = "https://wiki.example.com/ucpaas"
	files, err := Files(cfg)
	if err != nil {
		t.Fatal(err)
	}
	alerts := string(files[0].Content)
	const want = "runbook_url: https://wiki.example.com/ucpaas#ucpaasbalanceinsufficient\n"
	if !strings.Contains(alerts, want) {
		t.Errorf("alerts lack %q", want)
	}
	if got := strings.Count(alerts, "runbook_url: https://wiki.example.com/ucpaas#"); got != 18 {
		t.Errorf("%d runbook_url annotations use the configured URL, want 18 (8 alerts x 2 sides + 2 without a per-side name)", got)
	}
}

func TestFilesRejectsBadConfig(t *testing.T) {
	with := func(f func(*Config)) Config {
		c := DefaultConfig()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"empty namespace", with(func(c *Config) { c.Namespace = "" }), "namespace"},
		{"namespace with a dash", with(func(c *Config) { c.Namespace = "my-app" }), "namespace"},
		{"namespace with a colon", with(func(c *Config) { c.Namespace = "a:b" }), "namespace"},
		{"namespace starting with a digit", with(func(c *Config) { c.Namespace = "1app" }), "namespace"},
		{"empty selector", with(func(c *Config) { c.Selector = " " }), "empty selector"},
		{"braces", with(func(c *Config) { c.Selector = `{job="x"}` }), "without braces"},
		{"newline", with(func(c *Config) { c.Selector = "job=\"x\"\n" }), "newlines"},
		{"backquote", with(func(c *Config) { c.Selector = "job=`x`" }), "backquotes"},
		{"no matcher", with(func(c *Config) { c.Selector = "job" }), "parse error"},
		{"unterminated string", with(func(c *Config) { c.Selector = `job="x` }), "unterminated quoted string"},
		{"unquoted value", with(func(c *Config) { c.Selector = `job=x` }), "parse error"},
		{"bad regexp", with(func(c *Config) { c.Selector = `job=~"("` }), "parse error"},
		{"metric name", with(func(c *Config) { c.Selector = `__name__="x"` }), "metric name"},
		{"quoted UTF-8 label name", with(func(c *Config) { c.Selector = `"a.b"="x"` }), "not valid in Prometheus 2"},
		{"trailing comma", with(func(c *Config) { c.Selector = `job="x",` }), "comma"},
		{"empty runbook", with(func(c *Config) { c.RunbookURL = "" }), "runbook"},
		{"runbook with fragment", with(func(c *Config) { c.RunbookURL = DefaultRunbookURL + "#x" }), "runbook"},
		{"runbook with quote", with(func(c *Config) { c.RunbookURL = "https://x/'y" }), "runbook"},
		{"negative floor", with(func(c *Config) { c.BalanceFloor = -1 }), "balance floor"},
		{"NaN floor", with(func(c *Config) { c.BalanceFloor = math.NaN() }), "balance floor"},
		{"horizon of seconds", with(func(c *Config) { c.BalanceHorizon = 90 * time.Second }), "balance horizon"},
		{"no horizon", with(func(c *Config) { c.BalanceHorizon = 0 }), "balance horizon"},
		{"ratio 0", with(func(c *Config) { c.RecipientFailureRatio = 0 }), "recipient failure ratio"},
		{"ratio 1", with(func(c *Config) { c.RecipientFailureRatio = 1 }), "recipient failure ratio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Files(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Files(%+v) = %d files, %v; want an error containing %q", tt.cfg, len(files), err, tt.want)
			}
			if files != nil {
				t.Errorf("Files returned files with the error %v", err)
			}
		})
	}
}

func TestFilesThresholds(t *testing.T) {
	tests := []struct {
		name    string
		cfg     func(*Config)
		want    []string
		notWant []string
	}{
		{"defaults", func(*Config) {},
			[]string{`ucpaas_account_balance{job=~".+"} < 100` + "\n", `[30m:30s], 86400) < 0`, "within 24h", "> 0.2\n", "more than 20% of the recipients"}, nil},
		{"no floor, 90-minute horizon, 5%", func(c *Config) { c.BalanceFloor, c.BalanceHorizon, c.RecipientFailureRatio = 0, 90*time.Minute, 0.05 },
			[]string{`[30m:30s], 5400) < 0`, "within 90m", "> 0.05\n", "more than 5% of the recipients"}, []string{"ucpaas_account_balance{job=~\".+\"} <"}},
		{"floor with decimals", func(c *Config) { c.BalanceFloor = 12.5 },
			[]string{`ucpaas_account_balance{job=~".+"} < 12.5` + "\n", "under 12.5 yuan"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.cfg(&cfg)
			files, err := Files(cfg)
			if err != nil {
				t.Fatal(err)
			}
			alerts := string(files[0].Content)
			for _, w := range tt.want {
				if !strings.Contains(alerts, w) {
					t.Errorf("alerts lack %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(alerts, w) {
					t.Errorf("alerts hold %q", w)
				}
			}
		})
	}
}

func TestCodeInfoCoversTheCatalog(t *testing.T) {
	files, err := Files(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	alerts := string(files[0].Content)
	n := 0
	for _, c := range codes.All() {
		if c.Category == codes.CategoryOK {
			continue
		}
		n++
		want := fmt.Sprintf("          code: '%s'\n          category: %s\n          meaning_zh: %s\n          meaning_en: %s\n",
			c.Value, c.Category, yamlQuote(c.Message), yamlQuote(c.English))
		if !strings.Contains(alerts, want) {
			t.Errorf("no ucpaas:code_info for %s:\n%s", c.Value, want)
		}
	}
	if got := strings.Count(alerts, "record: ucpaas:code_info\n"); got != n+len(codes.SpecialLabels()) {
		t.Errorf("%d ucpaas:code_info rules, want %d codes + %d special codes", got, n, len(codes.SpecialLabels()))
	}
	if got := yamlQuote("it's"); got != "'it''s'" {
		t.Errorf("yamlQuote(it's) = %s", got)
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
