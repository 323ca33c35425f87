package metrics

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

func TestObserveOutcomes(t *testing.T) {
	forged := func(value string, c codes.Category) outcome {
		return func(o *observation.Observation) {
			o.ReplyCode, o.CatalogEntry, o.Category = value, codes.Code{Value: value, Category: c}, c
		}
	}
	invalidCategory := func(o *observation.Observation) { o.ReplyCode, o.Category = "123", codes.Category("bogus") }
	tests := []struct {
		name     string
		side     observation.Side
		op       string
		d        time.Duration
		out      outcome
		wantOp   string
		wantCode string // "" for a success: no failure series moves
		wantCat  string
		wantSecs float64
	}{
		{"ok", observation.Client, operation.SendSMS, 50 * time.Millisecond, withCode("000000"), "send_sms", "", "ok", 0.05},
		{"ok numeric zero", observation.Client, operation.SendSMS, time.Second, withCode("0"), "send_sms", "", "ok", 1},
		{"balance", observation.Client, operation.TemplateSMS, 2 * time.Second, withCode(balanceCode), "template_sms", balanceCode, "balance", 2},
		{"validation", observation.Client, operation.SendSMS, time.Second, withCode(validationCode), "send_sms", validationCode, "validation", 1},
		{"code the catalog lacks", observation.Client, operation.SendSMS, time.Second, withCode("999999"), "send_sms", "other", "unknown", 1},
		{"unparsed", observation.Client, operation.SendSMS, time.Second, withoutCode(), "send_sms", "none", "unparsed", 1},
		{"transport", observation.Client, operation.SendSMS, 30 * time.Second, withTransportError(), "send_sms", "transport", "transport", 30},
		{"server balance", observation.Server, operation.SendSMS, time.Second, withCode(balanceCode), "send_sms", balanceCode, "balance", 1},
		{"server ok", observation.Server, operation.CreateClient, time.Second, withCode("000000"), "create_client", "", "ok", 1},
		{"invalid category", observation.Client, operation.SendSMS, time.Second, invalidCategory, "send_sms", "other", "unknown", 1},
		{"forged code label", observation.Client, operation.SendSMS, time.Second, forged("10000x", codes.CategoryValidation), "send_sms", "other", "validation", 1},
		{"forged word label", observation.Client, operation.SendSMS, time.Second, forged("password", codes.CategoryAuth), "send_sms", "other", "auth", 1},
		{"negative duration", observation.Client, operation.SendSMS, -time.Second, withCode(authCode), "send_sms", authCode, "auth", 0},
		{"another known operation", observation.Client, operation.VariableSMS, time.Second, withCode(authCode), "variable_sms", authCode, "auth", 1},
		{"operation the middleware named", observation.Client, "my_op", time.Second, withCode(authCode), "my_op", authCode, "auth", 1},
		{"server operation the middleware named", observation.Server, "v1_xyz_4711", time.Second, withCode("000000"), "v1_xyz_4711", "", "ok", 1},
		{"empty operation", observation.Client, "", time.Second, withCode(authCode), "other", authCode, "auth", 1},
		{"operation not valid UTF-8", observation.Server, "send\xffsms", time.Second, withCode("000000"), "other", "", "ok", 1},
		{"empty side is client", "", operation.SendSMS, time.Second, withCode("000000"), "send_sms", "", "ok", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New()
			observe(context.Background(), m, newObservation(tt.side, tt.op, tt.d, tt.out))

			s, other := m.client, m.server
			prefix, otherPrefix := "ucpaas_client_", "ucpaas_server_"
			if tt.side == observation.Server {
				s, other = m.server, m.client
				prefix, otherPrefix = otherPrefix, prefix
			}
			if got := testutil.ToFloat64(s.requests.WithLabelValues(tt.wantOp)); got != 1 {
				t.Errorf("requests{%s} = %v, want 1", tt.wantOp, got)
			}
			mfs := gather(t, m)
			if got := sum(mfs, prefix+"requests_total"); got != 1 {
				t.Errorf("sum of %srequests_total = %v, want 1", prefix, got)
			}
			wantFailures := 0.0
			if tt.wantCode != "" {
				wantFailures = 1
				if got := testutil.ToFloat64(s.failures.WithLabelValues(tt.wantOp, tt.wantCode, tt.wantCat)); got != 1 {
					t.Errorf("failures{%s,%s,%s} = %v, want 1", tt.wantOp, tt.wantCode, tt.wantCat, got)
				}
			}
			if got := sum(mfs, prefix+"failures_total"); got != wantFailures {
				t.Errorf("sum of %sfailures_total = %v, want %v", prefix, got, wantFailures)
			}
			h := testkit.Find(mfs, prefix+"request_duration_seconds", map[string]string{})
			if h == nil {
				t.Fatalf("no %srequest_duration_seconds{}", prefix)
			}
			if h.GetHistogram().GetSampleCount() != 1 || h.GetHistogram().GetSampleSum() != tt.wantSecs {
				t.Errorf("histogram count %d sum %v, want 1 and %v", h.GetHistogram().GetSampleCount(), h.GetHistogram().GetSampleSum(), tt.wantSecs)
			}
			for _, name := range []string{"requests_total", "failures_total"} {
				if got := sum(mfs, otherPrefix+name); got != 0 {
					t.Errorf("sum of %s%s = %v, want 0: the other side moved", otherPrefix, name, got)
				}
			}
			if got := testutil.CollectAndCount(other.durations); got != 0 {
				t.Errorf("other side has %d histogram series, want 0", got)
			}
		})
	}
}

