// Tests of the committed Prometheus rules with promtool: syntax (promtool check rules), behaviour
// (promtool test rules on tests/*_test.yml), that those unit tests catch broken rules, and that
// every alert has a runbook section.
package monitoring

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// alertNames is the contract: dashboards, runbook and users' Alertmanager routes use these names.
var alertNames = []string{
	"UcpaasBalanceInsufficient", "UcpaasAuthFailing", "UcpaasAccountUnavailable",
	"UcpaasPlatformErrors", "UcpaasFailureRatioHigh", "UcpaasRateLimited", "UcpaasUnknownCodes",
	"UcpaasInstrumentationErrors", "UcpaasRecipientFailuresHigh", "UcpaasBalanceLow",
}

// sideFromMetric are the alerts whose metric carries the side label itself: they exist once, not
// once per side.
var sideFromMetric = []string{"UcpaasInstrumentationErrors"}

// sideless are the alerts on a metric of no side (only clients poll the balance): they exist once,
// without a side label.
var sideless = []string{"UcpaasBalanceLow"}

// once are the alerts that exist once, not once per side.
var once = append(slices.Clone(sideFromMetric), sideless...)

// alertRules is how many alerting rules the alerts file must hold: every alert once per side,
// those of once once.
func alertRules() int { return 2*len(alertNames) - len(once) }

// recordingRulesInAlerts is how many recording rules the alerts file holds: the failures and
// calls of the last 5 minutes once per side, the per-instance instrumentation errors, and
// ucpaas:code_info for every failure code of the catalog and the three special codes other, none
// and transport.
func recordingRulesInAlerts() int {
	n := 2*2 + 1 + 3
	for _, c := range codes.All() {
		if c.Category != codes.CategoryOK {
			n++
		}
	}
	return n
}

var (
	alertsPath    = filepath.Join("rules", rules.AlertsFile)
	recordingPath = filepath.Join("rules", rules.RecordingFile)
	runbookPath   = filepath.Join("..", "docs", "runbook.md")
)

// promtool returns the path of promtool (see tool).
func promtool(t *testing.T) string { return tool(t, "promtool", "prometheus") }

// runPromtool runs promtool with args in dir (see runTool).
func runPromtool(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	return runTool(t, dir, promtool(t), args...)
}

func TestPromtoolCheckRules(t *testing.T) {
	out, ok := runPromtool(t, ".", "check", "rules", alertsPath, recordingPath)
	if !ok {
		t.Fatalf("promtool check rules failed:\n%s", out)
	}
	// The alerts file: every alert, plus the recording rules the alerts read; the recording file:
	// one rule per side.
	for _, want := range []string{fmt.Sprintf("SUCCESS: %d rules found", alertRules()+recordingRulesInAlerts()), "SUCCESS: 2 rules found"} {
		if !strings.Contains(out, want) {
			t.Errorf("promtool check rules output lacks %q:\n%s", want, out)
		}
	}
}

func testFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("tests", "*_test.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no promtool test files in tests/: %v", err)
	}
	return files
}

func TestPromtoolTestRules(t *testing.T) {
	files := testFiles(t)
	out, ok := runPromtool(t, ".", append([]string{"test", "rules"}, files...)...)
	if !ok {
		t.Fatalf("promtool test rules failed:\n%s", out)
	}
	if got := strings.Count(out, "SUCCESS"); got != len(files) {
		t.Errorf("promtool reported SUCCESS %d times for %d files:\n%s", got, len(files), out)
	}
}

