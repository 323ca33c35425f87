// Tests of the committed Prometheus rules with promtool: syntax (promtool check rules), behaviour
// (promtool test rules on tests/*_test.yml), that those unit tests catch broken rules, and that
// every alert has a runbook section.
package monitoring

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// alertNames is the contract: dashboards, runbook and users' Alertmanager routes use these names.
var alertNames = []string{
	"UcpaasBalanceInsufficient", "UcpaasAuthFailing", "UcpaasAccountUnavailable",
	"UcpaasPlatformErrors", "UcpaasFailureRatioHigh", "UcpaasRateLimited", "UcpaasUnknownCodes",
	"UcpaasInstrumentationErrors",
}

// sideFromMetric are the alerts whose metric carries the side label itself: they exist once, not
// once per side.
var sideFromMetric = []string{"UcpaasInstrumentationErrors"}

// alertRules is how many alerting rules the alerts file must hold: every alert once per side,
// those of sideFromMetric once.
func alertRules() int { return 2*len(alertNames) - len(sideFromMetric) }

var (
	alertsPath    = filepath.Join("rules", rules.AlertsFile)
	recordingPath = filepath.Join("rules", rules.RecordingFile)
	runbookPath   = filepath.Join("..", "docs", "runbook.md")
)

// promtool returns the path of promtool. Without it the test is skipped, except in CI (CI=true)
// where a missing promtool is a failure.
func promtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("promtool is not on PATH (CI=true): install Debian's prometheus package: %v", err)
	}
	t.Skipf("promtool is not on PATH, skipping (apt-get install prometheus gives it): %v", err)
	return ""
}

