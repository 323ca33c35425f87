package dashlint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ucpobs/ucpobs/monitoring/internal/firstfailure"
)

// DatasourceUID is how panels, queries and query variables must name their datasource: the
// dashboard's datasource variable.
const DatasourceUID = "${datasource}"

// Matchers every metric selector of every query must contain.
const (
	JobMatcher       = `job=~"$job"`
	OperationMatcher = `operation=~"$operation"`
	// OptionalOperationMatcher is the operation matcher of the metrics of OptionalOperationLabel:
	// it selects the chosen operations and the series without an operation label.
	OptionalOperationMatcher = `operation=~"($operation)?"`
)

// OptionalOperationLabel are the ucpobs histograms that have an operation label only when the
// application asks for it (metrics.WithDurationByOperation): their selectors (of _bucket, _sum and
// _count) need OptionalOperationMatcher, since OperationMatcher would select nothing of an
// application that did not ask.
var OptionalOperationLabel = []string{"ucpaas_client_request_duration_seconds", "ucpaas_server_request_duration_seconds"}

// NoOperationLabel are the ucpobs metrics without an operation label. Their selectors need the job
// matcher only and must not have the operation matcher: it would select nothing once $operation is
// All (".+").
var NoOperationLabel = []string{"ucpaas_instrumentation_errors_total", Balance, StartTime}

// StartTime is the ucpobs gauge of when a process's counters were 0; the failure counts of
// firstfailure.Count read it.
const StartTime = "ucpaas_metrics_start_time_seconds"

// Balance is the ucpobs gauge of the account balance, in yuan. A stat panel reading it shows a
// level, not failures: it must be red below a floor above 0 and green from it. Being a gauge, it
// is never inside rate or increase.
const Balance = "ucpaas_account_balance"

var (
	// metricRe finds the ucpobs metrics (ucpaas_…) and recording rules (ucpaas:…) a query reads,
	// with their label matchers if any.
	metricRe = regexp.MustCompile(`\bucpaas[_:][A-Za-z0-9_:]*(\{[^{}]*\})?`)
	// counterRe finds raw counters and the counter parts of histograms.
	counterRe = regexp.MustCompile(`\bucpaas_[A-Za-z0-9_]*_(?:total|bucket|count|sum)\b`)
	// wrappedRe finds a counter inside rate or increase over one of Grafana's interval variables;
	// group 1 is the counter.
	wrappedRe = regexp.MustCompile(`\b(?:rate|increase)\(\s*(ucpaas_[A-Za-z0-9_]*_(?:total|bucket|count|sum))\{[^{}]*\}\[(?:\$__rate_interval|\$__range)\]\s*\)`)
	// gaugeRateRe finds the balance gauge inside rate or increase.
	gaugeRateRe = regexp.MustCompile(`\b(?:rate|increase|irate)\(\s*` + Balance + `\b`)
	// windowRe finds range windows.
	windowRe = regexp.MustCompile(`\[([^\]]*)\]`)
	// countRe finds a failure count of firstfailure.Count over the dashboard's range or one
	// interval; its groups are, in order of appearance, the counter (group counterGroup), the
	// window (windowGroup) and the window in seconds (secondsGroup), each as often as Count
	// writes it.
	countRe = countPattern()
)

// The names of countRe's groups.
const (
	counterGroup = "counter"
	windowGroup  = "window"
	secondsGroup = "seconds"
)

// countPattern returns the pattern of firstfailure.Count's expression on a counter of ucpobs, with
// the start-time gauge, over $__range (in $__range_s seconds) or $__interval ($__interval_ms /
// 1000).
func countPattern() *regexp.Regexp {
	const counter, start, window, seconds = "\x00c\x00", "\x00s\x00", "\x00w\x00", "\x00t\x00"
	q := regexp.QuoteMeta(firstfailure.Count(counter, start, firstfailure.Window{Range: window, Seconds: seconds, Unwatched: true}))
	q = strings.ReplaceAll(q, counter, `(?P<`+counterGroup+`>ucpaas_[A-Za-z0-9_]*_total\{[^{}]*\})`)
	q = strings.ReplaceAll(q, start, regexp.QuoteMeta(StartTime)+`\{[^{}]*\}`)
	q = strings.ReplaceAll(q, window, `(?P<`+windowGroup+`>\$__range|\$__interval)`)
	q = strings.ReplaceAll(q, seconds, `(?P<`+secondsGroup+`>\$__range_s|\$__interval_ms / 1000)`)
	return regexp.MustCompile(q)
}

