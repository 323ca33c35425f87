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
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/monitoring/internal/dashlint"
	"github.com/ucpobs/ucpobs/monitoring/internal/promapi"
	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if demo.dir != "" {
			_ = os.RemoveAll(demo.dir)
		}
		os.Exit(code)
	}))
}

// demo is the demo binary, built once for every test of the package: the tests run in parallel,
// and one build warms the cache for the others (run-local.sh builds it again, from the cache).
var demo struct {
	once sync.Once
	dir  string // a temporary directory holding it, removed when the tests end
	path string
	err  error
}

// buildDemo builds examples/demo, once, and returns the binary's path.
func buildDemo(ctx context.Context, t *testing.T) string {
	t.Helper()
	demo.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			demo.err = fmt.Errorf("go is not on PATH: %w", err)
			return
		}
		if demo.dir, demo.err = os.MkdirTemp("", "ucpobs-e2e-demo"); demo.err != nil {
			return
		}
		demo.path = filepath.Join(demo.dir, "demo")
		// Built inside the examples module, so that it works with or without the go.work at the root.
		_, demo.err = run(ctx, filepath.Join("..", "..", "examples"), nil, goTool, "build", "-o", demo.path, "./demo")
	})
	if demo.err != nil {
		t.Fatalf("building the demo: %v", demo.err)
	}
	return demo.path
}

const (
	// timeout bounds the whole test: build, processes, alerts and queries. It stays under the
	// 10 minutes go test gives a test binary by default; the alerts' own timing (UcpaasBalanceLow
	// fires after 5 minutes, a failure counts for 5 minutes) takes about 6½ of them.
	timeout = 9 * time.Minute
	// queryWait bounds the wait for each dashboard query to give a series.
	queryWait = time.Minute
	// window is the rules' first-failure window: a process older than it, whose failures stopped,
	// must not page a Prometheus that starts watching it.
	window = 5 * time.Minute
	// topUpAfter is how long after the first 100001 balance-topup is topped up: after
	// UcpaasBalanceInsufficient fired (for: 1m).
	topUpAfter = 75 * time.Second
)

// story is a demo story the test runs, in a process and a scrape job of its own.
type story struct {
	scenario, job string
	args          []string
}

var (
	exhausted = story{"balance-exhausted", "demo-balance-exhausted", nil}
	topUp     = story{"balance-topup", "demo-balance-topup", []string{"-topup-after", topUpAfter.String()}}
	auth      = story{"auth-broken", "demo-auth-broken", nil}
	mixed     = story{"mixed", "demo-mixed", nil}
	stories   = []story{exhausted, topUp, auth, mixed}
)

// Alert names.
const (
	balanceLow          = "UcpaasBalanceLow"
	balanceInsufficient = "UcpaasBalanceInsufficient"
	authFailing         = "UcpaasAuthFailing"
)

// quietAlerts must never be active, for any story: nothing in them is about the account's state
// or codes the catalog lacks, and the demo's hooks and sinks do not panic.
var quietAlerts = []string{"UcpaasAccountUnavailable", "UcpaasUnknownCodes", "UcpaasInstrumentationErrors"}

// criticalAlerts are the alerts that page; each story may raise only its own.
var criticalAlerts = []string{balanceInsufficient, authFailing, "UcpaasAccountUnavailable"}

// statWant says what each stat panel of the dashboard must show for these stories: failures
// (above 0, red), none (0, green), or a balance (one account, the demos' own: at least 0).
var statWant = map[string]struct {
	what string
	ok   func(v float64) bool
}{
	"Account balance (账户余额)":  {"a balance", func(v float64) bool { return v >= 0 }},
	"Balance failures (余额不足)": {"failures", func(v float64) bool { return v >= 1 }},
	"Auth failures (鉴权失败)":    {"failures", func(v float64) bool { return v >= 1 }},
	"Account failures (账户异常)": {"none", func(v float64) bool { return v == 0 }},
}

// The dashboard's variables as the test sets them; $datasource appears only in datasource
// references, which the test does not send to Prometheus. $job selects every story's job.
// $operation is ".+", the dashboard's All value, which selects no series without an operation
// label (".*" would hide a query that puts the operation matcher on such a metric). Longer names
// come first: the replacer tries them in this order, and $__range would take the start of
// $__range_s.
var variables = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$__range_s", "300",
	"$__range", "5m",
	"$__interval_ms", "60000",
	"$__interval", "1m",
	"$job", "demo-.+",
	"$operation", ".+",
)

