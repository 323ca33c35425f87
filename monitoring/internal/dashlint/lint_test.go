package dashlint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/monitoring/internal/firstfailure"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fixtureCodes are the codes the fixture's table maps.
var fixtureCodes = []string{"100001"}

// fixture returns testdata/valid.json decoded into generic values, to be broken by a test.
func fixture(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at follows path (object keys and slice indexes) from v.
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, step := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			v = node[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i >= len(node) {
				t.Fatalf("path %s: bad index %s", path, step)
			}
			v = node[i]
		default:
			t.Fatalf("path %s: %s inside a %T", path, step, v)
		}
	}
	return v
}

// set sets the last step of path (an object key) to value, or deletes it when value is nil.
func set(t *testing.T, doc map[string]any, path string, value any) {
	t.Helper()
	i := strings.LastIndex(path, ".")
	parent, ok := at(t, doc, path[:i]).(map[string]any)
	if !ok {
		t.Fatalf("path %s: parent is not an object", path)
	}
	if value == nil {
		delete(parent, path[i+1:])
		return
	}
	parent[path[i+1:]] = value
}

func lintDoc(t *testing.T, doc map[string]any) []string {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return Lint(d, fixtureCodes)
}

func TestFixtureIsValid(t *testing.T) {
	if problems := lintDoc(t, fixture(t)); len(problems) > 0 {
		t.Fatalf("the valid fixture has problems:\n%s", strings.Join(problems, "\n"))
	}
}

// TestLintCatchesEachRule breaks the valid fixture one way at a time and checks that Lint reports
// exactly that problem.
func TestLintCatchesEachRule(t *testing.T) {
	const (
		series    = "panels.1"
		table     = "panels.2.panels.0" // inside a collapsed row
		statPanel = "panels.3"
	)
	tests := []struct {
		name  string
		path  string
		value any // nil deletes
		want  string
	}{
		{"no title", series + ".title", "", `panel 2 "": no title`},
		{"no description", series + ".description", " ", `panel 2 "calls": no description`},
		{"no unit", table + ".fieldConfig.defaults.unit", nil, `panel 4 "codes": no unit`},
		{"panel on a fixed datasource", series + ".datasource", map[string]any{"uid": "prom-1"}, `panel 2 "calls": datasource is not ${datasource}`},
		{"query on a fixed datasource", statPanel + ".targets.0.datasource", nil, `panel 5 "balance", query A: datasource is not ${datasource}`},
		{"no queries", series + ".targets", []any{}, `panel 2 "calls": no queries`},
		{"repeated refId", statPanel + ".targets", []any{at(t, fixture(t), statPanel+".targets.0"), at(t, fixture(t), statPanel+".targets.0")},
			`panel 5 "balance": query refId "A" missing or repeated`},
		{"duplicate id", statPanel + ".id", 2.0, `panel 2 "balance": id 2 already used by "calls"`},
		{"bare counter", series + ".targets.0.expr",
			`sum by (operation) (ucpaas_client_requests_total{job=~"$job", operation=~"$operation"})`,
			`panel 2 "calls", query A: counter ucpaas_client_requests_total is not inside rate or increase`},
		{"no job matcher", series + ".targets.0.expr",
			`sum(rate(ucpaas_client_requests_total{operation=~"$operation"}[$__rate_interval]))`,
			`selector ucpaas_client_requests_total{operation=~"$operation"} lacks job=~"$job"`},
		{"table mapping misses a code", table + ".fieldConfig.overrides", []any{},
			`panel 4 "codes": no value mapping for 1 codes: 100001`},
		{"stat never red", statPanel + ".fieldConfig.defaults.thresholds", nil,
			`panel 5 "balance": thresholds do not go from green to red at the first failure`},
		{"balance stat red above the floor", statPanel + ".targets.0.expr", `min by (account) (ucpaas_account_balance{job=~"$job"})`,
			`panel 5 "balance": reads ucpaas_account_balance, but its thresholds do not go from red to green at a floor above 0`},
		{"no datasource variable", "templating.list.0.name", "ds", "no datasource variable"},
		{"datasource variable of another type", "templating.list.0.query", "loki",
			`variable datasource: want a datasource variable of type prometheus, got datasource "loki"`},
		{"single-value operation", "templating.list.2.multi", false, "variable operation: want multi-value with All"},
		{"job without All", "templating.list.1.includeAll", false, "variable job: want multi-value with All"},
		{"operation not scoped to job", "templating.list.2.query", "label_values(ucpaas_client_requests_total, operation)",
			`variable operation: query "label_values(ucpaas_client_requests_total, operation)" does not select job=~"$job"`},
		{"variable on a fixed datasource", "templating.list.1.datasource", nil, "variable job: want a query variable on ${datasource}"},
		{"row without title", "panels.0.title", "", "row 1: no title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := fixture(t)
			set(t, doc, tt.path, tt.value)
			problems := lintDoc(t, doc)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Errorf("Lint did not report %q; it reported:\n%s", tt.want, strings.Join(problems, "\n"))
			}
		})
	}
}

