// Tests of the committed dashboard's failure totals with promtool: its queries, variables
// substituted, evaluated on input series (promql_expr_test).
package monitoring

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/monitoring/internal/dashlint"
)

// dashboardPath is the committed dashboard.
var dashboardPath = filepath.Join("dashboards", "ucpaas.json")

// promqlVariables are the dashboard's variables for the tests that evaluate or parse its queries:
// the job billing, every operation, a range of 10 minutes and an interval of 1 minute (the longer
// names first, so that $__range does not replace the start of $__range_s).
var promqlVariables = strings.NewReplacer(
	"$__range_s", "600",
	"$__range", "10m",
	"$__interval_ms", "60000",
	"$__interval", "1m",
	"$__rate_interval", "1m",
	"$job", "billing",
	"$operation", ".+",
)

// dashboardQuery returns the expression of the query of the committed dashboard's panel title whose
// legend is legend, variables substituted.
func dashboardQuery(t *testing.T, title, legend string) string {
	t.Helper()
	d, err := dashlint.Parse([]byte(readFile(t, dashboardPath)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Visible() {
		for _, target := range p.Targets {
			if p.Title == title && target.LegendFormat == legend {
				return promqlVariables.Replace(target.Expr)
			}
		}
	}
	t.Fatalf("%s has no panel %q with a query of legend %q", dashboardPath, title, legend)
	return ""
}

// TestDashboardFailureTotalsCountTheFirstFailure evaluates the stat of balance failures, the table of
// failures by code and the graph of unknown codes on series born at 1 (no zero sample before the
// first failure: the library creates no failure series at 0), which increase() misses, and on a
// counter first seen at an old value, which must count 0.
func TestDashboardFailureTotalsCountTheFirstFailure(t *testing.T) {
	const (
		start    = `ucpaas_metrics_start_time_seconds{job="billing",instance="a:9090"}`
		requests = `ucpaas_client_requests_total{job="billing",instance="a:9090",operation="send_sms"}`
		balance  = `ucpaas_client_failures_total{job="billing",instance="a:9090",operation="send_sms",code="100001",category="balance"}`
		unknown  = `ucpaas_client_failures_total{job="billing",instance="a:9090",operation="send_sms",code="other",category="unknown"}`
	)
	stat := dashboardQuery(t, "Balance failures (余额不足)", "")
	table := dashboardQuery(t, "Failures by return code (client side)", "")
	graph := dashboardQuery(t, `Unknown return codes (code="other")`, "client {{operation}}")
	const row = `{category="balance", code="100001", meaning="100001", operation="send_sms"}`
	type sample struct {
		labels string
		value  float64
	}
	type eval struct {
		expr string
		at   string
		want []sample
	}
	tests := []struct {
		name   string
		series map[string]string // series → values, one a minute from 0
		evals  []eval
	}{
		{"a series born at 1 in a process that started within the range counts 1",
			map[string]string{start: "_x10 600x20", requests: "_x10 1+1x20", balance: "_x12 1x18"},
			[]eval{{stat, "15m", []sample{{"{}", 1}}}, {table, "15m", []sample{{row, 1}}}}},
		{"a series born at 1 in a process scraped since before the range counts 1",
			map[string]string{start: "0x40", requests: "0+1x40", balance: "_x20 1x20"},
			[]eval{{stat, "25m", []sample{{"{}", 1}}}, {table, "25m", []sample{{row, 1}}}, {stat, "31m", []sample{{"{}", 0}}}}},
		{"a constant old counter first seen by a fresh Prometheus counts 0",
			map[string]string{start: "_x30 0x20", requests: "_x30 100+1x20", balance: "_x30 3x20"},
			[]eval{{stat, "35m", []sample{{"{}", 0}}}, {table, "35m", nil}, {stat, "45m", []sample{{"{}", 0}}}}},
		{"a counter that rises counts the rise",
			map[string]string{start: "0x40", requests: "0+1x40", balance: "2x19 5x20"},
			[]eval{{stat, "25m", []sample{{"{}", 3}}}, {table, "25m", []sample{{row, 3}}}, {stat, "35m", []sample{{"{}", 0}}}}},
		{"an unknown code born at 1 shows in the graph's point of its interval",
			map[string]string{start: "0x40", requests: "0+1x40", unknown: "_x20 1x20"},
			[]eval{{graph, "20m", []sample{{`{operation="send_sms"}`, 1}}}, {graph, "22m", []sample{{`{operation="send_sms"}`, 0}}}}},
	}
	var b strings.Builder
	b.WriteString("rule_files: []\nevaluation_interval: 1m\ntests:\n")
	for _, tt := range tests {
		fmt.Fprintf(&b, "  - name: %s\n    interval: 1m\n    input_series:\n", yamlString(tt.name))
		for series, values := range tt.series {
			fmt.Fprintf(&b, "      - series: %s\n        values: %s\n", yamlString(series), yamlString(values))
		}
		b.WriteString("    promql_expr_test:\n")
		for _, e := range tt.evals {
			fmt.Fprintf(&b, "      - expr: %s\n        eval_time: %s\n        exp_samples:", yamlString(e.expr), e.at)
			if len(e.want) == 0 {
				b.WriteString(" []")
			}
			b.WriteString("\n")
			for _, s := range e.want {
				fmt.Fprintf(&b, "          - labels: %s\n            value: %v\n", yamlString(s.labels), s.value)
			}
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "dashboard_test.yml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, ok := runPromtool(t, dir, "test", "rules", "dashboard_test.yml")
	if !ok {
		t.Fatalf("promtool test rules failed:\n%s", out)
	}
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool did not report SUCCESS:\n%s", out)
	}
}

// yamlString returns s as a YAML single-quoted scalar (newlines folded to spaces, which PromQL
// and promtool's series notation treat alike).
func yamlString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "'", "''") + "'"
}
