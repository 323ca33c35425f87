package main

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

// total sums the values of the exposition lines of body that match re.
func total(body string, re *regexp.Regexp) float64 {
	sum := 0.0
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if !re.MatchString(line) {
			continue
		}
		if v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64); err == nil {
			sum += v
		}
	}
	return sum
}

// runToEnd runs the demo with args for duration (above 1s), and returns a scrape of /metrics
// made just before it stops.
func runToEnd(t *testing.T, duration time.Duration, args ...string) string {
	t.Helper()
	r := startDemo(t.Context(), append(args, "-duration", duration.String(), "-listen", "127.0.0.1:0")...)
	url := r.metricsURL(t)
	time.Sleep(duration - 500*time.Millisecond)
	body := testkit.Scrape(t, scraper, url, "")
	if code := r.exitCode(t, 15*time.Second); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
	}
	return body
}

func TestLatencyFlag(t *testing.T) {
	tests := []struct {
		args []string
		want ucpaastest.Latency
	}{
		{nil, ucpaastest.Latency{Median: 60 * time.Millisecond, P99: 480 * time.Millisecond}},
		{[]string{"-latency", "20ms"}, ucpaastest.Latency{Median: 20 * time.Millisecond, P99: 160 * time.Millisecond}},
		{[]string{"-latency", "0"}, ucpaastest.Latency{}},
	}
	for _, tt := range tests {
		cfg, _, ok := parseFlags(tt.args, io.Discard)
		if !ok {
			t.Fatalf("%q: rejected", tt.args)
		}
		if got := cfg.latencyProfile(); got != tt.want {
			t.Errorf("%q: latency %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

// TestDefaultLatencyShows checks that the default profile reaches the histograms of both sides:
// with a median of 60 ms, about 16% of the calls take 25 ms or less (a loaded machine only makes
// calls slower); answering at once, nearly all would.
func TestDefaultLatencyShows(t *testing.T) {
	body := runToEnd(t, 2500*time.Millisecond, "-rate", "100", "-account-poll", "0")
	for _, side := range []string{"client", "server"} {
		n := total(body, regexp.MustCompile(`^ucpaas_`+side+`_request_duration_seconds_count[{ ]`))
		fast := total(body, regexp.MustCompile(`^ucpaas_`+side+`_request_duration_seconds_bucket\{.*le="0.025"`))
		if n < 50 || fast/n > 0.3 {
			t.Errorf("%s side: %v of %v calls took 25 ms or less, want at least 50 calls and at most 30%% of them", side, fast, n)
		}
	}
}

func TestAccountPoll(t *testing.T) {
	accountInfo := regexp.MustCompile(`^ucpaas_client_requests_total\{operation="account_info"\}`)
	tests := []struct {
		name     string
		poll     string
		min, max float64 // account-info calls in 2.5 s, with one call of traffic a second
	}{
		{"every 100ms", "100ms", 5, 40},
		{"never", "0", 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := runToEnd(t, 2500*time.Millisecond, "-rate", "1", "-latency", "0", "-account-poll", tt.poll)
			if n := total(body, accountInfo); n < tt.min || n > tt.max {
				t.Errorf("%v successful account-info calls, want %v to %v", n, tt.min, tt.max)
			}
		})
	}
}

func TestTopUpEndsBalanceFailures(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := startDemo(ctx, "-scenario", "balance-topup", "-topup-after", "300ms", "-duration", "0",
		"-rate", "100", "-latency", "0", "-listen", "127.0.0.1:0")
	url := r.metricsURL(t)
	balanceFailures := regexp.MustCompile(`^ucpaas_client_failures_total\{category="balance",`)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.stdout.String(), "topped the balance up") {
		if time.Now().After(deadline) {
			t.Fatalf("no top-up within 10s:\n%s", r.stdout.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // calls under way when the money came may still fail
	before := total(testkit.Scrape(t, scraper, url, ""), balanceFailures)
	time.Sleep(time.Second)
	after := total(testkit.Scrape(t, scraper, url, ""), balanceFailures)
	cancel()
	if code := r.exitCode(t, 10*time.Second); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, r.stderr.String())
	}
	if before == 0 || after != before {
		t.Errorf("balance failures %v at the top-up, %v a second later; want some, then no more", before, after)
	}
	if !strings.Contains(r.stdout.String(), "topped the balance up by 10000000.00 yuan") {
		t.Errorf("stdout does not say how much was put on the account:\n%s", r.stdout.String())
	}
}

// TestBalanceLastsAsPlanned checks spendPerCall, from which balance-exhausted sets its starting
// balance (5 minutes of traffic at -rate): the balance gauge after a few seconds of traffic
// gives what a call costs on average. It must stay within 25% of spendPerCall, or the balance
// would run out too early for UcpaasBalanceLow to fire first (monitoring/e2e).
func TestBalanceLastsAsPlanned(t *testing.T) {
	const rate = 100
	body := runToEnd(t, 3*time.Second, "-scenario", "balance-exhausted", "-rate", strconv.Itoa(rate),
		"-latency", "0", "-account-poll", "50ms")
	start := rate * 300 * spendPerCall / 100 // yuan
	balance := total(body, regexp.MustCompile(`^ucpaas_account_balance\{`))
	calls := total(body, regexp.MustCompile(`^ucpaas_client_requests_total\{`)) -
		total(body, regexp.MustCompile(`^ucpaas_client_requests_total\{operation="account_info"\}`))
	if calls < 100 || balance <= 0 {
		t.Fatalf("%v calls, balance %v yuan: too few calls, or the balance ran out", calls, balance)
	}
	perCall := (start - balance) * 100 / calls
	if perCall < 0.75*spendPerCall || perCall > 1.25*spendPerCall {
		t.Errorf("a call cost %.2f fen on average (%v calls, %.2f yuan spent), want %v ± 25%%: update spendPerCall",
			perCall, calls, start-balance, spendPerCall)
	}
	t.Logf("a call cost %.2f fen on average over %v calls", perCall, calls)
	if total(body, regexp.MustCompile(`^ucpaas_client_failures_total\{category="balance"`)) > 0 {
		t.Errorf("balance failures within 3 s of a balance meant to last 5 minutes")
	}
}
