package monitoring

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/promql/parser"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/dashboard"
	"github.com/ucpobs/ucpobs/monitoring/rules"
)

// otherNamespace is the namespace of the test: an application built with
// metrics.WithNamespace("shop").
const otherNamespace = "shop"

// renamed turns a text about the default namespace into one about otherNamespace: metric names
// (ucpaas_…) and recorded series (ucpaas:…). Alert names (Ucpaas…), runbook anchors and the log
// field ucpaas.code stay, as do the rule files' names.
var renamed = strings.NewReplacer(rules.AlertsFile, rules.AlertsFile, rules.RecordingFile, rules.RecordingFile, "ucpaas_", otherNamespace+"_", "ucpaas:", otherNamespace+":")

// namespaceTests are the promtool unit tests run against the rules of otherNamespace: between them
// every recording rule the alerts read and both kinds of alert on them (first failure, ratio over
// recorded totals) fire with their descriptions. (Tests that expect silence, like quiet_test.yml,
// would pass against rules reading the wrong names; the full set runs in TestPromtoolTestRules.)
var namespaceTests = []string{"balance_test.yml", "platform_errors_test.yml", "recording_rules_test.yml"}

// TestNamespaceFollowsThrough renders the rules with another namespace and checks them like the
// committed ones: promtool check rules passes with as many rules, and the promtool unit tests of
// namespaceTests, their series renamed to the namespace, pass against them. The rule files name no
// metric of the default namespace.
func TestNamespaceFollowsThrough(t *testing.T) {
	promtool(t)
	cfg := rules.DefaultConfig()
	cfg.Namespace = otherNamespace
	files, err := rules.Files(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		if leftover := defaultNames(string(f.Content)); len(leftover) > 0 {
			t.Errorf("%s, rendered for namespace %s, still reads %q", f.Name, otherNamespace, leftover)
		}
		writeFile(t, filepath.Join(dir, "rules", f.Name), f.Content)
	}
	var tests []string
	for _, name := range namespaceTests {
		tests = append(tests, filepath.Join("tests", name))
	}
	for _, f := range tests {
		writeFile(t, filepath.Join(dir, f), []byte(renamed.Replace(readFile(t, f))))
	}
	out, ok := runPromtool(t, dir, "check", "rules", alertsPath, recordingPath)
	if !ok {
		t.Fatalf("promtool check rules failed:\n%s", out)
	}
	if want := fmt.Sprintf("SUCCESS: %d rules found", alertRules()+recordingRulesInAlerts()); !strings.Contains(out, want) {
		t.Errorf("promtool check rules output lacks %q:\n%s", want, out)
	}
	out, ok = runPromtool(t, dir, append([]string{"test", "rules"}, tests...)...)
	if !ok {
		t.Fatalf("promtool test rules, namespace %s, failed:\n%s", otherNamespace, out)
	}
	if got := strings.Count(out, "SUCCESS"); got != len(tests) {
		t.Errorf("promtool reported SUCCESS %d times for %d files:\n%s", got, len(tests), out)
	}
}

// TestDashboardNamespaceFollowsThrough builds the dashboard for another namespace and checks that
// every query parses and reads only metrics of that namespace, and recorded series only those the
// rules rendered for it record.
func TestDashboardNamespaceFollowsThrough(t *testing.T) {
	cfg := rules.DefaultConfig()
	cfg.Namespace = otherNamespace
	files, err := rules.Files(cfg)
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for _, f := range files {
		for _, m := range regexp.MustCompile(`(?m)^\s+- record: (\S+)$`).FindAllStringSubmatch(string(f.Content), -1) {
			recorded[m[1]] = true
		}
	}
	data, err := dashboard.JSON(codes.All(), dashboard.WithNamespace(otherNamespace))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query any    `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	queries := 0
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			queries++
			expr, err := parser.NewParser(parser.Options{}).ParseExpr(promqlVariables.Replace(target.Expr))
			if err != nil {
				t.Errorf("panel %q: %v\n%s", p.Title, err, target.Expr)
				continue
			}
			parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
				vs, ok := node.(*parser.VectorSelector)
				if !ok {
					return nil
				}
				switch {
				case strings.HasPrefix(vs.Name, otherNamespace+":") && !recorded[vs.Name]:
					t.Errorf("panel %q reads %s, which the rules for namespace %s do not record", p.Title, vs.Name, otherNamespace)
				case !strings.HasPrefix(vs.Name, otherNamespace+"_") && !strings.HasPrefix(vs.Name, otherNamespace+":"):
					t.Errorf("panel %q reads %s, not a metric of namespace %s", p.Title, vs.Name, otherNamespace)
				}
				return nil
			})
		}
	}
	if queries < 20 {
		t.Errorf("the dashboard has %d queries; want every panel's", queries)
	}
	for _, v := range d.Templating.List {
		if q, ok := v.Query.(string); ok && v.Name != "datasource" {
			if !strings.Contains(q, otherNamespace+"_") || len(defaultNames(q)) > 0 {
				t.Errorf("variable %s: query %q does not read namespace %s", v.Name, q, otherNamespace)
			}
		}
	}
	if _, err := dashboard.JSON(codes.All(), dashboard.WithNamespace("")); err == nil {
		t.Error("dashboard.JSON accepted the empty namespace")
	}
}

// defaultNames returns the metric and recorded-series names of the default namespace in text,
// comments left out.
func defaultNames(text string) []string {
	var found []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		found = append(found, regexp.MustCompile(`\bucpaas[_:][a-z_:]+`).FindAllString(line, -1)...)
	}
	return found
}

func writeFile(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}
