package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// demoRun is one in-process run of the demo.
type demoRun struct {
	stdout, stderr testkit.SyncBuffer
	code           chan int
}

// startDemo runs the demo with args in the background.
func startDemo(ctx context.Context, args ...string) *demoRun {
	r := &demoRun{code: make(chan int, 1)}
	go func() { r.code <- run(ctx, args, &r.stdout, &r.stderr) }()
	return r
}

var metricsLine = regexp.MustCompile(`metrics: (http://\S+/metrics)`)

// metricsURL waits for the line announcing the metrics address.
func (r *demoRun) metricsURL(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := metricsLine.FindStringSubmatch(r.stdout.String()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no metrics line; stdout:\n%s\nstderr:\n%s", r.stdout.String(), r.stderr.String())
	return ""
}

// exitCode waits for run to return.
func (r *demoRun) exitCode(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case code := <-r.code:
		return code
	case <-time.After(within):
		t.Fatalf("run did not return within %s; stdout:\n%s", within, r.stdout.String())
		return -1
	}
}

// scraper keeps no connections open, so nothing outlives a test.
var scraper = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}

// failure is one non-zero ucpaas_client_failures_total series.
type failure struct {
	code, category string
	value          float64
}

var failureSeries = regexp.MustCompile(`^ucpaas_client_failures_total\{category="([a-z_]+)",code="([a-z0-9]+)",operation="[a-z_]+"\} (\S+)`)

// failures returns the client failure series of a scrape whose value is above zero.
func failures(body string) []failure {
	var out []failure
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		m := failureSeries.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err == nil && v > 0 {
			out = append(out, failure{code: m[2], category: m[1], value: v})
		}
	}
	return out
}

func distinctCodes(fs []failure) map[string]bool {
	set := map[string]bool{}
	for _, f := range fs {
		set[f.code] = true
	}
	return set
}