func TestObserveExposition(t *testing.T) {
	// Nothing but the instrumentation errors of the attached sides is pre-initialised; every
	// operation is counted under the name the middleware gave it; the duration histograms have no
	// label, or the operation with WithDurationByOperation.
	tests := []struct {
		file string
		opts []Option
	}{
		{"exposition.prom", nil},
		{"exposition_by_operation.prom", []Option{WithDurationByOperation()}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := New(append(tt.opts, WithDurationBuckets([]float64{0.1, 1}))...)
			ctx := context.Background()
			observe(ctx, m, newObservation(observation.Client, operation.SendSMS, 50*time.Millisecond, withCode("000000")))
			observe(ctx, m, newObservation(observation.Client, operation.SendSMS, 2*time.Second, withCode(balanceCode)))
			observe(ctx, m, newObservation(observation.Client, "unheard_of", 500*time.Millisecond, withCode("999999")))
			observe(ctx, m, newObservation(observation.Server, operation.SendSMS, 250*time.Millisecond, withoutCode()))
			panicked(m, observation.Server, metricsink.StageLogging)

			want, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer want.Close()
			// Every family but the start time, whose value is the clock's (TestStartTime checks it).
			families := []string{
				"ucpaas_client_failures_total", "ucpaas_client_request_duration_seconds", "ucpaas_client_requests_total",
				"ucpaas_instrumentation_errors_total",
				"ucpaas_server_failures_total", "ucpaas_server_request_duration_seconds", "ucpaas_server_requests_total",
			}
			if err := testutil.CollectAndCompare(m, want, families...); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestObserveNilSafety(t *testing.T) {
	o := newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode))
	// A middleware given a nil or zero Metrics gets no recorder: it counts nothing.
	var nilMetrics *Metrics
	var zero Metrics
	for _, m := range []any{nil, nilMetrics, &zero, zero, "metrics"} {
		if r := metricsink.Attach(m, observation.Client); r != nil {
			t.Errorf("Attach(%#v) = %#v, want nil", m, r)
		}
	}
	if got := testkit.SeriesCount(gather(t, &zero)); got != 0 {
		t.Errorf("a zero Metrics collected %d series, want 0", got)
	}

	m := New()
	var noContext context.Context // a nil context is bad input that Observe must survive
	observe(noContext, m, o)      //nolint:staticcheck // deliberately nil

	if got := sum(gather(t, m), "ucpaas_client_failures_total"); got != 1 {
		t.Errorf("failures after a nil observation and a nil context = %v, want 1", got)
	}
}

func TestHelpTextsNameTheirLabels(t *testing.T) {
	for _, mf := range everyFamily(t) {
		for _, lp := range mf.GetMetric()[0].GetLabel() {
			if !strings.Contains(mf.GetHelp(), lp.GetName()+":") {
				t.Errorf("help of %s does not explain label %q: %q", mf.GetName(), lp.GetName(), mf.GetHelp())
			}
		}
	}
}

// sum adds up the values of every counter series of family name.
func sum(mfs []*dto.MetricFamily, name string) float64 {
	total := 0.0
	if mf := testkit.Family(mfs, name); mf != nil {
		for _, m := range mf.GetMetric() {
			total += m.GetCounter().GetValue()
		}
	}
	return total
}

// TestObserveHijacked: a hijacked connection (a WebSocket upgrade) and a reply not read for a
// code (a redirect hop, a 204) are requests, never failures.
func TestObserveHijacked(t *testing.T) {
	for _, mark := range []func(*observation.Observation){
		func(o *observation.Observation) { o.Hijacked = true },
		func(o *observation.Observation) { o.NotRead = true },
	} {
		m := New()
		o := newObservation(observation.Server, operation.Other, time.Second, withoutCode())
		mark(o)
		observe(context.Background(), m, o)
		mfs := gather(t, m)
		if got := sum(mfs, "ucpaas_server_failures_total"); got != 0 {
			t.Errorf("failures = %v, want 0 for %+v", got, o)
		}
		if got := testkit.Find(mfs, "ucpaas_server_requests_total", map[string]string{"operation": "other"}).GetCounter().GetValue(); got != 1 {
			t.Errorf("requests{other} = %v, want 1", got)
		}
		if got := testkit.Find(mfs, "ucpaas_server_request_duration_seconds", map[string]string{}).GetHistogram().GetSampleCount(); got != 1 {
			t.Errorf("durations observed = %v, want 1", got)
		}
	}
}

// everyFamily returns what a Metrics gathers once each of its families has a series: a failed
// batch send with a recipient result and an account balance, on both sides.
func everyFamily(t *testing.T) []*dto.MetricFamily {
	t.Helper()
	m := New()
	for _, side := range []observation.Side{observation.Client, observation.Server} {
		o := newObservation(side, operation.SendSMSBatch, time.Second, withCode(balanceCode))
		o.Recipients = &observation.Recipients{N: 1}
		o.Recipients.Outcomes[0] = observation.RecipientOutcome{MetricCode: balanceCode, Category: codes.CategoryBalance, Count: 1}
		o.HasBalance, o.Account, o.Balance = true, "8a48****7d2f", 1
		observe(context.Background(), m, o)
	}
	mfs := gather(t, m)
	if len(mfs) != len(m.collectors) {
		t.Fatalf("%d families gathered, want every one of the %d", len(mfs), len(m.collectors))
	}
	return mfs
}

func TestLint(t *testing.T) {
	problems, err := testutil.GatherAndLint(prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		return everyFamily(t), nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}
