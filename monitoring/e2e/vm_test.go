package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/monitoring/rules"

	"github.com/ucpobs/ucpobs/monitoring/internal/promapi"
)

// vmTimeout bounds TestScaledOutPipeline: the two pages come about two minutes after the demos
// start, the dashboard queries need a few minutes of data.
const vmTimeout = 6 * time.Minute

// vmStories are the demos the scaled-out pipeline scrapes: the two pages, and the traffic every
// dashboard panel needs (recipients, server side).
var vmStories = []story{
	{"auth-broken", "vm-auth-broken", nil},
	{"balance-topup", "vm-balance-topup", []string{"-topup-after", "30m"}},
	{"mixed", "vm-mixed", nil},
}

// vmTools returns the paths of victoria-metrics, vmagent, vmalert and Alertmanager (Debian names
// it prometheus-alertmanager). Without them the test is skipped, except in CI (CI=true) where a
// missing tool is a failure.
func vmTools(t *testing.T) map[string]string {
	t.Helper()
	paths := map[string]string{}
	for _, names := range [][]string{{"victoria-metrics"}, {"vmagent"}, {"vmalert"}, {"prometheus-alertmanager", "alertmanager"}} {
		for _, name := range names {
			if path, err := exec.LookPath(name); err == nil {
				paths[names[0]] = path
				break
			}
		}
		if paths[names[0]] == "" {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not on PATH (CI=true): install Debian's victoria-metrics and prometheus-alertmanager packages", names[0])
			}
			t.Skipf("%s is not on PATH, skipping the scaled-out pipeline test (apt-get install victoria-metrics prometheus-alertmanager gives it)", names[0])
		}
	}
	return paths
}

// loopbackAddr returns 127.0.0.1 and a port that was free a moment ago, for the VictoriaMetrics
// components, which print the address they were given, not the one they got.
func loopbackAddr(t *testing.T) string {
	t.Helper()
	return fmt.Sprintf("127.0.0.1:%d", freePort(t))
}

