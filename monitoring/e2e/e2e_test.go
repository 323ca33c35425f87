package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/monitoring/internal/dashlint"
	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	// job is the scrape job of the demos; the dashboard's $job becomes it.
	job = "ucpaas-demo"
	// timeout bounds the whole test: build, processes, alerts and queries.
	timeout = 6 * time.Minute
	// alertWait bounds the wait for the alerts: they have for: 1m and the demos fail within
	// seconds, so they fire after a little more than a minute.
	alertWait = 3 * time.Minute
	// queryWait bounds the wait for each dashboard query to give a series.
	queryWait = 30 * time.Second
)

// scenario is a demo story and the alert it must raise.
type scenario struct{ name, alert string }

// scenarios are the demo stories run, one process each.
var scenarios = []scenario{
	{"balance-exhausted", "UcpaasBalanceInsufficient"},
	{"auth-broken", "UcpaasAuthFailing"},
}

// quietAlerts must not fire for these stories: nothing in them is about the account's state or
// codes the catalog lacks, and the demo's hooks and sinks do not panic.
var quietAlerts = []string{"UcpaasAccountUnavailable", "UcpaasUnknownCodes", "UcpaasInstrumentationErrors"}

// statWant says what each stat panel of the dashboard must show for these stories: failures
// (above 0, red) or none (0, green).
var statWant = map[string]bool{
	"Balance failures (余额不足)": true,
	"Auth failures (鉴权失败)":    true,
	"Account failures (账户异常)": false,
}

// The dashboard's variables as the test sets them; $datasource appears only in datasource
// references, which the test does not send to Prometheus. $operation is ".+", the dashboard's
// All value, which selects no series without an operation label (".*" would hide a query that
// puts the operation matcher on such a metric).
var variables = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$__range", "5m",
	"$job", job,
	"$operation", ".+",
)

var (
	demoAddrRe = regexp.MustCompile(`metrics: http://(127\.0\.0\.1:\d+)/metrics`)
	promAddrRe = regexp.MustCompile(`msg="Listening on" address=(127\.0\.0\.1:\d+)`)
	// leftoverRe finds a dashboard variable the substitution missed ("$1" of label_replace is
	// PromQL's own).
	leftoverRe = regexp.MustCompile(`\$[A-Za-z_{]`)
)

// tools returns the paths of prometheus and promtool. Without them the test is skipped, except
// in CI (CI=true) where a missing tool is a failure.
func tools(t *testing.T) (prometheus, promtool string) {
	t.Helper()
	var paths []string
	for _, name := range []string{"prometheus", "promtool"} {
		path, err := exec.LookPath(name)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not on PATH (CI=true): install Debian's prometheus package: %v", name, err)
			}
			t.Skipf("%s is not on PATH, skipping the end-to-end test (apt-get install prometheus gives it): %v", name, err)
		}
		paths = append(paths, path)
	}
	return paths[0], paths[1]
}