// runPromtool runs promtool with args in dir and returns its combined output and whether it
// exited 0. A promtool that cannot be started fails the test.
func runPromtool(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(promtool(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, exited := err.(*exec.ExitError); !exited {
			t.Fatalf("promtool %v: %v", args, err)
		}
		return string(out), false
	}
	return string(out), true
}

func TestPromtoolCheckRules(t *testing.T) {
	out, ok := runPromtool(t, ".", "check", "rules", alertsPath, recordingPath)
	if !ok {
		t.Fatalf("promtool check rules failed:\n%s", out)
	}
	// 7 alerts once per side (client, server), 1 with side from its metric; 6 recording rules per side.
	for _, want := range []string{"SUCCESS: 15 rules found", "SUCCESS: 12 rules found"} {
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
	youngBranch := regexp.MustCompile(`\(\n\s*ucpaas_\w+\{[^}]*\}\n\s*unless\n\s*ucpaas_\w+\{[^}]*\} offset \d+m\n\s*\)\n\s*or\n`)
	zeroBranch := regexp.MustCompile(`\n\s*or\n\s*0 \* sum by \(job, operation\) \(ucpaas:\w+:rate5m\)`)
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.ReplaceAll(s, old, new) }
	}
	tests := []struct {
		name      string
		file      string // rule file to break
		mutate    func(string) string
		run       []string // promtool test files to run, in tests/
		wantFails []string // promtool output must name these tests
	}{
		{"no backstop for series born at 1", alertsPath,
			func(s string) string { return youngBranch.ReplaceAllString(s, "") },
			[]string{"balance_test.yml", "unknown_codes_test.yml"},
			[]string{"series born at 1 (not pre-initialised) fires too, then recovers",
				"series born at 1 (the usual case, never pre-initialised) fires after for, then recovery"}},
		{"critical and instrumentation alerts without for", alertsPath, replace("for: 1m", "for: 0s"),
			[]string{"auth_test.yml", "instrumentation_errors_test.yml"},
			[]string{"pre-initialised series stays quiet, first failure fires after for, recovery",
				"pre-initialised series stay quiet, the first panic fires after for, recovery"}},
		{"instrumentation errors summed over sides", alertsPath, replace("by (job, side, stage)", "by (job, stage)"),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"server side fires with side server, summed over instances, one alert per stage"}},
		{"instrumentation errors window never recovers", alertsPath,
			replace("ucpaas_instrumentation_errors_total{job=~\".+\"}[5m]", "ucpaas_instrumentation_errors_total{job=~\".+\"}[1h]"),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"pre-initialised series stay quiet, the first panic fires after for, recovery"}},
		{"instrumentation errors counted without increase", alertsPath,
			replace("increase(ucpaas_instrumentation_errors_total{job=~\".+\"}[5m])", "ucpaas_instrumentation_errors_total{job=~\".+\"}"),
			[]string{"instrumentation_errors_test.yml"},
			[]string{"old panics (a constant counter) and a restart (counters back to 0) do not fire"}},
		{"balance alert also on auth", alertsPath, replace(`category="balance"`, `category=~"balance|auth"`),
			[]string{"balance_test.yml"},
			[]string{"neighbouring codes and categories do not fire"}},
		{"platform threshold too high", alertsPath, replace("> 0.05", "> 0.5"),
			[]string{"platform_errors_test.yml"},
			[]string{"platform and transport failures add up, fire after for"}},
		{"transport left out of platform errors", alertsPath, replace(`category=~"platform|transport"`, `category="platform"`),
			[]string{"platform_errors_test.yml"},
			[]string{"transport failure series born at 1 fires on the server side"}},
		{"rate limit window never recovers", alertsPath, replace(`category="rate_limit"}[5m]`, `category="rate_limit"}[1h]`),
			[]string{"rate_limited_test.yml"},
			[]string{"sustained rate limiting fires after for, then recovery"}},
		{"server alerts labelled client", alertsPath, replace("side: server", "side: client"),
			[]string{"account_test.yml", "unknown_codes_test.yml"},
			[]string{"server side fires with side server", "an older series that grows fires on the server side"}},
		{"description reworded", alertsPath, replace("time(s) in the last 15 minutes", "times recently"),
			[]string{"unknown_codes_test.yml"},
			[]string{"an older series that grows fires on the server side"}},
		{"failure ratio absent without failures", recordingPath,
			func(s string) string { return zeroBranch.ReplaceAllString(s, "") },
			[]string{"recording_rules_test.yml"},
			[]string{"ucpaas:client_failure_ratio:rate5m"}},
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
// those of sideFromMetric, which exist once.
func TestAlertNames(t *testing.T) {
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^\s+- alert: (\S+)$`).FindAllStringSubmatch(readFile(t, alertsPath), -1) {
		got = append(got, m[1])
	}
	var want []string
	for _, name := range alertNames {
		want = append(want, name)
		if !slices.Contains(sideFromMetric, name) {
			want = append(want, name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(got) != alertRules() {
		t.Errorf("alerts in %s = %v, want each of %v twice (%v once)", alertsPath, got, alertNames, sideFromMetric)
	}
}

// TestEveryAlertIsTestedFiringOnBothSides checks that the promtool tests expect every alert to
// fire at least once with side client and once with side server.
func TestEveryAlertIsTestedFiringOnBothSides(t *testing.T) {
	var evals []string
	for _, f := range testFiles(t) {
		evals = append(evals, strings.Split(readFile(t, f), "- eval_time:")...)
	}
	for _, name := range alertNames {
		for _, side := range []string{"client", "server"} {
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
		"UcpaasBalanceInsufficient": {"codes.md#balance"},
		"UcpaasAuthFailing":         {"codes.md#auth"},
		"UcpaasAccountUnavailable":  {"codes.md#account"},
		"UcpaasPlatformErrors":      {"codes.md#platform", "codes.md#transport"},
		"UcpaasFailureRatioHigh":    {"codes.md"},
		"UcpaasRateLimited":         {"codes.md#rate_limit"},
		"UcpaasUnknownCodes":        {"codes.md#unknown"},
	}
	for _, name := range alertNames {
		body := anchors[strings.ToLower(name)]
		for _, link := range codesLinks[name] {
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