// TestScaledOutPipeline runs the project's rules and dashboard on a horizontally scaled pipeline
// built from VictoriaMetrics' components: two vmagent in cluster mode (membersCount 2, memberNum
// 0 and 1) share the scrape targets (the demos and the pipeline's own components) and
// remote-write to one victoria-metrics; vmalert evaluates the committed alerting and recording
// rules against it, writes the recorded series back and sends the alerts to an Alertmanager
// running the example configuration (its receivers pointed at a loopback webhook). It checks that
// each target is scraped by exactly one vmagent, both scrape some, UcpaasAuthFailing and
// UcpaasBalanceInsufficient reach Alertmanager for their jobs and the quiet alerts never do, and
// every query of the committed dashboard returns data from victoria-metrics.
func TestScaledOutPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("the scaled-out pipeline test runs for about four minutes; not in -short mode")
	}
	if raceDetector {
		t.Skip("the scaled-out pipeline runs in the plain pass of go test; under -race it would only repeat minutes of waiting on other processes")
	}
	t.Parallel()
	tools := vmTools(t)
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), vmTimeout)
	defer cancel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	client := &http.Client{Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	demoPath := buildDemo(ctx, t)
	targets := map[string]string{} // host:port by job
	var demos []*proc
	for _, s := range vmStories {
		p := start(t, "demo "+s.scenario, tmp, demoPath, append([]string{"-scenario", s.scenario, "-duration", "0",
			"-listen", "127.0.0.1:0", "-logs-per-second", "1", "-progress", "30s", "-account-poll", "1s"}, s.args...)...)
		targets[s.job] = p.await(ctx, t, demoAddrRe)
		demos = append(demos, p)
	}

	vmAddr, amAddr, alertAddr := loopbackAddr(t), loopbackAddr(t), loopbackAddr(t)
	agentAddrs := []string{loopbackAddr(t), loopbackAddr(t)}
	vm := start(t, "victoria-metrics", tmp, tools["victoria-metrics"], "-storageDataPath="+filepath.Join(tmp, "vm"),
		"-httpListenAddr="+vmAddr, "-retentionPeriod=1d",
		// Answer with samples up to now: the default hides the last 30 s from queries.
		"-search.latencyOffset=1s")
	waitHealthy(ctx, t, client, vm, "http://"+vmAddr+"/health")

	// Alertmanager with the example configuration, its receivers pointed at a loopback webhook.
	var hook webhook
	hookServer := httptest.NewServer(&hook)
	t.Cleanup(hookServer.Close)
	amConfig, err := os.ReadFile(filepath.Join(root, "monitoring", "alertmanager", "alertmanager.yml"))
	if err != nil {
		t.Fatal(err)
	}
	amConfigPath := filepath.Join(tmp, "alertmanager.yml")
	loopback := regexp.MustCompile(`url: https://\S+`).ReplaceAll(amConfig, []byte("url: "+hookServer.URL+"/hook"))
	if err := os.WriteFile(amConfigPath, loopback, 0o644); err != nil {
		t.Fatal(err)
	}
	am := start(t, "alertmanager", tmp, tools["prometheus-alertmanager"], "--config.file="+amConfigPath,
		"--storage.path="+filepath.Join(tmp, "am"), "--web.listen-address="+amAddr,
		"--cluster.listen-address=") // no gossip port: loopback only
	waitHealthy(ctx, t, client, am, "http://"+amAddr+"/-/ready")

	// Both vmagents scrape everything the pipeline has: the demos and the pipeline itself.
	scrapeConfig := filepath.Join(tmp, "scrape.yml")
	var b strings.Builder
	b.WriteString("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n")
	for _, s := range vmStories {
		fmt.Fprintf(&b, "  - job_name: %s\n    static_configs:\n      - targets: ['%s']\n", s.job, targets[s.job])
	}
	fmt.Fprintf(&b, "  - job_name: pipeline\n    static_configs:\n      - targets: ['%s', '%s', '%s', '%s', '%s']\n",
		vmAddr, agentAddrs[0], agentAddrs[1], alertAddr, amAddr)
	if err := os.WriteFile(scrapeConfig, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	allTargets := len(vmStories) + 5
	for i, addr := range agentAddrs {
		agent := start(t, fmt.Sprintf("vmagent %d", i), tmp, tools["vmagent"], "-promscrape.config="+scrapeConfig,
			"-promscrape.cluster.membersCount=2", fmt.Sprintf("-promscrape.cluster.memberNum=%d", i),
			"-remoteWrite.url=http://"+vmAddr+"/api/v1/write", "-remoteWrite.flushInterval=1s",
			"-remoteWrite.tmpDataPath="+filepath.Join(tmp, fmt.Sprintf("vmagent-%d", i)), "-httpListenAddr="+addr)
		waitHealthy(ctx, t, client, agent, "http://"+addr+"/health")
	}

	ruleDir := filepath.Join(root, "monitoring", "rules")
	alerter := start(t, "vmalert", tmp, tools["vmalert"],
		"-rule="+filepath.Join(ruleDir, rules.AlertsFile), "-rule="+filepath.Join(ruleDir, rules.RecordingFile),
		"-datasource.url=http://"+vmAddr, "-remoteWrite.url=http://"+vmAddr, "-remoteWrite.flushInterval=1s",
		"-notifier.url=http://"+amAddr, "-evaluationInterval=2s", "-httpListenAddr="+alertAddr)
	waitHealthy(ctx, t, client, alerter, "http://"+alertAddr+"/health")
	t.Logf("pipeline up %s after the start", time.Since(began).Round(time.Second))

	t.Run("each target scraped by exactly one vmagent", func(t *testing.T) {
		waitFor(ctx, t, "the vmagents to share the targets", time.Minute, func() error {
			return checkSharded(ctx, client, agentAddrs, allTargets, true)
		})
	})

	vmAPI := promAPI{promapi.Client{Base: "http://" + vmAddr, HTTP: client}}
	concurrently(t,
		subtest{"pages reach Alertmanager", func(t *testing.T) {
			want := []alertKey{{authFailing, "vm-auth-broken"}, {balanceInsufficient, "vm-balance-topup"}}
			waitFor(ctx, t, "the pages to reach Alertmanager", 4*time.Minute, func() error {
				got, err := alertmanagerAlerts(ctx, client, amAddr)
				if err != nil {
					return err
				}
				for _, k := range want {
					if !slices.Contains(got, k) {
						return fmt.Errorf("%s not in Alertmanager; it holds %v", k, got)
					}
				}
				return nil
			})
			t.Logf("both pages in Alertmanager %s after the start", time.Since(began).Round(time.Second))
			// vmalert expanded the descriptions' templates (query, the code_info join) against
			// victoria-metrics: a code with its meaning, count and operations.
			_, descriptions, err := alertmanagerDescriptions(ctx, client, amAddr)
			if err != nil {
				t.Fatal(err)
			}
			codeWithMeaning := regexp.MustCompile(`: \d{6} \S+ \(.+\) \S+× in `)
			for _, k := range want {
				if d := descriptions[k]; !codeWithMeaning.MatchString(d) {
					t.Errorf("%s in Alertmanager has description %q, want a code with its meaning, count and operations", k, d)
				} else {
					t.Logf("%s: %s", k, d)
				}
			}
		}},
		subtest{"dashboard queries return data from victoria-metrics", func(t *testing.T) {
			checkDashboardVars(ctx, t, vmAPI, root, vmVariables)
		}},
	)
	t.Run("no unexpected alert in Alertmanager", func(t *testing.T) {
		got, err := alertmanagerAlerts(ctx, client, amAddr)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range got {
			if slices.Contains(quietAlerts, k.name) || (slices.Contains(criticalAlerts, k.name) &&
				k != (alertKey{authFailing, "vm-auth-broken"}) && k != (alertKey{balanceInsufficient, "vm-balance-topup"})) {
				t.Errorf("%s reached Alertmanager: nothing in the demos calls for it", k)
			}
		}
	})
	t.Run("still sharded", func(t *testing.T) {
		// Up or not: under load a scrape of a busy component may time out.
		if err := checkSharded(ctx, client, agentAddrs, allTargets, false); err != nil {
			t.Error(err)
		}
	})
	for _, p := range demos {
		p.running(t)
	}
	t.Logf("webhook received %d notifications; scaled-out pipeline in %s", hook.count(), time.Since(began).Round(time.Second))
}

// vmVariables are the dashboard's variables for the scaled-out pipeline's jobs.
var vmVariables = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$__range_s", "300",
	"$__range", "5m",
	"$__interval_ms", "60000",
	"$__interval", "1m",
	"$job", "vm-.+",
	"$operation", ".+",
)