var (
	demoAddrRe = regexp.MustCompile(`metrics: http://(127\.0\.0\.1:\d+)/metrics`)
	promAddrRe = regexp.MustCompile(`msg="Listening on" address=(127\.0\.0\.1:\d+)`)
	topUpRe    = regexp.MustCompile(`(topped the balance up) by`)
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

// stack is what the test starts: the demo binary and its stories, and the Prometheus servers.
type stack struct {
	root, tmp            string
	demo                 string // the built demo
	prometheus, promtool string
	client               *http.Client
	demos                map[string]*proc     // by job
	targets              map[string]string    // host:port by job
	started              map[string]time.Time // when each demo printed its address, by job
}

// TestAgainstPrometheus runs four demo stories, each under a job of its own, checks their
// /metrics with promtool, scrapes them with a real Prometheus that loads the committed rules and
// asserts through its HTTP API: auth-broken pages UcpaasAuthFailing; balance-exhausted warns with
// UcpaasBalanceLow before UcpaasBalanceInsufficient pages; balance-topup pages, is topped up and
// resolves, and a second, fresh Prometheus started once its failures stopped raises no balance
// alert; mixed shows the recipient series, raw and recorded, and pages nothing; no story raises
// the account, unknown-code or instrumentation alerts; every query of the committed dashboard
// returns data and the latency quantiles are those of the demo's latency profile.
func TestAgainstPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("the end-to-end test runs for about seven minutes; not in -short mode")
	}
	if raceDetector {
		// .ci/run runs every test once without -race, then again with it. The seven minutes here
		// are the alerts' own timing, spent in other processes (the demos, Prometheus) that -race
		// does not instrument; the run-local tests keep this package's helpers under -race.
		t.Skip("the end-to-end stories run in the plain pass of go test; under -race they would only repeat seven minutes of waiting")
	}
	t.Parallel()
	prometheus, promtool := tools(t)
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	st := &stack{root: root, tmp: t.TempDir(), prometheus: prometheus, promtool: promtool,
		client: &http.Client{Timeout: 10 * time.Second},
		demos:  map[string]*proc{}, targets: map[string]string{}, started: map[string]time.Time{}}
	t.Cleanup(st.client.CloseIdleConnections)

	st.demo = buildDemo(ctx, t)
	t.Logf("demo built in %s", time.Since(began).Round(time.Millisecond))

	for _, s := range stories {
		p := start(t, "demo "+s.scenario, st.tmp, st.demo, append([]string{"-scenario", s.scenario, "-duration", "0",
			"-listen", "127.0.0.1:0", "-logs-per-second", "1", "-progress", "30s", "-account-poll", "1s"}, s.args...)...)
		st.targets[s.job] = p.await(ctx, t, demoAddrRe)
		st.demos[s.job] = p
		st.started[s.job] = time.Now()
	}
	api := st.startPrometheus(ctx, t, "prometheus", stories)
	alerts := watchAlerts(t, api)

	t.Run("promtool check metrics", func(t *testing.T) {
		for _, s := range stories {
			checkMetrics(ctx, t, st.client, promtool, s.scenario, st.targets[s.job])
		}
	})
	// The stories wait on the alerts' own timing, minutes each, so they run at once: in
	// goroutines, not as parallel subtests, which go test would run at most -parallel
	// (GOMAXPROCS, 2 in CI) at a time.
	concurrently(t,
		subtest{auth.scenario, func(t *testing.T) { checkAuthBroken(ctx, t, alerts, began) }},
		subtest{exhausted.scenario, func(t *testing.T) { checkLowBeforeInsufficient(ctx, t, alerts, st.started[exhausted.job]) }},
		subtest{topUp.scenario, func(t *testing.T) { checkTopUp(ctx, t, st, alerts) }},
		subtest{mixed.scenario, func(t *testing.T) { checkRecipientSeries(ctx, t, api) }},
		subtest{"dashboard queries", func(t *testing.T) { checkDashboard(ctx, t, api, root) }},
	)
	t.Run("no unexpected alert", func(t *testing.T) {
		if active := alerts.everActive(began, quietAlerts...); len(active) > 0 {
			t.Errorf("alerts the demos give no reason for were active: %s", strings.Join(active, ", "))
		}
		for _, name := range criticalAlerts {
			for _, s := range stories {
				k := alertKey{name, s.job}
				if _, fired := alerts.firedAt(k); fired && !expectedCritical[k] {
					t.Errorf("%s fired: %s pages nobody for %s", k, s.scenario, name)
				}
			}
		}
	})
	for _, p := range st.demos {
		p.running(t) // none died on the way
	}
	t.Logf("end to end in %s", time.Since(began).Round(time.Second))
}