// TestPromtoolTestsCatchBrokenRules breaks the rules one way at a time and checks that the
// promtool unit tests notice, naming the test that should: tests that cannot fail are no tests.
func TestPromtoolTestsCatchBrokenRules(t *testing.T) {
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.ReplaceAll(s, old, new) }
	}
	const start = `ucpaas_metrics_start_time_seconds{job=~".+"}`
	tests := []struct {
		name      string
		file      string // rule file to break
		mutate    func(string) string
		run       []string // promtool test files to run, in tests/
		wantFails []string // promtool output must name these tests
	}{
		{"no young branch: a process that started or restarted within the window is not told apart", alertsPath,
			replace("((time() - "+start+" < 300) or "+start+" != "+start+" offset 5m)", "("+start+" < 0)"),
			[]string{"balance_test.yml"},
			[]string{"(b) series born at 1 in a process that just started fires", "(c) a restart (counter reset) followed by a new failure fires"}},
		{"young only by start time: a process that started within the window is not told apart", alertsPath,
			replace("< 300)", "< 0)"),
			[]string{"balance_test.yml"},
			[]string{"(b) series born at 1 in a process that just started fires"}},
		{"no born branch: a series born at 1 in an old process is missed", alertsPath,
			replace(start+" offset 5m)", `ucpaas_metrics_start_time_seconds{job="none"} offset 5m)`),
			[]string{"balance_test.yml", "auth_test.yml"},
			[]string{"(f) the count is the failures of the window", "a rotated token fails 3 operations"}},
		{"born branch unguarded (every series of every process counts whole): old failures page", alertsPath,
			replace(" and on (job, instance) (((time() - "+start+" < 300) or "+start+" != "+start+" offset 5m) or "+start+" offset 5m))", ")"),
			[]string{"balance_test.yml", "quiet_test.yml"},
			[]string{"(d) a constant counter seen after a 10-minute scrape gap does not fire", "(e) a constant counter first seen by a fresh scraper does not fire",
				"(2) a fresh Prometheus sees old failures", "(3) after a 10-minute scrape gap"}},
		{"instrumentation totals keep the constant zeros of pre-initialised series", alertsPath,
			replace(`{job=~".+"}) > 0`+"\n", `{job=~".+"})`+"\n"),
			[]string{"quiet_test.yml"},
			[]string{`got: {__name__="ucpaas:instrumentation_errors:sum_by_instance", instance="a:9090", job="billing", side="client"`}},
		{"no rise branch: new failures of an old process are missed", alertsPath,
			replace("clamp_min(", "clamp_max("),
			[]string{"balance_test.yml"},
			[]string{"(a) pre-initialised series that rises fires after for", "(g) a counter that rises after a 20-minute scrape gap fires"}},
		{"rise over a shorter window: a failure just after the window's start is lost", alertsPath,
			replace(" offset 5m or (", " offset 4m or ("),
			[]string{"rise_test.yml"},
			[]string{"a failure between the last sample before the window and the first whole minute in it counts"}},
		{"no fallback lookup: one failed scrape hides the target's counts one window later", alertsPath,
			replace(" offset 4m unless on", " offset 5m unless on"),
			[]string{"scrape_test.yml"},
			[]string{"(1) one failed scrape at 10m does not hide the failures of the window 5 minutes later"}},
		{"a restart between two scrapes is not young: its calls count 0", alertsPath,
			replace(" or "+start+" != "+start+" offset 5m)", ")"),
			[]string{"scrape_test.yml"},
			[]string{`expr: "ucpaas:client_requests:count5m", time: 14m30s`}},
		{"rise from before the window: a rise during a scrape gap pages", alertsPath,
			replace(" offset 5m or (", " offset 30m or ("),
			[]string{"balance_test.yml"},
			[]string{"(h) a counter that rose during a 20-minute scrape gap and stands still after it does not fire"}},
		{"one alert per instance instead of per job", alertsPath, func(s string) string {
			s = replace("sum by (job, operation, category) (\n", "sum by (job, instance, operation, category) (\n")(s)
			return replace("sum by (job) (", "sum by (job, instance) (")(s)
		},
			[]string{"auth_test.yml"},
			[]string{"a rotated token fails 3 operations"}},
		{"one alert per operation instead of per job", alertsPath, replace("max by (job) (", "max by (job, operation) ("),
			[]string{"platform_errors_test.yml"},
			[]string{"platform and transport failures add up, per operation"}},
		{"code meaning not joined", alertsPath, replace("group_left (meaning_zh, meaning_en)", "group_left ()"),
			[]string{"auth_test.yml", "platform_errors_test.yml"},
			[]string{"a rotated token fails 3 operations", "platform and transport failures add up, per operation"}},
		{"critical and instrumentation alerts without for", alertsPath, replace("for: 1m", "for: 0s"),
			[]string{"balance_test.yml", "instrumentation_errors_test.yml"},
			[]string{"(a) pre-initialised series that rises fires after for",
				"pre-initialised series stay quiet, the first panic fires after for, recovery"}},
		{"instrumentation errors summed over sides", alertsPath, replace("by (job, side, stage)", "by (job, stage)"),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"server side fires with side server, summed over instances, one alert per stage"}},
		{"instrumentation errors window of an hour: no recovery", alertsPath,
			inInstrumentationGroup(replace("< 300)", "< 3600)")),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"pre-initialised series stay quiet, the first panic fires after for, recovery"}},
		{"instrumentation errors counted whole, not within the window", alertsPath,
			inInstrumentationGroup(func(s string) string {
				s = replace("ucpaas:instrumentation_errors:sum_by_instance offset 5m or", "0 * ucpaas:instrumentation_errors:sum_by_instance or")(s)
				return replace("ucpaas:instrumentation_errors:sum_by_instance offset 4m unless", "0 * ucpaas:instrumentation_errors:sum_by_instance unless")(s)
			}),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"old panics (a constant counter) and a restart (counters back to 0) do not fire"}},
		{"balance alert also on auth", alertsPath, replace(`{category="balance"}`, `{category=~"balance|auth"}`),
			[]string{"balance_test.yml"},
			[]string{"neighbouring codes and categories do not fire"}},
		{"platform threshold too high", alertsPath, replace("> 0.05", "> 0.5"),
			[]string{"platform_errors_test.yml"},
			[]string{"platform and transport failures add up, per operation"}},
		{"transport left out of platform errors", alertsPath, replace(`category=~"platform|transport"`, `category="platform"`),
			[]string{"platform_errors_test.yml"},
			[]string{"transport failure series born at 1 fires on the server side"}},
		{"server alerts labelled client", alertsPath, replace("side: server", "side: client"),
			[]string{"account_test.yml", "unknown_codes_test.yml"},
			[]string{"born at 1 in an old process fires on both sides", "an older series that grows fires on the server side"}},
		{"description reworded", alertsPath, replace("in the last 15 minutes", "recently"),
			[]string{"unknown_codes_test.yml"},
			[]string{"an older series that grows fires on the server side"}},
		{"balance floor ignored", alertsPath, replace("< 100\n", "< 0\n"),
			[]string{"balance_low_test.yml"},
			[]string{"a flat balance under the floor fires"}},
		{"balance low without for", alertsPath, replace("for: 5m\n        labels:\n          severity: warning\n        annotations:\n          summary: 'The UCPaaS account", "for: 0s\n        labels:\n          severity: warning\n        annotations:\n          summary: 'The UCPaaS account"),
			[]string{"balance_low_test.yml"},
			[]string{"a flat healthy balance and a brief dip do not fire"}},
		{"recipient threshold too high", alertsPath, replace("> 0.2\n", "> 0.5\n"),
			[]string{"recipients_test.yml"},
			[]string{"35% of the recipients fail for 10 minutes"}},
		{"window counts keep the zeros of failures that stood still", alertsPath,
			replace("\n          ) > 0\n      - record: ucpaas:", "\n          )\n      - record: ucpaas:"),
			[]string{"quiet_test.yml"},
			[]string{`expr: "ucpaas:client_failures:count5m"`, `expr: "ucpaas:server_failures:count5m"`}},
		{"window counts keep the zeros of operations no longer called", alertsPath,
			replace("\n          ) > 0\n      - alert: UcpaasBalanceInsufficient", "\n          )\n      - alert: UcpaasBalanceInsufficient"),
			[]string{"quiet_test.yml"},
			[]string{`expr: "ucpaas:client_requests:count5m"`, `expr: "ucpaas:server_requests:count5m"`}},
		{"recipient ratio over the calls instead of the recipients", alertsPath,
			replace(`_recipients_total{job=~".+"}`, `_requests_total{job=~".+"}`),
			[]string{"recipients_test.yml"},
			[]string{"35% of the recipients fail for 10 minutes"}},
		{"recipient ratio keeps codes that stopped failing", recordingPath,
			replace("\n            ) > 0\n          )\n          / on", "\n            )\n          )\n          / on"),
			[]string{"recording_rules_test.yml"},
			[]string{"ucpaas:client_recipient_failure_ratio:rate5m"}},
	}
	promtool(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := copyRulesAndTests(t)
			path := filepath.Join(dir, tt.file)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			broken := tt.mutate(string(orig))
			if broken == string(orig) {
				t.Fatalf("the mutation changed nothing in %s: update this test", tt.file)
			}
			if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"test", "rules"}
			for _, f := range tt.run {
				args = append(args, filepath.Join("tests", f))
			}
			out, ok := runPromtool(t, dir, args...)
			if ok {
				t.Fatalf("promtool test rules passed on broken rules:\n%s", out)
			}
			for _, want := range tt.wantFails {
				if !strings.Contains(out, want) {
					t.Errorf("promtool output does not name the failing test %q:\n%s", want, out)
				}
			}
		})
	}
}