func TestLintNoPanels(t *testing.T) {
	doc := fixture(t)
	doc["panels"] = []any{}
	if got := lintDoc(t, doc); !slices.Equal(got, []string{"no panels"}) {
		t.Errorf("Lint = %q, want [no panels]", got)
	}
}

// failureCount is firstfailure.Count on ucpaas_client_failures_total with matchers, over window
// (seconds in seconds).
func failureCount(matchers, window, seconds string) string {
	return firstfailure.Count("ucpaas_client_failures_total"+matchers, `ucpaas_metrics_start_time_seconds{job=~"$job"}`,
		firstfailure.Window{Range: window, Seconds: seconds, Unwatched: true})
}

func TestLintExpr(t *testing.T) {
	const s = `{job=~"$job", operation=~"$operation"}`
	tests := []struct {
		name    string
		expr    string
		instant bool
		want    []string
	}{
		{"rate over rate interval", `sum(rate(ucpaas_client_requests_total` + s + `[$__rate_interval]))`, false, nil},
		{"increase over range, instant", `sum(increase(ucpaas_client_failures_total` + s + `[$__range]))`, true, nil},
		{"histogram", `histogram_quantile(0.9, sum by (le) (rate(ucpaas_client_request_duration_seconds_bucket{job=~"$job", operation=~"($operation)?"}[$__rate_interval])))`, false, nil},
		{"histogram with the plain operation matcher", `histogram_quantile(0.9, sum by (le) (rate(ucpaas_client_request_duration_seconds_bucket` + s + `[$__rate_interval])))`, false,
			[]string{`selector ucpaas_client_request_duration_seconds_bucket{job=~"$job", operation=~"$operation"} lacks operation=~"($operation)?"`}},
		{"histogram mean without an operation matcher", `rate(ucpaas_server_request_duration_seconds_sum{job=~"$job"}[$__rate_interval])`, false,
			[]string{`selector ucpaas_server_request_duration_seconds_sum{job=~"$job"} lacks operation=~"($operation)?"`}},
		{"recording rule, a gauge", `ucpaas:client_failure_ratio:rate5m` + s, false, nil},
		{"two counters, both wrapped", `rate(ucpaas_client_failures_total` + s + `[$__rate_interval]) / rate(ucpaas_client_requests_total` + s + `[$__rate_interval])`, false, nil},
		{"failure count over range, instant", "sum " + failureCount(s, "$__range", "$__range_s"), true, nil},
		{"failure count over interval, range query", "sum " + failureCount(s, "$__interval", "$__interval_ms / 1000"), false, nil},
		{"failure count over range in a range query", failureCount(s, "$__range", "$__range_s"), false,
			[]string{"failure count over $__range in a range query (use $__interval)"}},
		{"failure count over interval in an instant query", failureCount(s, "$__interval", "$__interval_ms / 1000"), true,
			[]string{"failure count over $__interval in an instant query (use $__range)"}},
		{"failure count, seconds of another window", failureCount(s, "$__range", "$__interval_ms / 1000"), true,
			[]string{"failure count over inconsistent windows: " + failureCount(s, "$__range", "$__interval_ms / 1000")}},
		{"failure count, counter without the job matcher", failureCount(`{operation=~"$operation"}`, "$__range", "$__range_s"), true,
			slices.Repeat([]string{`selector ucpaas_client_failures_total{operation=~"$operation"} lacks job=~"$job"`}, 5)},
		{"failure count, start time with the operation matcher", strings.ReplaceAll(failureCount(s, "$__range", "$__range_s"), `seconds{job=~"$job"}`, "seconds"+s), true,
			slices.Repeat([]string{`selector ucpaas_metrics_start_time_seconds` + s + ` has operation=~"$operation", but ucpaas_metrics_start_time_seconds has no operation label`}, 7)},
		{"bare counter beside a failure count", failureCount(s, "$__range", "$__range_s") + ` + ucpaas_client_requests_total` + s, true,
			[]string{"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range"}},
		{"no metric", `vector(1)`, false, []string{"reads no ucpaas metric"}},
		{"bare counter", `ucpaas_client_requests_total` + s, false,
			[]string{"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range"}},
		{"one of two counters bare", `rate(ucpaas_client_failures_total` + s + `[$__rate_interval]) / ucpaas_client_requests_total` + s, false,
			[]string{"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range"}},
		{"fixed window", `rate(ucpaas_client_requests_total` + s + `[5m])`, false,
			[]string{"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range",
				"fixed window [5m] (use $__rate_interval or $__range)"}},
		{"range in a range query", `increase(ucpaas_client_requests_total` + s + `[$__range])`, false,
			[]string{"$__range in a range query (use $__rate_interval)"}},
		{"counter inside another function", `sum_over_time(ucpaas_client_requests_total` + s + `[$__rate_interval])`, false,
			[]string{"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range"}},
		{"no matchers", `rate(ucpaas_client_requests_total[$__rate_interval])`, false,
			[]string{`selector ucpaas_client_requests_total lacks job=~"$job"`, `selector ucpaas_client_requests_total lacks operation=~"$operation"`,
				"counter ucpaas_client_requests_total is not inside rate or increase over $__rate_interval or $__range"}},
		{"a fixed job", `rate(ucpaas_client_requests_total{job="billing", operation=~"$operation"}[$__rate_interval])`, false,
			[]string{`selector ucpaas_client_requests_total{job="billing", operation=~"$operation"} lacks job=~"$job"`}},
		{"metric without operation label, job only", `sum by (side, stage) (rate(ucpaas_instrumentation_errors_total{job=~"$job"}[$__rate_interval]))`, false, nil},
		{"metric without operation label, operation matcher", `rate(ucpaas_instrumentation_errors_total` + s + `[$__rate_interval])`, false,
			[]string{`selector ucpaas_instrumentation_errors_total{job=~"$job", operation=~"$operation"} has operation=~"$operation", but ucpaas_instrumentation_errors_total has no operation label`}},
		{"balance gauge, job only", `min by (account) (ucpaas_account_balance{job=~"$job"})`, true, nil},
		{"balance gauge, operation matcher", `ucpaas_account_balance` + s, true,
			[]string{`selector ucpaas_account_balance{job=~"$job", operation=~"$operation"} has operation=~"$operation", but ucpaas_account_balance has no operation label`}},
		{"balance gauge in rate", `-rate(ucpaas_account_balance{job=~"$job"}[$__rate_interval])`, false,
			[]string{"gauge ucpaas_account_balance inside rate or increase (it is a level: read it as it is)"}},
		{"metric without operation label, no job", `rate(ucpaas_instrumentation_errors_total{stage="level"}[$__rate_interval])`, false,
			[]string{`selector ucpaas_instrumentation_errors_total{stage="level"} lacks job=~"$job"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LintExpr(tt.expr, tt.instant); !slices.Equal(got, tt.want) {
				t.Errorf("LintExpr(%s) =\n%q\nwant\n%q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestParseRejectsBadJSON(t *testing.T) {
	if _, err := Parse([]byte(`{"panels": [`)); err == nil {
		t.Error("Parse accepted truncated JSON")
	}
}

func TestVisibleAndMappings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	for _, p := range d.Visible() {
		ids = append(ids, p.ID)
	}
	if want := []int{2, 4, 5}; !slices.Equal(ids, want) {
		t.Errorf("Visible ids = %v, want %v (rows left out, collapsed row's panel in)", ids, want)
	}
	visible := d.Visible()
	if got := visible[1].Mappings()["100001"]; got != "余额不足 — Insufficient balance" {
		t.Errorf("override mapping of 100001 = %q", got)
	}
	if got := visible[2].Mappings()["other"]; got != "unknown" {
		t.Errorf("default mapping of other = %q", got)
	}
	v, ok := d.Variable("operation")
	if !ok || v.QueryText() != `label_values(ucpaas_client_requests_total{job=~"$job"}, operation)` {
		t.Errorf("operation variable query (object form) = %q, %v", v.QueryText(), ok)
	}
}