// TestAgainstPrometheus runs the demo's balance-exhausted and auth-broken stories, checks their
// /metrics with promtool, scrapes them with a real Prometheus that loads the committed rules, and
// asserts through its HTTP API that the balance and auth alerts fire (and the account and
// unknown-code alerts do not) and that every query of the committed dashboard returns data.
func TestAgainstPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("the end-to-end test runs for about two minutes; not in -short mode")
	}
	prometheus, promtool := tools(t)
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	client := &http.Client{Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	demo := filepath.Join(tmp, "demo")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	// Built inside the examples module, so that it works with or without the go.work at the root.
	if _, err := run(ctx, filepath.Join(root, "examples"), nil, goTool, "build", "-o", demo, "./demo"); err != nil {
		t.Fatalf("building the demo: %v", err)
	}
	t.Logf("demo built in %s", time.Since(began).Round(time.Millisecond))

	var targets []string
	var procs []*proc
	for _, sc := range scenarios {
		p := start(t, "demo "+sc.name, tmp, demo, "-scenario", sc.name, "-duration", "0",
			"-listen", "127.0.0.1:0", "-logs-per-second", "1", "-progress", "30s")
		targets = append(targets, p.await(ctx, t, demoAddrRe))
		procs = append(procs, p)
	}

	config := writeConfig(t, tmp, root, targets)
	if out, err := run(ctx, tmp, nil, promtool, "check", "config", config); err != nil {
		t.Fatalf("promtool check config: %v", err)
	} else if !strings.Contains(out, "SUCCESS: 2 rule files found") {
		t.Errorf("promtool check config did not find both rule files:\n%s", out)
	}
	prom := start(t, "prometheus", tmp, prometheus, "--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(tmp, "data"), "--web.listen-address=127.0.0.1:0")
	procs = append(procs, prom)
	api := promAPI{base: "http://" + prom.await(ctx, t, promAddrRe), client: client}
	waitFor(ctx, t, "Prometheus ready", 30*time.Second, func() error {
		_, err := api.get(ctx, "/-/ready", nil, "")
		return err
	})

	t.Run("promtool check metrics", func(t *testing.T) {
		for i, sc := range scenarios {
			checkMetrics(ctx, t, client, promtool, sc.name, targets[i])
		}
	})
	t.Run("targets up", func(t *testing.T) {
		waitFor(ctx, t, "both demos scraped", 30*time.Second, func() error {
			up, all, err := api.targetsUp(ctx)
			if err == nil && (up != len(targets) || all != len(targets)) {
				err = fmt.Errorf("%d of %d targets up, want %d", up, all, len(targets))
			}
			return err
		})
	})
	t.Run("alerts", func(t *testing.T) {
		checkAlerts(ctx, t, api, began)
	})
	t.Run("dashboard queries", func(t *testing.T) {
		checkDashboard(ctx, t, api, root)
	})
	for _, p := range procs {
		p.running(t) // none died on the way
	}
	t.Logf("end to end in %s", time.Since(began).Round(time.Second))
}

// writeConfig writes the Prometheus configuration: both demos under one job, scraped and
// evaluated every second, with the committed rule files.
func writeConfig(t *testing.T, dir, root string, targets []string) string {
	t.Helper()
	quoted := make([]string, len(targets))
	for i, target := range targets {
		quoted[i] = "'" + target + "'"
	}
	ruleDir := filepath.Join(root, "monitoring", "rules")
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '%s'
  - '%s'
scrape_configs:
  - job_name: %s
    static_configs:
      - targets: [%s]
`, filepath.Join(ruleDir, rules.AlertsFile), filepath.Join(ruleDir, rules.RecordingFile), job, strings.Join(quoted, ", "))
	path := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(path, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkMetrics runs promtool check metrics on a demo's exposition in the text format, once it
// holds the duration histograms (they appear with the first calls).
func checkMetrics(ctx context.Context, t *testing.T, client *http.Client, promtool, name, addr string) {
	t.Helper()
	target := promAPI{base: "http://" + addr, client: client}
	var text []byte
	waitFor(ctx, t, name+" exposes its histograms", 30*time.Second, func() error {
		var err error
		text, err = target.get(ctx, "/metrics", nil, "text/plain;version=0.0.4")
		if err == nil && !strings.Contains(string(text), "ucpaas_client_request_duration_seconds_bucket{") {
			err = fmt.Errorf("no duration histogram yet")
		}
		return err
	})
	out, err := run(ctx, "", text, promtool, "check", "metrics")
	if err != nil {
		t.Errorf("promtool check metrics on %s (%d bytes): %v", name, len(text), err)
	} else if strings.TrimSpace(out) != "" {
		t.Errorf("promtool check metrics on %s printed:\n%s", name, out)
	}
}

// checkAlerts waits until every scenario's alert fires, then checks that the quiet alerts are
// not even pending.
func checkAlerts(ctx context.Context, t *testing.T, api promAPI, began time.Time) {
	t.Helper()
	firedAt := map[string]time.Duration{}
	var last []alert
	waitFor(ctx, t, "the alerts to fire", alertWait, func() error {
		var err error
		if last, err = api.alerts(ctx); err != nil {
			return err
		}
		var missing []string
		for _, sc := range scenarios {
			if _, seen := firedAt[sc.alert]; !seen && state(last, sc.alert) == "firing" {
				firedAt[sc.alert] = time.Since(began)
			}
			if _, seen := firedAt[sc.alert]; !seen {
				missing = append(missing, sc.alert+" ("+state(last, sc.alert)+")")
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("not firing: %s; active: %s", strings.Join(missing, ", "), describe(last))
		}
		return nil
	})
	for _, sc := range scenarios {
		t.Logf("%s firing %s after the start", sc.alert, firedAt[sc.alert].Round(time.Second))
	}
	for _, name := range quietAlerts {
		if s := state(last, name); s != "inactive" {
			t.Errorf("%s is %s; the demos give no reason for it. Active: %s", name, s, describe(last))
		}
	}
	// The alerts carry the labels Alertmanager routes on, and name a code with its meaning.
	codeWithMeaning := regexp.MustCompile(`: \d{6} \S+ \(.+\) \d+× in `)
	for _, a := range last {
		if a.State == "firing" && slices.ContainsFunc(scenarios, func(sc scenario) bool { return sc.alert == a.Labels["alertname"] }) {
			if a.Labels["severity"] != "critical" || a.Labels["job"] != job || a.Labels["side"] == "" {
				t.Errorf("firing %s has labels %v, want severity=critical, job=%s and a side", a.Labels["alertname"], a.Labels, job)
			}
			if d := a.Annotations["description"]; !codeWithMeaning.MatchString(d) {
				t.Errorf("firing %s has description %q, want a code with its meaning, count and operations", a.Labels["alertname"], d)
			}
		}
	}
}

// state is the most advanced state of the alerts called name: firing, pending or inactive.
func state(alerts []alert, name string) string {
	s := "inactive"
	for _, a := range alerts {
		if a.Labels["alertname"] != name {
			continue
		}
		if a.State == "firing" {
			return "firing"
		}
		s = a.State
	}
	return s
}

// describe lists alerts as name{side}=state, sorted.
func describe(alerts []alert) string {
	var out []string
	for _, a := range alerts {
		out = append(out, fmt.Sprintf("%s{side=%s}=%s", a.Labels["alertname"], a.Labels["side"], a.State))
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, " ")
}

// checkDashboard runs every query of the committed dashboard, variables substituted, and checks
// that each returns at least one series.
func checkDashboard(ctx context.Context, t *testing.T, api promAPI, root string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "monitoring", "dashboards", "ucpaas.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := dashlint.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	queries := 0
	for _, p := range d.Visible() {
		for _, target := range p.Targets {
			queries++
			expr := variables.Replace(target.Expr)
			name := fmt.Sprintf("panel %q query %s", p.Title, target.RefID)
			if m := leftoverRe.FindString(expr); m != "" {
				t.Errorf("%s: variable %s… left after substitution: %s", name, m, expr)
				continue
			}
			var n int
			waitFor(ctx, t, name+" returns a series", queryWait, func() error {
				var err error
				if n, err = api.series(ctx, expr); err == nil && n == 0 {
					err = fmt.Errorf("no series for %s", expr)
				}
				return err
			})
			t.Logf("%s: %d series", name, n)
			if p.Type == "stat" {
				checkStat(ctx, t, api, p.Title, expr)
			}
		}
	}
	if queries < 10 {
		t.Errorf("only %d dashboard queries found", queries)
	}
}

// checkStat checks that a stat panel's one value says failures (or none) as statWant says.
func checkStat(ctx context.Context, t *testing.T, api promAPI, title, expr string) {
	t.Helper()
	want, known := statWant[title]
	if !known {
		t.Errorf("stat panel %q: the test does not know what it should show", title)
		return
	}
	vs, err := api.values(ctx, expr)
	switch {
	case err != nil:
		t.Errorf("stat panel %q: %v", title, err)
	case len(vs) != 1:
		t.Errorf("stat panel %q: %d values, want 1", title, len(vs))
	case want && vs[0] < 1, !want && vs[0] != 0:
		t.Errorf("stat panel %q shows %v, want failures: %v", title, vs[0], want)
	}
}

// waitFor calls try every half second until it returns nil; after wait (or when ctx ends) it
// fails the test with try's last error.
func waitFor(ctx context.Context, t *testing.T, what string, wait time.Duration, try func() error) {
	t.Helper()
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		err := try()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting %s for %s: %v", wait, what, err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v (last: %v)", what, ctx.Err(), err)
		case <-tick.C:
		}
	}
}