// waitHealthy waits until url answers 200, failing the test if p exits first.
func waitHealthy(ctx context.Context, t *testing.T, client *http.Client, p *proc, url string) {
	t.Helper()
	waitFor(ctx, t, p.name+" healthy", time.Minute, func() error {
		select {
		case <-p.done:
			t.Fatalf("%s exited: %v", p.name, p.err)
		default:
		}
		_, err := promapi.Client{Base: url, HTTP: client}.Get(ctx, "", nil, "")
		return err
	})
}

// checkSharded asks each vmagent for the targets it scrapes (/api/v1/targets, active) and
// returns an error unless every one of the want targets is scraped (and up, with up) by exactly
// one of them and each scrapes at least one.
func checkSharded(ctx context.Context, client *http.Client, agents []string, want int, up bool) error {
	scrapedBy := map[string][]int{}
	for i, addr := range agents {
		var data struct {
			ActiveTargets []struct {
				ScrapeURL string `json:"scrapeUrl"`
				Health    string `json:"health"`
			} `json:"activeTargets"`
		}
		api := promAPI{promapi.Client{Base: "http://" + addr, HTTP: client}}
		if err := api.Data(ctx, "/api/v1/targets", nil, &data); err != nil {
			return err
		}
		if len(data.ActiveTargets) == 0 {
			return fmt.Errorf("vmagent %d scrapes nothing", i)
		}
		for _, target := range data.ActiveTargets {
			if up && target.Health != "up" {
				return fmt.Errorf("vmagent %d: target %s is %q", i, target.ScrapeURL, target.Health)
			}
			scrapedBy[target.ScrapeURL] = append(scrapedBy[target.ScrapeURL], i)
		}
	}
	if len(scrapedBy) != want {
		return fmt.Errorf("%d targets scraped, want %d: %v", len(scrapedBy), want, scrapedBy)
	}
	for url, members := range scrapedBy {
		if len(members) != 1 {
			return fmt.Errorf("%s scraped by vmagents %v, want exactly one", url, members)
		}
	}
	return nil
}

// alertmanagerAlerts returns the active alerts Alertmanager holds, by name and job.
func alertmanagerAlerts(ctx context.Context, client *http.Client, addr string) ([]alertKey, error) {
	keys, _, err := alertmanagerDescriptions(ctx, client, addr)
	return keys, err
}

// alertmanagerDescriptions returns the active alerts Alertmanager holds, by name and job, and
// their descriptions.
func alertmanagerDescriptions(ctx context.Context, client *http.Client, addr string) ([]alertKey, map[alertKey]string, error) {
	body, err := promAPI{promapi.Client{Base: "http://" + addr, HTTP: client}}.Get(ctx, "/api/v2/alerts", nil, "application/json")
	if err != nil {
		return nil, nil, err
	}
	var alerts []struct {
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
		Status      struct {
			State string `json:"state"`
		} `json:"status"`
	}
	if err := json.Unmarshal(body, &alerts); err != nil {
		return nil, nil, err
	}
	var out []alertKey
	descriptions := map[alertKey]string{}
	for _, a := range alerts {
		if a.Status.State == "active" || a.Status.State == "suppressed" {
			k := alertKey{a.Labels["alertname"], a.Labels["job"]}
			out = append(out, k)
			descriptions[k] = a.Annotations["description"]
		}
	}
	return out, descriptions, nil
}

// webhook counts the notifications Alertmanager sends to its receivers.
type webhook struct {
	mu sync.Mutex
	n  int
}

func (h *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.n++
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (h *webhook) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}
