package middleware

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/operation"
)

// seriesBudget is the most ucpaas_ series Prometheus may store (every histogram bucket, _sum and
// _count apart) for a process that only uses NewTransport, after 1,000 calls of 2 operations with
// mixed outcomes (issues 14 and 16).
const seriesBudget = 150

// mixedReplies are the outcomes of the budget's calls, in turn: mostly successes, and one of every
// failure kind a client meets: each alerting category, the caller's own mistakes, rate limiting,
// the platform's errors, a code the catalog lacks, a reply without code and no reply at all.
var mixedReplies = []struct {
	body string // "" for a transport error
	// category and code label the call is counted with
	category, code string
}{
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"000000","msg":"OK"}`, "ok", ""},
	{`{"code":"100001","msg":"x"}`, "balance", "100001"},
	{`{"code":"100005","msg":"x"}`, "auth", "100005"},
	{`{"code":"101108","msg":"x"}`, "account", "101108"},
	{`{"code":"100000","msg":"x"}`, "validation", "100000"},
	{`{"code":"104113","msg":"x"}`, "rate_limit", "104113"},
	{`{"code":"100500","msg":"x"}`, "platform", "100500"},
	{`{"code":"999999","msg":"x"}`, "unknown", "other"},
	{`<html><body>502 Bad Gateway</body></html>`, "unparsed", "none"},
	{"", "transport", "transport"},
}

// TestSeriesBudget: a process that only uses NewTransport and calls 2 operations exports, after
// 1,000 calls with mixed outcomes, exactly as many ucpaas_ series as the formula of the metrics
// package documentation gives: the start time, the instrumentation errors of the client side, one
// duration histogram (H series: 1 gathered, one per bucket plus _sum and _count stored), and per
// operation called, a requests series and a failures series per failure code seen. Prometheus
// stores at most seriesBudget of them. With metrics.WithDurationByOperation, the histogram is one
// per operation. Nothing of the server side exists.
func TestSeriesBudget(t *testing.T) {
	categories, failureCodes := map[string]bool{}, map[string]bool{}
	for _, r := range mixedReplies {
		categories[r.category] = true
		if r.code != "" {
			failureCodes[r.code] = true
		}
	}
	stages := len(metricsink.Stages())
	ops := []string{operation.SendSMS, operation.TemplateSMS}
	stored := len(metrics.DefaultDurationBuckets()) + 3 // the buckets, +Inf, _sum, _count
	tests := []struct {
		name       string
		opts       []metrics.Option
		histograms int
	}{
		{"default", nil, 1},
		{"by operation", []metrics.Option{metrics.WithDurationByOperation()}, len(ops)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			m := metrics.New(tt.opts...)
			reg.MustRegister(m)
			callMixed(t, reg, m, ops)

			perOp := 1 + len(failureCodes)
			want := 1 + stages + tt.histograms + len(ops)*perOp
			wantStored := 1 + stages + tt.histograms*stored + len(ops)*perOp
			total, err := testutil.GatherAndCount(reg)
			if err != nil {
				t.Fatal(err)
			}
			got := storedSeries(t, reg)
			t.Logf("%d calls of %d operations, %d outcomes: %d series gathered (formula %d); %d series stored by Prometheus (formula %d, budget %d)",
				budgetCalls, len(ops), len(categories), total, want, got, wantStored, seriesBudget)
			if total != want {
				t.Errorf("%d series gathered, want the formula's %d", total, want)
			}
			if got != wantStored {
				t.Errorf("%d series stored, want the formula's %d", got, wantStored)
			}
			if got > seriesBudget {
				t.Errorf("%d series stored, over the budget of %d", got, seriesBudget)
			}
			for family, want := range map[string]int{
				"ucpaas_client_requests_total":           len(ops),
				"ucpaas_client_request_duration_seconds": tt.histograms,
				"ucpaas_client_failures_total":           len(ops) * len(failureCodes),
				"ucpaas_instrumentation_errors_total":    stages,
				"ucpaas_metrics_start_time_seconds":      1,
				"ucpaas_server_requests_total":           0,
				"ucpaas_server_failures_total":           0,
			} {
				if n, err := testutil.GatherAndCount(reg, family); err != nil || n != want {
					t.Errorf("%s: %d series (%v), want %d", family, n, err, want)
				}
			}
			if got := sum(counted(t, reg, "ucpaas_client_requests_total")); got != budgetCalls {
				t.Errorf("%v calls counted, want %d", got, budgetCalls)
			}
		})
	}
}

// budgetCalls is how many calls callMixed makes.
const budgetCalls = 1000

// callMixed makes budgetCalls calls through a NewTransport with metrics m (registered on reg),
// alternating between ops (send_sms and template_sms) and cycling through mixedReplies; it checks
// that before the first call only the start time and the client's instrumentation errors exist.
func callMixed(t *testing.T, reg prometheus.Gatherer, m *metrics.Metrics, ops []string) {
	t.Helper()
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := r.Header.Get("X-Body")
		if body == "" {
			return nil, errors.New("dial tcp: i/o timeout")
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	}), WithMetrics(m), WithTracerProvider(noop.NewTracerProvider()))
	paths := map[string]string{
		operation.SendSMS:     "https://open.ucpaas.com/ol/sms/sendsms",
		operation.TemplateSMS: "https://api.ucpaas.com/2014-06-30/Accounts/2d92c6132139467b989d087c84a365d8/Messages/templateSMS",
	}
	// Built, before any call: the start time and the client's instrumentation errors.
	if n, err := testutil.GatherAndCount(reg); err != nil || n != 1+len(metricsink.Stages()) {
		t.Fatalf("series before the first call: %d (%v), want %d", n, err, 1+len(metricsink.Stages()))
	}
	for i := range budgetCalls {
		op, reply := ops[i%len(ops)], mixedReplies[(i/len(ops))%len(mixedReplies)]
		req, _ := http.NewRequest("POST", paths[op], strings.NewReader("{}"))
		req.Header.Set("X-Body", reply.body)
		if resp, err := rt.RoundTrip(req); err == nil {
			_ = resp.Body.Close()
		}
	}
}

// storedSeries is how many series Prometheus stores for what g exports: a classic histogram is
// one series per bucket (+Inf included), plus _sum and _count.
func storedSeries(t testing.TB, g prometheus.Gatherer) int {
	t.Helper()
	families, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range families {
		for _, m := range f.GetMetric() {
			if h := m.GetHistogram(); h != nil {
				n += len(h.GetBucket()) + 3 // the buckets, +Inf, _sum, _count
				continue
			}
			n++
		}
	}
	return n
}
