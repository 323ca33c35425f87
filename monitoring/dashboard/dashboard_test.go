package dashboard

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/internal/dashlint"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var update = flag.Bool("update", false, "rewrite the committed dashboard JSON")

// committedPath is the dashboard users import.
// def names the metrics of the default namespace.
var def = names{ns: DefaultNamespace}

var committedPath = filepath.Join("..", "dashboards", "ucpaas.json")

// TestCommittedJSONIsFresh fails when ../dashboards/ucpaas.json is not what this package builds
// from the catalog: regenerate it with go generate ./dashboard (or go test ./dashboard -update).
func TestCommittedJSONIsFresh(t *testing.T) {
	want, err := JSON(codes.All())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(committedPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./dashboard (in monitoring/) and commit it", committedPath)
	}
}

// committed parses the committed dashboard.
func committed(t *testing.T) dashlint.Dashboard {
	t.Helper()
	data, err := os.ReadFile(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dashlint.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// allCodes are the code label values a failures table must explain: the catalog's and the
// special ones.
func allCodes() []string {
	var out []string
	for _, c := range codes.All() {
		out = append(out, c.Value)
	}
	for _, s := range codes.SpecialLabels() {
		out = append(out, s.Label)
	}
	return out
}

func TestCommittedDashboardPassesLint(t *testing.T) {
	if problems := dashlint.Lint(committed(t), allCodes()); len(problems) > 0 {
		t.Errorf("the committed dashboard breaks %d rules:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

func TestPanels(t *testing.T) {
	type panel struct{ typ, title, unit string }
	want := []panel{
		{"timeseries", "Calls by operation", "reqps"},
		{"timeseries", "Failure ratio by operation", "percentunit"},
		{"timeseries", "Failures by category", "reqps"},
		{"timeseries", "Latency (p50, p95, p99, mean)", "s"},
		{"timeseries", "Latency p95 by operation", "s"},
		{"stat", "Account balance (账户余额)", "currencyCNY"},
		{"stat", "Balance failures (余额不足)", "short"},
		{"stat", "Auth failures (鉴权失败)", "short"},
		{"stat", "Account failures (账户异常)", "short"},
		{"timeseries", "Balance by account", "currencyCNY"},
		{"table", "Failures by return code (client side)", "short"},
		{"timeseries", "Recipient failure ratio by code", "percentunit"},
		{"timeseries", "Recipients by category", "reqps"},
		{"table", "Recipient failures by return code (client side)", "short"},
		{"timeseries", "Answers served by operation", "reqps"},
		{"timeseries", "Failures served by code", "reqps"},
		{"timeseries", "Latency (server side: p50, p95, p99, mean)", "s"},
		{"timeseries", "Latency p95 by operation (server side)", "s"},
		{"table", "Failures served by return code (server side)", "short"},
		{"timeseries", `Unknown return codes (code="other")`, "short"},
		{"timeseries", "Instrumentation errors", "cps"},
	}
	var got []panel
	for _, p := range committed(t).Visible() {
		got = append(got, panel{p.Type, p.Title, p.FieldConfig.Defaults.Unit})
	}
	if !slices.Equal(got, want) {
		t.Errorf("panels =\n%v\nwant\n%v", got, want)
	}
}

func TestRows(t *testing.T) {
	var rows []string
	for _, p := range committed(t).Panels {
		if p.Type == "row" {
			rows = append(rows, p.Title)
		}
	}
	want := []string{
		"Calls (client side: middleware.NewTransport)",
		"Money, credentials and account: alerting categories",
		"Failures by return code",
		"Batch sends: recipients (client side)",
		"Server side (answers served: middleware.NewHandler)",
		"Unknown return codes",
		"ucpobs itself: instrumentation errors",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
}

func TestVariables(t *testing.T) {
	d := committed(t)
	tests := []struct{ name, typ, query string }{
		{"datasource", "datasource", "prometheus"},
		{"job", "query", "label_values(ucpaas_metrics_start_time_seconds, job)"},
		{"operation", "query", `label_values({__name__=~"ucpaas_(client|server)_requests_total",job=~"$job"}, operation)`},
	}
	if len(d.Templating.List) != len(tests) {
		t.Errorf("%d variables, want %d", len(d.Templating.List), len(tests))
	}
	for _, tt := range tests {
		v, ok := d.Variable(tt.name)
		if !ok || v.Type != tt.typ || v.QueryText() != tt.query {
			t.Errorf("variable %s = %+v (query %q), want type %s query %q", tt.name, v, v.QueryText(), tt.typ, tt.query)
		}
	}
}

// categoryFailures is the query of a stat of the client side's failures of category: the failures
// over the dashboard's range, counted as the alerts count them; 0 for jobs that made calls.
func categoryFailures(category string) string {
	return "sum " + count(`ucpaas_client_failures_total{job=~"$job", operation=~"$operation", category="`+category+`"}`, "$__range", "$__range_s") +
		"\nor\n0 * sum(increase(ucpaas_client_requests_total{job=~\"$job\", operation=~\"$operation\"}[$__range]))"
}

func TestStats(t *testing.T) {
	want := map[string]string{
		"Account balance (账户余额)":  `min by (account) (ucpaas_account_balance{job=~"$job"})`,
		"Balance failures (余额不足)": categoryFailures("balance"),
		"Auth failures (鉴权失败)":    categoryFailures("auth"),
		"Account failures (账户异常)": categoryFailures("account"),
	}
	n := 0
	for _, p := range committed(t).Visible() {
		if p.Type != "stat" {
			continue
		}
		n++
		if len(p.Targets) != 1 || p.Targets[0].Expr != want[p.Title] || !p.Targets[0].Instant {
			t.Errorf("stat %q targets = %+v, want one instant query %s", p.Title, p.Targets, want[p.Title])
		}
	}
	if n != len(want) {
		t.Errorf("%d stat panels, want %d", n, len(want))
	}
}

func TestQueries(t *testing.T) {
	const s = `{job=~"$job", operation=~"$operation"}`
	const d = `{job=~"$job", operation=~"($operation)?"}` // the operation label is optional
	tests := []struct{ name, got, want string }{
		{"call rate", def.callRate(Client), `sum by (operation) (rate(ucpaas_client_requests_total` + s + `[$__rate_interval]))`},
		{"server call rate", def.callRate(Server), `sum by (operation) (rate(ucpaas_server_requests_total` + s + `[$__rate_interval]))`},
		{"failure ratio", def.failureRatio(Client), "(\n  sum by (operation) (rate(ucpaas_client_failures_total" + s + "[$__rate_interval]))\n  or\n" +
			"  0 * sum by (operation) (rate(ucpaas_client_requests_total" + s + "[$__rate_interval]))\n)\n/\n" +
			"(sum by (operation) (rate(ucpaas_client_requests_total" + s + "[$__rate_interval])) > 0)"},
		{"failures by category", def.failuresByCategory(Client), `sum by (category) (rate(ucpaas_client_failures_total` + s + `[$__rate_interval]))`},
		{"failures by code", def.failuresByCode(def.failures(Server)), "label_replace(\n  sum by (operation, code, category) " +
			count(`ucpaas_server_failures_total`+s, "$__range", "$__range_s") + " > 0,\n  \"meaning\", \"$1\", \"code\", \"(.+)\"\n)"},
		{"recipient failures by code", def.failuresByCode(def.recipientFailures(Client)), "label_replace(\n  sum by (operation, code, category) " +
			count(`ucpaas_client_recipient_failures_total`+s, "$__range", "$__range_s") + " > 0,\n  \"meaning\", \"$1\", \"code\", \"(.+)\"\n)"},
		{"overall p95", def.latencyOverall(Client, "0.95"), `histogram_quantile(0.95, sum by (le) (rate(ucpaas_client_request_duration_seconds_bucket` + d + `[$__rate_interval])))`},
		{"mean", def.latencyMean(Server), "sum(rate(ucpaas_server_request_duration_seconds_sum" + d + "[$__rate_interval]))\n/\n" +
			"(sum(rate(ucpaas_server_request_duration_seconds_count" + d + "[$__rate_interval])) > 0)"},
		{"balance", def.balanceByAccount(), `min by (account) (ucpaas_account_balance{job=~"$job"})`},
		{"recipients by category", def.recipientsByCategory(Client), `sum by (category) (rate(ucpaas_client_recipients_total` + s + `[$__rate_interval]))`},
		{"recipient failure ratio", def.recipientFailureRatioByCode(Client), `sum by (job, operation, code) (ucpaas:client_recipient_failure_ratio:rate5m` + s + `)`},
		{"p99", def.latency(Client, "0.99"), "histogram_quantile(0.99, label_replace(\n  sum by (operation, le) (rate(ucpaas_client_request_duration_seconds_bucket" + d +
			"[$__rate_interval])),\n  \"operation\", \"all operations\", \"operation\", \"\"\n))"},
		{"server p50", def.latency(Server, "0.50"), "histogram_quantile(0.50, label_replace(\n  sum by (operation, le) (rate(ucpaas_server_request_duration_seconds_bucket" + d +
			"[$__rate_interval])),\n  \"operation\", \"all operations\", \"operation\", \"\"\n))"},
		{"instrumentation errors", def.instrumentationErrorRate(), `sum by (side, stage) (rate(ucpaas_instrumentation_errors_total{job=~"$job"}[$__rate_interval]))`},
		{"failures by code rate", def.failuresByCodeRate(Server), `sum by (operation, code) (rate(ucpaas_server_failures_total` + s + `[$__rate_interval])) > 0`},
		{"unknown codes", def.unknownCodes(Client), "sum by (operation) " +
			count(`ucpaas_client_failures_total{job=~"$job", operation=~"$operation", code="other"}`, "$__interval", "$__interval_ms / 1000") +
			"\nor\n0 * (sum by (operation) (increase(ucpaas_client_requests_total" + s + "[$__rate_interval])) > 0)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s =\n%s\nwant\n%s", tt.name, tt.got, tt.want)
		}
	}
}

// count is the failure count the dashboard's totals use (as the alerts count, plus the branch for
// series with no sample one window ago in a process not scraped then): rise, young, born,
// unwatched, on counter over window (seconds in seconds).
func count(counter, window, seconds string) string {
	const start = `ucpaas_metrics_start_time_seconds{job=~"$job"}`
	return strings.NewReplacer("F", counter, "S", start, "W", window, "T", seconds).Replace(`(
  clamp_min(F - (F offset W unless on (job, instance) ((time() - S < T) or S != S offset W)), 0)
  or
  (F and on (job, instance) (((time() - S < T) or S != S offset W) or S offset W))
  or
  (F - min_over_time(F[W]) >= 0)
)`)
}

// TestLatencyPanelsMirrorEachOther checks that each side has a panel of p50, p95, p99 and the
// mean of the calls together, and one of p95 by operation, each from its own
// side's histogram.
func TestLatencyPanelsMirrorEachOther(t *testing.T) {
	overall := func(s Side) []string {
		return []string{
			def.latencyOverall(s, "0.50") + " | p50",
			def.latencyOverall(s, "0.95") + " | p95",
			def.latencyOverall(s, "0.99") + " | p99",
			def.latencyMean(s) + " | mean",
		}
	}
	byOperation := func(s Side) []string { return []string{def.latency(s, "0.95") + " | {{operation}}"} }
	want := map[string][]string{
		"Latency (p50, p95, p99, mean)":              overall(Client),
		"Latency (server side: p50, p95, p99, mean)": overall(Server),
		"Latency p95 by operation":                   byOperation(Client),
		"Latency p95 by operation (server side)":     byOperation(Server),
	}
	n := 0
	for _, p := range committed(t).Visible() {
		wantTargets, ok := want[p.Title]
		if !ok {
			continue
		}
		n++
		var got []string
		for _, target := range p.Targets {
			got = append(got, target.Expr+" | "+target.LegendFormat)
		}
		if !slices.Equal(got, wantTargets) {
			t.Errorf("panel %q targets =\n%q\nwant\n%q", p.Title, got, wantTargets)
		}
	}
	if n != len(want) {
		t.Errorf("%d latency panels, want %d", n, len(want))
	}
}

// TestBalancePanelsTurnRedBelowTheFloor checks that the balance stat and trend are red below the
// floor of UcpaasBalanceLow and green from it.
func TestBalancePanelsTurnRedBelowTheFloor(t *testing.T) {
	n := 0
	for _, p := range committed(t).Visible() {
		if p.Title != "Account balance (账户余额)" && p.Title != "Balance by account" {
			continue
		}
		n++
		th := p.FieldConfig.Defaults.Thresholds
		if th == nil || len(th.Steps) != 2 || th.Steps[0].Color != "red" || th.Steps[1].Color != "green" ||
			th.Steps[1].Value == nil || *th.Steps[1].Value != balanceFloor {
			t.Errorf("panel %q thresholds = %+v, want red, then green from %v", p.Title, th, balanceFloor)
		}
	}
	if n != 2 {
		t.Errorf("%d balance panels, want 2", n)
	}
}

// TestInstrumentationErrorsTurnRed checks that the instrumentation errors panel colours its lines
// by thresholds, green at 0 and red above.
func TestInstrumentationErrorsTurnRed(t *testing.T) {
	for _, p := range committed(t).Visible() {
		if p.Title != "Instrumentation errors" {
			continue
		}
		th := p.FieldConfig.Defaults.Thresholds
		if th == nil || th.Mode != "absolute" || len(th.Steps) != 2 || th.Steps[0].Value != nil || th.Steps[0].Color != "green" ||
			th.Steps[1].Color != "red" || th.Steps[1].Value == nil || *th.Steps[1].Value <= 0 || *th.Steps[1].Value > 1e-6 {
			t.Errorf("thresholds = %+v, want green, then red just above 0", th)
		}
		if p.FieldConfig.Defaults.Color.Mode != "thresholds" {
			t.Errorf("colour mode = %q, want thresholds (the lines turn red)", p.FieldConfig.Defaults.Color.Mode)
		}
		return
	}
	t.Error("no panel Instrumentation errors")
}

func TestCodeMappings(t *testing.T) {
	ms := CodeMappings(codes.All())
	if len(ms) != 1 || ms[0].ValueMap == nil {
		t.Fatalf("CodeMappings = %+v, want one value map", ms)
	}
	options := ms[0].ValueMap.Options
	if want := len(codes.All()) + len(codes.SpecialLabels()); len(options) != want {
		t.Errorf("%d mapped values, want %d (catalog + other/none/transport)", len(options), want)
	}
	tests := []struct{ code, want string }{
		{"100001", "余额不足 — Insufficient balance"},
		{"other", "目录中没有的返回码 — a code the catalog lacks"},
		{"none", "回复中没有返回码 — the reply carried no return code"},
		{"transport", "没有回复 — no reply: network error, timeout or cancelled call"},
	}
	for _, tt := range tests {
		if got := options[tt.code].Text; got == nil || *got != tt.want {
			t.Errorf("mapping of %s = %v, want %q", tt.code, got, tt.want)
		}
	}
	for _, c := range codes.All() {
		if got := options[c.Value].Text; got == nil || *got != Meaning(c) || c.Message == "" || c.English == "" {
			t.Errorf("code %s maps to %v, want %q with both texts", c.Value, got, Meaning(c))
		}
	}
}

// TestTablesExplainEveryCode reads the committed JSON: each failures table maps every code of the
// catalog, as the catalog says, on its meaning column.
func TestTablesExplainEveryCode(t *testing.T) {
	n := 0
	for _, p := range committed(t).Visible() {
		if p.Type != "table" {
			continue
		}
		n++
		mapped := p.Mappings()
		for _, c := range codes.All() {
			if mapped[c.Value] != Meaning(c) {
				t.Errorf("table %q maps %s to %q, want %q", p.Title, c.Value, mapped[c.Value], Meaning(c))
			}
		}
		if len(p.Targets) != 1 || !strings.Contains(p.Targets[0].Expr, `"meaning", "$1", "code"`) {
			t.Errorf("table %q does not copy the code into the meaning column: %+v", p.Title, p.Targets)
		}
	}
	if n != 3 {
		t.Errorf("%d tables, want 3 (client calls, client recipients, server answers)", n)
	}
}

// TestCatalogIsCopied checks that a different catalog gives a different dashboard: the mappings
// come from the catalog given, not from a fixed list.
func TestCatalogIsCopied(t *testing.T) {
	extra := codes.Code{Value: "999999", Message: "测试", English: "test", Category: codes.CategoryPlatform}
	data, err := JSON(append(codes.All(), extra))
	if err != nil {
		t.Fatal(err)
	}
	d, err := dashlint.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Visible() {
		if p.Type == "table" && p.Mappings()["999999"] != "测试 — test" {
			t.Errorf("table %q does not map the extra code: %q", p.Title, p.Mappings()["999999"])
		}
	}
}