// Lint returns every way d breaks the rules, one sentence each, or nothing. codes are the code
// label values that every table panel must map to a text.
func Lint(d Dashboard, codes []string) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	lintVariables(d, report)
	ids := map[int]string{}
	for _, p := range d.Panels {
		if p.Type == "row" && p.Title == "" {
			report("row %d: no title", p.ID)
		}
	}
	visible := d.Visible()
	if len(visible) == 0 {
		report("no panels")
	}
	for _, p := range visible {
		name := fmt.Sprintf("panel %d %q", p.ID, p.Title)
		if other, dup := ids[p.ID]; dup {
			report("%s: id %d already used by %q", name, p.ID, other)
		}
		ids[p.ID] = p.Title
		lintPanel(p, name, codes, report)
	}
	return problems
}

func lintVariables(d Dashboard, report func(string, ...any)) {
	ds, ok := d.Variable("datasource")
	switch {
	case !ok:
		report("no datasource variable")
	case ds.Type != "datasource" || ds.QueryText() != "prometheus":
		report("variable datasource: want a datasource variable of type prometheus, got %s %q", ds.Type, ds.QueryText())
	}
	for _, name := range []string{"job", "operation"} {
		v, ok := d.Variable(name)
		if !ok {
			report("no %s variable", name)
			continue
		}
		if v.Type != "query" || v.Datasource == nil || v.Datasource.UID != DatasourceUID {
			report("variable %s: want a query variable on %s", name, DatasourceUID)
		}
		if !v.Multi || !v.IncludeAll {
			report("variable %s: want multi-value with All", name)
		}
		if !strings.Contains(v.QueryText(), "label_values(") {
			report("variable %s: query %q is not label_values(…)", name, v.QueryText())
		}
	}
	if v, ok := d.Variable("operation"); ok && !strings.Contains(v.QueryText(), JobMatcher) {
		report("variable operation: query %q does not select %s", v.QueryText(), JobMatcher)
	}
}