// expectedCritical are the pages each story raises, as the demo's "alerts to expect" line says.
var expectedCritical = map[alertKey]bool{
	{authFailing, auth.job}:              true,
	{balanceInsufficient, exhausted.job}: true,
	{balanceInsufficient, topUp.job}:     true,
}

// startPrometheus writes a configuration scraping the stories (each under its job, every second,
// with the committed rule files, evaluated every second), checks it with promtool and starts a
// Prometheus on it with a TSDB of its own; it returns its API once it is ready and scrapes every
// target.
func (st *stack) startPrometheus(ctx context.Context, t *testing.T, name string, scraped []story) promAPI {
	t.Helper()
	dir := filepath.Join(st.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	config := writeConfig(t, dir, st.root, scraped, st.targets)
	if out, err := run(ctx, dir, nil, st.promtool, "check", "config", config); err != nil {
		t.Fatalf("promtool check config: %v", err)
	} else if !strings.Contains(out, "SUCCESS: 2 rule files found") {
		t.Errorf("promtool check config did not find both rule files:\n%s", out)
	}
	p := start(t, name, dir, st.prometheus, "--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address=127.0.0.1:0")
	api := promAPI{promapi.Client{Base: "http://" + p.await(ctx, t, promAddrRe), HTTP: st.client}}
	waitFor(ctx, t, name+" ready", 30*time.Second, func() error {
		_, err := api.Get(ctx, "/-/ready", nil, "")
		return err
	})
	waitFor(ctx, t, name+" scrapes every demo", 30*time.Second, func() error {
		up, all, err := api.targetsUp(ctx)
		if err == nil && (up != len(scraped) || all != len(scraped)) {
			err = fmt.Errorf("%d of %d targets up, want %d", up, all, len(scraped))
		}
		return err
	})
	return api
}

// writeConfig writes a Prometheus configuration into dir: each story under its own job, scraped
// and evaluated every second, with the committed rule files.
func writeConfig(t *testing.T, dir, root string, scraped []story, targets map[string]string) string {
	t.Helper()
	ruleDir := filepath.Join(root, "monitoring", "rules")
	var b strings.Builder
	fmt.Fprintf(&b, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '%s'
  - '%s'
scrape_configs:
`, filepath.Join(ruleDir, rules.AlertsFile), filepath.Join(ruleDir, rules.RecordingFile))
	for _, s := range scraped {
		fmt.Fprintf(&b, "  - job_name: %s\n    static_configs:\n      - targets: ['%s']\n", s.job, targets[s.job])
	}
	path := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkMetrics runs promtool check metrics on a demo's exposition in the text format, once it
// holds the duration histograms (they appear with the first calls).
func checkMetrics(ctx context.Context, t *testing.T, client *http.Client, promtool, name, addr string) {
	t.Helper()
	target := promAPI{promapi.Client{Base: "http://" + addr, HTTP: client}}
	var text []byte
	waitFor(ctx, t, name+" exposes its histograms", 30*time.Second, func() error {
		var err error
		text, err = target.Get(ctx, "/metrics", nil, "text/plain;version=0.0.4")
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

// checkFiringAlert checks the labels and description of the firing alerts k: severity critical,
// the job, a side, and a code with its meaning, count and operations in the description.
func checkFiringAlert(t *testing.T, alerts *alertLog, k alertKey) {
	t.Helper()
	codeWithMeaning := regexp.MustCompile(`: \d{6} \S+ \(.+\) \S+× in `) // humanize: 12×, 1.12k×
	for _, a := range alerts.firing(k) {
		if a.Labels["severity"] != "critical" || a.Labels["side"] == "" {
			t.Errorf("firing %s has labels %v, want severity=critical and a side", k, a.Labels)
		}
		if d := a.Annotations["description"]; !codeWithMeaning.MatchString(d) {
			t.Errorf("firing %s has description %q, want a code with its meaning, count and operations", k, d)
		}
	}
}

// checkAuthBroken: the rotated token pages UcpaasAuthFailing (for: 1m) within three minutes.
func checkAuthBroken(ctx context.Context, t *testing.T, alerts *alertLog, began time.Time) {
	k := alertKey{authFailing, auth.job}
	at := alerts.waitState(ctx, t, k, "firing", 0, 3*time.Minute)
	t.Logf("%s firing %s after the start", k, at.Sub(began).Round(time.Second))
	checkFiringAlert(t, alerts, k)
}

// checkLowBeforeInsufficient: as balance-exhausted spends its balance, UcpaasBalanceLow fires
// (for: 5m) while money is left, before UcpaasBalanceInsufficient pages once it ran out.
func checkLowBeforeInsufficient(ctx context.Context, t *testing.T, alerts *alertLog, demoStart time.Time) {
	low, insufficient := alertKey{balanceLow, exhausted.job}, alertKey{balanceInsufficient, exhausted.job}
	waitFor(ctx, t, "both balance alerts of "+exhausted.job+" to fire", 8*time.Minute, func() error {
		_, lowFired := alerts.firedAt(low)
		_, insufficientFired := alerts.firedAt(insufficient)
		if !lowFired || !insufficientFired {
			return fmt.Errorf("%s fired: %v, %s fired: %v; active: %s", low, lowFired, insufficient, insufficientFired, alerts.describe())
		}
		return nil
	})
	lowAt, _ := alerts.firedAt(low)
	insufficientAt, _ := alerts.firedAt(insufficient)
	t.Logf("%s fired %s after the demo started, %s %s after", low, lowAt.Sub(demoStart).Round(time.Second),
		insufficient, insufficientAt.Sub(demoStart).Round(time.Second))
	if !lowAt.Before(insufficientAt) {
		t.Errorf("%s fired at %s, not before %s at %s: no warning before the page", low, lowAt.Sub(demoStart).Round(time.Second),
			insufficient, insufficientAt.Sub(demoStart).Round(time.Second))
	}
	checkFiringAlert(t, alerts, insufficient)
}

// checkTopUp: balance-topup runs out at once and pages UcpaasBalanceInsufficient; it is topped up
// after the page. Once the failures stopped and the process is older than the rules' window, a
// second, fresh Prometheus with the same rules starts scraping it: it sees the failure counter
// (constant since the top-up) and raises no balance alert, while the first one sees the page
// resolve when the failures leave its window.
func checkTopUp(ctx context.Context, t *testing.T, st *stack, alerts *alertLog) {
	k := alertKey{balanceInsufficient, topUp.job}
	demoStart := st.started[topUp.job]
	firedAt := alerts.waitState(ctx, t, k, "firing", 0, 3*time.Minute)
	t.Logf("%s firing %s after the demo started", k, firedAt.Sub(demoStart).Round(time.Second))
	checkFiringAlert(t, alerts, k)
	st.demos[topUp.job].await(ctx, t, topUpRe)
	toppedUp := time.Now()
	t.Logf("topped up %s after the demo started", toppedUp.Sub(demoStart).Round(time.Second))

	concurrently(t, subtest{"the first Prometheus sees the page resolve", func(t *testing.T) {
		at := alerts.waitState(ctx, t, k, "inactive", 30*time.Second, window+2*time.Minute)
		t.Logf("%s resolved %s after the top-up", k, at.Sub(toppedUp).Round(time.Second))
	}}, subtest{"a fresh Prometheus raises no balance alert", func(t *testing.T) {
		// Older than the window, the demo is no longer "a process that just started": its
		// failures cannot all be recent.
		select {
		case <-time.After(time.Until(demoStart.Add(window + 10*time.Second))):
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
		began := time.Now()
		api := st.startPrometheus(ctx, t, "fresh-prometheus", []story{topUp})
		fresh := watchAlerts(t, api)
		waitFor(ctx, t, "the fresh Prometheus to see the balance failures", 30*time.Second, func() error {
			vs, err := api.values(ctx, `sum(ucpaas_client_failures_total{job="`+topUp.job+`", category="balance"})`)
			if err == nil && (len(vs) != 1 || vs[0] < 1) {
				err = fmt.Errorf("balance failures %v", vs)
			}
			return err
		})
		// The balance alerts have for: 1m; watching 70 s of evaluations every second, any of them
		// would have been pending, then firing.
		select {
		case <-time.After(70 * time.Second):
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
		if _, err := fresh.state(alertKey{balanceInsufficient, topUp.job}); err != nil {
			t.Fatal(err)
		}
		if active := fresh.everActive(began, balanceInsufficient, balanceLow); len(active) > 0 {
			t.Errorf("the fresh Prometheus raised %s for failures that stopped before it started", strings.Join(active, ", "))
		}
		t.Logf("the fresh Prometheus watched for 70 s from %s after the demo started: no balance alert",
			began.Sub(demoStart).Round(time.Second))
	}})
}

// subtest is a named subtest.
type subtest struct {
	name string
	fn   func(t *testing.T)
}

// concurrently runs the subtests at once, each in a goroutine of its own (t.Run may be called
// from several goroutines), and returns when all have ended.
func concurrently(t *testing.T, tests ...subtest) {
	t.Helper()
	var wg sync.WaitGroup
	for _, st := range tests {
		wg.Go(func() { t.Run(st.name, st.fn) })
	}
	wg.Wait()
}

// checkRecipientSeries: mixed's batch sends give recipient series, raw on both sides and
// recorded, that a real Prometheus returns.
func checkRecipientSeries(ctx context.Context, t *testing.T, api promAPI) {
	sel := `{job="` + mixed.job + `"}`
	for _, expr := range []string{
		"ucpaas_client_recipients_total" + sel,
		"ucpaas_client_recipient_failures_total" + sel,
		"ucpaas_server_recipients_total" + sel,
		"ucpaas_server_recipient_failures_total" + sel,
		"ucpaas:client_recipient_failure_ratio:rate5m" + sel,
		"ucpaas:server_recipient_failure_ratio:rate5m" + sel,
	} {
		var n int
		waitFor(ctx, t, expr+" returns a series", 2*time.Minute, func() error {
			var err error
			if n, err = api.series(ctx, expr); err == nil && n == 0 {
				err = fmt.Errorf("no series for %s", expr)
			}
			return err
		})
		t.Logf("%s: %d series", expr, n)
	}
}

// checkDashboard runs every query of the committed dashboard, variables substituted, and checks
// that each returns at least one series.
func checkDashboard(ctx context.Context, t *testing.T, api promAPI, root string) {
	t.Helper()
	checkDashboardVars(ctx, t, api, root, variables)
}

// checkDashboardVars is checkDashboard with the variables replaced by vars.
func checkDashboardVars(ctx context.Context, t *testing.T, api promAPI, root string, vars *strings.Replacer) {
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
			expr := vars.Replace(target.Expr)
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
	latencyPanels := 0
	for _, p := range d.Visible() {
		if legends := legendsOf(p); slices.Equal(legends, []string{"p50", "p95", "p99", "mean"}) {
			latencyPanels++
			checkLatency(ctx, t, api, p, vars)
		}
	}
	if latencyPanels != 2 {
		t.Errorf("%d latency panels of p50, p95, p99 and the mean, want 2 (client and server)", latencyPanels)
	}
}

// legendsOf returns the legends of a panel's queries.
func legendsOf(p dashlint.Panel) []string {
	var out []string
	for _, target := range p.Targets {
		out = append(out, target.LegendFormat)
	}
	return out
}

// checkStat waits, at most queryWait, until a stat panel's one value says what statWant says: a
// failure stat has a value (0) as soon as the job's calls are counted, before its first failure
// has been scraped, so one look right after the query first answered can come too early.
func checkStat(ctx context.Context, t *testing.T, api promAPI, title, expr string) {
	t.Helper()
	want, known := statWant[title]
	if !known {
		t.Errorf("stat panel %q: the test does not know what it should show", title)
		return
	}
	waitFor(ctx, t, fmt.Sprintf("stat panel %q to show %s", title, want.what), queryWait, func() error {
		vs, err := api.values(ctx, expr)
		switch {
		case err != nil:
			return err
		case len(vs) != 1:
			return fmt.Errorf("%d values, want 1", len(vs))
		case !want.ok(vs[0]):
			return fmt.Errorf("it shows %v", vs[0])
		}
		return nil
	})
}

// checkLatency checks that a latency panel of p50, p95, p99 and the mean shows the demo's
// latency profile (log-normal, median 60 ms, p99 480 ms): a median of tens of milliseconds, not
// the 5 ms a first-bucket interpolation gives, quantiles in order, and the mean between p50 and
// p99.
func checkLatency(ctx context.Context, t *testing.T, api promAPI, p dashlint.Panel, vars *strings.Replacer) {
	t.Helper()
	got := map[string]float64{}
	for _, target := range p.Targets {
		vs, err := api.values(ctx, vars.Replace(target.Expr))
		if err != nil || len(vs) != 1 {
			t.Errorf("panel %q %s: %v values (%v), want 1", p.Title, target.LegendFormat, vs, err)
			return
		}
		got[target.LegendFormat] = vs[0]
	}
	t.Logf("panel %q: p50 %.3f s, p95 %.3f s, p99 %.3f s, mean %.3f s", p.Title, got["p50"], got["p95"], got["p99"], got["mean"])
	if got["p50"] < 0.02 || got["p50"] > 0.3 || got["p50"] > got["p95"] || got["p95"] > got["p99"] ||
		got["mean"] < got["p50"] || got["mean"] > got["p99"] {
		t.Errorf("panel %q shows p50 %v, p95 %v, p99 %v, mean %v: want a median of 20–300 ms, p50 ≤ p95 ≤ p99 and p50 ≤ mean ≤ p99",
			p.Title, got["p50"], got["p95"], got["p99"], got["mean"])
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