// inInstrumentationGroup applies mutate to the rule group of UcpaasInstrumentationErrors only
// (the last groups of the alerts file, from its name on).
func inInstrumentationGroup(mutate func(string) string) func(string) string {
	return func(s string) string {
		before, after, _ := strings.Cut(s, "- name: ucpaas-instrumentation-alerts")
		return before + "- name: ucpaas-instrumentation-alerts" + mutate(after)
	}
}

// copyRulesAndTests copies rules/*.yml and tests/*_test.yml into a temporary directory with the
// same layout and returns it.
func copyRulesAndTests(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := append([]string{alertsPath, recordingPath}, testFiles(t)...)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAlertNames checks the alert names against the contract: each exists once per side, except
// those of once, which exist once.
func TestAlertNames(t *testing.T) {
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^\s+- alert: (\S+)$`).FindAllStringSubmatch(readFile(t, alertsPath), -1) {
		got = append(got, m[1])
	}
	var want []string
	for _, name := range alertNames {
		want = append(want, name)
		if !slices.Contains(once, name) {
			want = append(want, name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(got) != alertRules() {
		t.Errorf("alerts in %s = %v, want each of %v twice (%v once)", alertsPath, got, alertNames, once)
	}
}

// TestEveryAlertIsTestedFiringOnBothSides checks that the promtool tests expect every alert to
// fire at least once with side client and once with side server (the sideless ones once, without
// a side), checking its annotations.
func TestEveryAlertIsTestedFiringOnBothSides(t *testing.T) {
	var evals []string
	for _, f := range testFiles(t) {
		evals = append(evals, strings.Split(readFile(t, f), "- eval_time:")...)
	}
	for _, name := range alertNames {
		sides := []string{"client", "server"}
		if slices.Contains(sideless, name) {
			found := slices.ContainsFunc(evals, func(e string) bool {
				return strings.Contains(e, "alertname: "+name+"\n") && strings.Contains(e, "exp_annotations:") &&
					!strings.Contains(e, "side: ")
			})
			if !found {
				t.Errorf("no promtool test expects %s to fire without a side label and checks its annotations", name)
			}
			sides = nil
		}
		for _, side := range sides {
			found := slices.ContainsFunc(evals, func(e string) bool {
				return strings.Contains(e, "alertname: "+name+"\n") && strings.Contains(e, "side: "+side+"\n") &&
					strings.Contains(e, "exp_annotations:")
			})
			if !found {
				t.Errorf("no promtool test expects %s to fire with side %s and checks its annotations", name, side)
			}
		}
	}
}

// githubAnchor returns the anchor GitHub gives a Markdown heading.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestGithubAnchor(t *testing.T) {
	tests := map[string]string{
		"UcpaasAuthFailing":    "ucpaasauthfailing",
		"How to silence, once": "how-to-silence-once",
		"rate_limit (频率限制)":    "rate_limit-频率限制",
		"  Trailing spaces  ":  "trailing-spaces",
		"A/B: 100001 & 101106": "ab-100001--101106",
	}
	for in, want := range tests {
		if got := githubAnchor(in); got != want {
			t.Errorf("githubAnchor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRunbookCodeLinksResolve checks that every link of docs/runbook.md to a code's anchor in
// docs/codes.md (codes.md#code-100001) has its anchor there.
func TestRunbookCodeLinksResolve(t *testing.T) {
	codesDoc := readFile(t, filepath.Join("..", "docs", "codes.md"))
	links := regexp.MustCompile(`\]\(codes\.md#(code-[0-9]+)\)`).FindAllStringSubmatch(readFile(t, runbookPath), -1)
	if len(links) < 10 {
		t.Fatalf("docs/runbook.md links %d codes by anchor, want the codes of every section", len(links))
	}
	for _, l := range links {
		if !strings.Contains(codesDoc, `<a id="`+l[1]+`"></a>`) {
			t.Errorf("docs/runbook.md links codes.md#%s, which docs/codes.md lacks", l[1])
		}
	}
}

// TestRunbookCoversEveryAlert checks that every runbook_url points at a heading of
// docs/runbook.md and that each alert's section links the codes behind it.
func TestRunbookCoversEveryAlert(t *testing.T) {
	runbook := readFile(t, runbookPath)
	anchors := map[string]string{} // anchor → section text
	sections := regexp.MustCompile(`(?m)^#{2,3} `).Split(runbook, -1)
	for _, s := range sections[1:] {
		heading, body, _ := strings.Cut(s, "\n")
		anchors[githubAnchor(heading)] = body
	}
	urls := regexp.MustCompile(`runbook_url: (\S+)`).FindAllStringSubmatch(readFile(t, alertsPath), -1)
	if len(urls) != alertRules() {
		t.Fatalf("%d runbook_url annotations, want %d", len(urls), alertRules())
	}
	for _, u := range urls {
		base, anchor, ok := strings.Cut(u[1], "#")
		if !ok || base != rules.DefaultRunbookURL {
			t.Errorf("runbook_url %q is not %s#<anchor>", u[1], rules.DefaultRunbookURL)
			continue
		}
		if _, ok := anchors[anchor]; !ok {
			t.Errorf("runbook_url %q: docs/runbook.md has no heading with anchor %q", u[1], anchor)
		}
	}
	codesLinks := map[string][]string{
		"UcpaasBalanceInsufficient":      {"codes.md#balance"},
		"UcpaasAuthFailing":              {"codes.md#auth"},
		"UcpaasAccountUnavailable":       {"codes.md#account"},
		"UcpaasPlatformErrors":           {"codes.md#platform", "codes.md#transport"},
		"UcpaasFailureRatioHigh":         {"codes.md"},
		"UcpaasRateLimited":              {"codes.md#rate_limit"},
		"UcpaasUnknownCodes":             {"codes.md#unknown"},
		"UcpaasRecipientFailuresHigh":    {"codes.md#validation", "codes.md#content", "codes.md#code-105107"},
		"UcpaasBalanceLow":               {"codes.md#balance"},
		"UcpaasBalanceInsufficient#code": {"codes.md#code-100001"},
		"UcpaasAuthFailing#code":         {"codes.md#code-101106"},
	}
	for _, name := range alertNames {
		body := anchors[strings.ToLower(name)]
		for _, link := range append(codesLinks[name], codesLinks[name+"#code"]...) {
			if !strings.Contains(body, "]("+link) {
				t.Errorf("runbook section %s does not link %s", name, link)
			}
		}
		for _, part := range []string{"amtool silence add", "alertname=" + name} {
			if !strings.Contains(body, part) {
				t.Errorf("runbook section %s does not say how to silence it (%q)", name, part)
			}
		}
	}
}