func lintPanel(p Panel, name string, codes []string, report func(string, ...any)) {
	if strings.TrimSpace(p.Title) == "" {
		report("%s: no title", name)
	}
	if strings.TrimSpace(p.Description) == "" {
		report("%s: no description", name)
	}
	if p.FieldConfig.Defaults.Unit == "" {
		report("%s: no unit", name)
	}
	if p.Datasource == nil || p.Datasource.UID != DatasourceUID {
		report("%s: datasource is not %s", name, DatasourceUID)
	}
	if len(p.Targets) == 0 {
		report("%s: no queries", name)
	}
	refIDs := map[string]bool{}
	for _, t := range p.Targets {
		if t.RefID == "" || refIDs[t.RefID] {
			report("%s: query refId %q missing or repeated", name, t.RefID)
		}
		refIDs[t.RefID] = true
		if t.Datasource == nil || t.Datasource.UID != DatasourceUID {
			report("%s, query %s: datasource is not %s", name, t.RefID, DatasourceUID)
		}
		for _, problem := range LintExpr(t.Expr, t.Instant) {
			report("%s, query %s: %s", name, t.RefID, problem)
		}
	}
	switch p.Type {
	case "table":
		mapped := p.Mappings()
		var missing []string
		for _, c := range codes {
			if strings.TrimSpace(mapped[c]) == "" {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			report("%s: no value mapping for %d codes: %s", name, len(missing), strings.Join(missing, " "))
		}
	case "stat":
		switch {
		case !readsBalance(p):
			if !redFromFirst(p.FieldConfig.Defaults.Thresholds) {
				report("%s: thresholds do not go from green to red at the first failure", name)
			}
		case !greenFromFloor(p.FieldConfig.Defaults.Thresholds):
			report("%s: reads %s, but its thresholds do not go from red to green at a floor above 0", name, Balance)
		}
	}
}

// readsBalance says whether one of the panel's queries reads the balance gauge.
func readsBalance(p Panel) bool {
	return slices.ContainsFunc(p.Targets, func(t Target) bool { return strings.Contains(t.Expr, Balance) })
}

// greenFromFloor says whether th is red below a floor above 0 and green from it.
func greenFromFloor(th *Thresholds) bool {
	if th == nil || th.Mode != "absolute" || len(th.Steps) != 2 {
		return false
	}
	base, green := th.Steps[0], th.Steps[1]
	return base.Value == nil && base.Color == "red" && green.Value != nil && *green.Value > 0 && green.Color == "green"
}

// redFromFirst says whether th is green below the first failure and red from it (a step to red
// at a value in (0, 1]).
func redFromFirst(th *Thresholds) bool {
	if th == nil || th.Mode != "absolute" || len(th.Steps) != 2 {
		return false
	}
	base, red := th.Steps[0], th.Steps[1]
	return base.Value == nil && base.Color == "green" &&
		red.Value != nil && *red.Value > 0 && *red.Value <= 1 && red.Color == "red"
}

// LintExpr returns every way a PromQL expression breaks the query rules: it reads at least one
// ucpobs metric; every metric selector has the job and operation matchers (the job matcher alone
// for a metric of NoOperationLabel, which must not have the operation matcher; the optional
// operation matcher for one of OptionalOperationLabel); every counter sits
// inside rate or increase over $__rate_interval or $__range, the balance gauge never does; no
// window is fixed; $__range is used by instant queries only.
func LintExpr(expr string, instant bool) []string {
	var problems []string
	metrics := metricRe.FindAllStringSubmatchIndex(expr, -1)
	if len(metrics) == 0 {
		problems = append(problems, "reads no ucpaas metric")
	}
	for _, m := range metrics {
		whole, matchers := expr[m[0]:m[1]], ""
		if m[2] >= 0 {
			matchers = expr[m[2]:m[3]]
		}
		wants := []string{JobMatcher, OperationMatcher}
		name, _, _ := strings.Cut(whole, "{")
		if slices.ContainsFunc(OptionalOperationLabel, func(h string) bool { return strings.HasPrefix(name, h+"_") }) {
			wants[1] = OptionalOperationMatcher
		}
		if slices.Contains(NoOperationLabel, name) {
			wants = wants[:1]
			if strings.Contains(matchers, OperationMatcher) {
				problems = append(problems, fmt.Sprintf("selector %s has %s, but %s has no operation label", whole, OperationMatcher, name))
			}
		}
		for _, want := range wants {
			if !strings.Contains(matchers, want) {
				problems = append(problems, fmt.Sprintf("selector %s lacks %s", whole, want))
			}
		}
	}
	var wrapped []int
	for _, m := range wrappedRe.FindAllStringSubmatchIndex(expr, -1) {
		wrapped = append(wrapped, m[2])
	}
	// A failure count (firstfailure.Count) reads its counter as it is, over one window.
	windows := expr
	for _, m := range countRe.FindAllStringSubmatchIndex(expr, -1) {
		groups := map[string][]string{}
		for i, name := range countRe.SubexpNames() {
			if name != "" {
				groups[name] = append(groups[name], expr[m[2*i]:m[2*i+1]])
				if name == counterGroup {
					wrapped = append(wrapped, m[2*i])
				}
			}
		}
		whole := expr[m[0]:m[1]]
		if c := slices.Compact(slices.Clone(groups[counterGroup])); len(c) != 1 {
			problems = append(problems, "failure count over different counters: "+whole)
		}
		w, sec := slices.Compact(slices.Clone(groups[windowGroup])), groups[secondsGroup][0]
		switch {
		case len(w) != 1 || w[0] == "$__range" && sec != "$__range_s" || w[0] == "$__interval" && sec != "$__interval_ms / 1000":
			problems = append(problems, "failure count over inconsistent windows: "+whole)
		case w[0] == "$__range" && !instant:
			problems = append(problems, "failure count over $__range in a range query (use $__interval)")
		case w[0] == "$__interval" && instant:
			problems = append(problems, "failure count over $__interval in an instant query (use $__range)")
		}
		windows = strings.Replace(windows, whole, "", 1)
	}
	for _, m := range counterRe.FindAllStringIndex(expr, -1) {
		if !slices.Contains(wrapped, m[0]) {
			problems = append(problems, fmt.Sprintf("counter %s is not inside rate or increase over $__rate_interval or $__range", expr[m[0]:m[1]]))
		}
	}
	if gaugeRateRe.MatchString(expr) {
		problems = append(problems, "gauge "+Balance+" inside rate or increase (it is a level: read it as it is)")
	}
	for _, w := range windowRe.FindAllStringSubmatch(windows, -1) {
		switch w[1] {
		case "$__rate_interval":
		case "$__range":
			if !instant {
				problems = append(problems, "$__range in a range query (use $__rate_interval)")
			}
		default:
			problems = append(problems, fmt.Sprintf("fixed window [%s] (use $__rate_interval or $__range)", w[1]))
		}
	}
	return problems
}