func TestScenarios(t *testing.T) {
	tests := []struct {
		scenario string
		rate     string
		// satisfied reports whether a scrape shows the scenario's story.
		satisfied func(fs []failure) bool
		// inTable must all appear in the final table.
		inTable []string
	}{
		{
			scenario:  "mixed",
			rate:      "400",
			satisfied: func(fs []failure) bool { set := distinctCodes(fs); return len(set) >= 5 && set["105110"] },
			inTable:   []string{"CODE", "COUNT", "CATEGORY", "含义", "105110", "Who must act"},
		},
		{
			scenario:  "balance-topup",
			rate:      "50",
			satisfied: func(fs []failure) bool { return distinctCodes(fs)["100001"] },
			inTable:   []string{"100001", "balance", "Insufficient balance", "余额不足"},
		},
		{
			scenario: "auth-broken",
			rate:     "50",
			satisfied: func(fs []failure) bool {
				set := map[string]bool{}
				for _, f := range fs {
					if f.category == "auth" {
						set[f.code] = true
					}
				}
				return set["101116"] && set["101115"] && set["101106"]
			},
			inTable: []string{"101116", "101115", "101106", "auth"},
		},
		{
			scenario: "platform-outage",
			rate:     "50",
			satisfied: func(fs []failure) bool {
				set := distinctCodes(fs)
				return set["100699"] && set["100500"]
			},
			inTable: []string{"100699", "100500", "platform", "系统内部错误"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			t.Parallel()
			// No latency: the stories are about return codes, and the rate is high. It runs until
			// /metrics shows the story (however slow a loaded machine makes it), then stops as on
			// Ctrl-C.
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			r := startDemo(ctx, "-scenario", tt.scenario, "-duration", "0", "-rate", tt.rate,
				"-listen", "127.0.0.1:0", "-progress", "500ms", "-latency", "0")
			url := r.metricsURL(t)

			var last []failure
			deadline := time.After(30 * time.Second)
			for shown := false; !shown; shown = tt.satisfied(last) {
				select {
				case code := <-r.code:
					t.Fatalf("run returned %d before /metrics showed the story; last failures %v\nstdout:\n%s", code, last, r.stdout.String())
				case <-deadline:
					t.Fatalf("/metrics did not show the story within 30s; last failures %v\nstdout:\n%s", last, r.stdout.String())
				case <-time.After(100 * time.Millisecond):
				}
				last = failures(testkit.Scrape(t, scraper, url, ""))
			}
			cancel()
			if code := r.exitCode(t, 10*time.Second); code != exitOK {
				t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
			}
			out := r.stdout.String()
			for _, want := range append(tt.inTable, "calls", "failed") {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if r.stderr.String() != "" {
				t.Errorf("stderr not empty: %s", r.stderr.String())
			}
		})
	}
}

func TestMixedShowsExemplarsAndNoSecrets(t *testing.T) {
	r := startDemo(t.Context(), "-duration", "2s", "-rate", "200", "-listen", "127.0.0.1:0", "-logs-per-second", "0")
	url := r.metricsURL(t)
	exemplar := regexp.MustCompile(`(?m)^ucpaas_client_failures_total\{[^}]*\} \S+ # \{trace_id="[0-9a-f]{32}"\}`)
	var body string
	for !exemplar.MatchString(body) {
		select {
		case <-r.code:
			t.Fatalf("no exemplar on a failure counter in the OpenMetrics scrape:\n%s", body)
		case <-time.After(100 * time.Millisecond):
		}
		body = testkit.Scrape(t, scraper, url, testkit.OpenMetrics)
	}
	if code := r.exitCode(t, 10*time.Second); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	out := r.stdout.String()
	if !strings.Contains(out, "ucpaas call") || !strings.Contains(out, "ucpaas.code") {
		t.Fatalf("no failure logged:\n%s", out)
	}
	secrets := []*regexp.Regexp{
		regexp.MustCompile(regexp.QuoteMeta(ucpaastest.DefaultToken)),
		regexp.MustCompile(regexp.QuoteMeta(ucpaastest.DefaultSID)),
		regexp.MustCompile(`\b1[3-9][0-9]{9}\b`), // a mobile number
		regexp.MustCompile(`sig=[0-9A-F]`),
	}
	for _, re := range secrets {
		for _, text := range []string{out, body} {
			if loc := re.FindStringIndex(text); loc != nil {
				t.Errorf("output holds a secret or personal datum (%s): …%s…", re, text[max(0, loc[0]-60):min(len(text), loc[1]+20)])
			}
		}
	}
}

func TestTracesPrintsSpans(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := startDemo(ctx, "-duration", "0", "-rate", "50", "-listen", "127.0.0.1:0", "-traces")
	wants := []string{`"Name": "ucpaas template_sms"`, `"Key": "ucpaas.code"`, `"Key": "ucpaas.category"`, `"SpanKind": 3`}
	printed := func() bool {
		out := r.stdout.String()
		for _, want := range wants {
			if !strings.Contains(out, want) {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(10 * time.Second)
	for !printed() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := r.exitCode(t, 10*time.Second); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
	}
	if !printed() {
		t.Errorf("printed spans lack one of %q:\n%.3000s", wants, r.stdout.String())
	}
}

func TestOTLPSendsSpans(t *testing.T) {
	var posts atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/traces" && r.Header.Get("Content-Type") == "application/x-protobuf" {
			if body, _ := io.ReadAll(r.Body); bytes.Contains(body, []byte("ucpaas.code")) {
				posts.Add(1)
			}
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()

	r := startDemo(t.Context(), "-duration", "1s", "-rate", "20", "-listen", "127.0.0.1:0",
		"-otlp", strings.TrimPrefix(collector.URL, "http://"))
	if code := r.exitCode(t, 15*time.Second); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
	}
	if posts.Load() == 0 {
		t.Fatal("the collector received no spans carrying ucpaas.code")
	}
}

func TestBadFlagsExitTwo(t *testing.T) {
	tests := []struct {
		args    []string
		message string
	}{
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"-scenario", "flood"}, `unknown scenario "flood"`},
		{[]string{"-rate", "0"}, "-rate must be between 1 and 10000"},
		{[]string{"-workers", "0"}, "-workers must be between 1 and 1000"},
		{[]string{"-duration", "-1s"}, "-duration must not be negative"},
		{[]string{"-duration", "soon"}, `invalid value "soon" for flag -duration`},
		{[]string{"-listen", "9464"}, `-listen "9464": want host:port`},
		{[]string{"-otlp", "collector"}, `-otlp "collector": want host:port`},
		{[]string{"-progress", "0s"}, "-progress must be positive"},
		{[]string{"-logs-per-second", "-1"}, "-logs-per-second must not be negative"},
		{[]string{"-latency", "-1ms"}, "-latency must not be negative"},
		{[]string{"-account-poll", "-1s"}, "-account-poll must not be negative"},
		{[]string{"-topup-after", "-1s"}, "-topup-after must not be negative"},
		{[]string{"mixed"}, `unexpected argument "mixed"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != exitUsage {
				t.Fatalf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tt.message) || !strings.Contains(stderr.String(), "Usage: go run ./examples/demo") {
				t.Errorf("stderr lacks %q and the usage:\n%s", tt.message, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout not empty: %s", stdout.String())
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-h"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d, want 0", code)
	}
	for _, want := range []string{"balance-exhausted", "-scenario", "-listen", "127.0.0.1:9464"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

func TestTakenPortExitsOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()

	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-listen", addr, "-duration", "1s"}, &stdout, &stderr); code != exitError {
		t.Fatalf("exit code %d, want %d", code, exitError)
	}
	want := "demo: listen " + addr + ": address already in use — pass -listen to choose another port\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout not empty: %s", stdout.String())
	}
}

func TestDurationZeroStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r := startDemo(ctx, "-duration", "0", "-listen", "127.0.0.1:0", "-rate", "50")
	url := r.metricsURL(t)
	// Let it make calls until one failed, then stop it the way Ctrl-C does.
	for len(failures(testkit.Scrape(t, scraper, url, ""))) == 0 {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := r.exitCode(t, 5*time.Second); code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", code, r.stderr.String())
	}
	if !strings.Contains(r.stdout.String(), "calls,") {
		t.Errorf("no final summary:\n%s", r.stdout.String())
	}
	if resp, err := scraper.Get(url); err == nil {
		resp.Body.Close()
		t.Error("/metrics still served after run returned")
	}
}

var recipientFailureSeries = regexp.MustCompile(`(?m)^ucpaas_client_recipient_failures_total\{category="[a-z_]+",code="(1\d{5})",operation="send_sms_batch"\} [1-9]`)

// TestMixedTableShowsRecipientFailures: the mixed scenario's batch sends have recipients that
// fail (invalid, repeated, blacklisted numbers) in calls that succeed; the final table shows them
// apart from the call failures.
func TestMixedTableShowsRecipientFailures(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := startDemo(ctx, "-scenario", "mixed", "-duration", "0", "-rate", "400",
		"-listen", "127.0.0.1:0", "-progress", "500ms", "-latency", "0")
	url := r.metricsURL(t)
	deadline := time.After(30 * time.Second)
	for !recipientFailureSeries.MatchString(testkit.Scrape(t, scraper, url, "")) {
		select {
		case code := <-r.code:
			t.Fatalf("run returned %d before /metrics showed a recipient failure\nstdout:\n%s", code, r.stdout.String())
		case <-deadline:
			t.Fatalf("/metrics showed no recipient failure within 30s\nstdout:\n%s", r.stdout.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	cancel()
	if code := r.exitCode(t, 10*time.Second); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
	}
	out := r.stdout.String()
	final := out[strings.LastIndex(out, "After "):]
	batch := strings.Index(final, "Batch sends: ")
	if batch < 0 || !regexp.MustCompile(`Batch sends: [1-9]\d* recipients, [1-9]\d* failed`).MatchString(final) {
		t.Fatalf("the final table has no recipient section with failures:\n%s", final)
	}
	if !strings.Contains(final[batch:], "Recipient failures") || !regexp.MustCompile(`(?m)^(100006|105138|105107) +[1-9]`).MatchString(final[batch:]) {
		t.Errorf("the recipient section lacks its codes:\n%s", final[batch:])
	}
}
