package metrics

import (
	"maps"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

func TestWithNamespace(t *testing.T) {
	tests := []struct {
		ns     string
		prefix string
	}{
		{"acme", "acme_"},
		{"", ""},
		{"my-app", "my_app_"},
		{"9lives", "_9lives_"},
		{"短信", "___"},
		{"a:b c\xff", "a_b_c__"},
	}
	for _, tt := range tests {
		t.Run(tt.ns, func(t *testing.T) {
			m := New(WithNamespace(tt.ns))
			observe(t.Context(), m, newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode)))
			observe(t.Context(), m, newObservation(observation.Server, operation.SendSMS, time.Second, withCode(balanceCode)))
			var names []string
			for _, mf := range gather(t, m) {
				names = append(names, mf.GetName())
			}
			want := []string{
				tt.prefix + "client_failures_total", tt.prefix + "client_request_duration_seconds", tt.prefix + "client_requests_total",
				tt.prefix + "instrumentation_errors_total", tt.prefix + "metrics_start_time_seconds",
				tt.prefix + "server_failures_total", tt.prefix + "server_request_duration_seconds", tt.prefix + "server_requests_total",
			}
			if !slices.Equal(names, want) {
				t.Errorf("families = %v, want %v", names, want)
			}
		})
	}
}

func TestTwoNamespacesOnOneRegistry(t *testing.T) {
	a, b := New(), New(WithNamespace("gateway"))
	reg := testkit.Registry(t, a, b)
	observe(t.Context(), a, newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode)))
	observe(t.Context(), b, newObservation(observation.Client, operation.SendSMS, time.Second, withCode(authCode)))
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	if got := sum(mfs, "ucpaas_client_failures_total"); got != 1 {
		t.Errorf("ucpaas failures = %v, want 1", got)
	}
	if got := sum(mfs, "gateway_client_failures_total"); got != 1 {
		t.Errorf("gateway failures = %v, want 1", got)
	}
	// Per Metrics: the start time, the client's instrumentation errors, and one requests,
	// failures and duration series.
	if got, want := testkit.SeriesCount(mfs), 2*(1+len(stages)+3); got != want {
		t.Errorf("series = %d, want %d", got, want)
	}
	if err := reg.Register(New()); err == nil {
		t.Error("registering a second metrics with the same namespace succeeded, want an error")
	}
}

func TestWithDurationBuckets(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want []float64
	}{
		{"default", nil, []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}},
		{"as given", []float64{0.2, 0.4, 0.8}, []float64{0.2, 0.4, 0.8}},
		{"sorted and deduplicated", []float64{3, 1, 2, 1}, []float64{1, 2, 3}},
		{"NaN and infinities dropped", []float64{math.NaN(), 0.5, math.Inf(1), math.Inf(-1)}, []float64{0.5}},
		{"empty keeps the default", []float64{}, DefaultDurationBuckets()},
		{"nothing usable keeps the default", []float64{math.NaN()}, DefaultDurationBuckets()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.in != nil {
				opts = append(opts, WithDurationBuckets(tt.in))
			}
			m := New(opts...)
			for _, s := range []observation.Side{observation.Client, observation.Server} {
				observe(t.Context(), m, newObservation(s, operation.SendSMS, time.Second, withCode("000000")))
			}
			mfs := gather(t, m)
			for _, name := range []string{"ucpaas_client_request_duration_seconds", "ucpaas_server_request_duration_seconds"} {
				var got []float64
				for _, b := range testkit.Family(mfs, name).GetMetric()[0].GetHistogram().GetBucket() {
					got = append(got, b.GetUpperBound())
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("%s buckets = %v, want %v", name, got, tt.want)
				}
			}
		})
	}
}

func TestWithDurationBucketsCopiesItsArgument(t *testing.T) {
	b := []float64{1, 2}
	opt := WithDurationBuckets(b)
	b[0] = 100
	m := New(opt)
	observe(t.Context(), m, newObservation(observation.Client, operation.SendSMS, time.Second, withCode("000000")))
	if got := testkit.Family(gather(t, m), "ucpaas_client_request_duration_seconds").GetMetric()[0].GetHistogram().GetBucket()[0].GetUpperBound(); got != 1 {
		t.Errorf("first bucket = %v, want 1", got)
	}
}

func TestWithNativeHistograms(t *testing.T) {
	tests := []struct {
		name       string
		opts       []Option
		wantNative bool
		wantSchema int32
	}{
		{"off by default", nil, false, 0},
		{"factor 1.1", []Option{WithNativeHistograms(1.1)}, true, 3},
		{"factor 2", []Option{WithNativeHistograms(2)}, true, 0},
		{"factor 1 leaves it off", []Option{WithNativeHistograms(1)}, false, 0},
		{"NaN leaves it off", []Option{WithNativeHistograms(math.NaN())}, false, 0},
		{"a later bad factor turns it off", []Option{WithNativeHistograms(1.1), WithNativeHistograms(0.5)}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.opts...)
			for _, s := range []observation.Side{observation.Client, observation.Server} {
				observe(t.Context(), m, newObservation(s, operation.SendSMS, 300*time.Millisecond, withCode(balanceCode)))
			}
			mfs := gather(t, m)
			for _, name := range []string{"ucpaas_client_request_duration_seconds", "ucpaas_server_request_duration_seconds"} {
				h := testkit.Family(mfs, name).GetMetric()[0].GetHistogram()
				if got := h.Schema != nil; got != tt.wantNative {
					t.Fatalf("%s native = %v, want %v", name, got, tt.wantNative)
				}
				if len(h.GetBucket()) != len(DefaultDurationBuckets()) {
					t.Errorf("%s has %d classic buckets, want %d kept", name, len(h.GetBucket()), len(DefaultDurationBuckets()))
				}
				if !tt.wantNative {
					continue
				}
				if h.GetSchema() != tt.wantSchema {
					t.Errorf("%s schema = %d, want %d", name, h.GetSchema(), tt.wantSchema)
				}
				if n := len(h.GetPositiveSpan()); n != 1 || h.GetPositiveDelta()[0] != 1 {
					t.Errorf("%s positive spans %v deltas %v, want the one observation in one bucket", name, h.GetPositiveSpan(), h.GetPositiveDelta())
				}
			}
		})
	}
}

// TestOperationNamesAsGiven: the metrics count an operation under the name the middleware gave
// it (the middleware bounds the names of its operation function); only a name no label value may
// be becomes other.
func TestOperationNamesAsGiven(t *testing.T) {
	m := New()
	ctx := t.Context()
	for _, op := range []string{"my_gateway_op", operation.SendSMS, operation.VariableSMS, "", "\xff\xfe", operation.Other} {
		observe(ctx, m, newObservation(observation.Client, op, time.Second, withCode("000000")))
	}
	mfs := gather(t, m)
	for op, want := range map[string]float64{"my_gateway_op": 1, "send_sms": 1, "variable_sms": 1, "other": 3} {
		s := testkit.Find(mfs, "ucpaas_client_requests_total", map[string]string{"operation": op})
		if got := s.GetCounter().GetValue(); got != want {
			t.Errorf("requests{operation=%q} = %v, want %v", op, got, want)
		}
	}
}

func TestNilOptionIgnored(t *testing.T) {
	mfs := gather(t, New(nil, WithNamespace("acme"), nil))
	if len(mfs) != 1 || mfs[0].GetName() != "acme_metrics_start_time_seconds" {
		t.Errorf("families %v, want only acme_metrics_start_time_seconds", mfs)
	}
}

// TestWithDurationByOperation: without the option each side has one duration histogram, with no
// label, holding every call; with it, one per operation seen, labelled operation. Neither has a
// category label.
func TestWithDurationByOperation(t *testing.T) {
	calls := []struct {
		side observation.Side
		op   string
		out  outcome
	}{
		{observation.Client, operation.SendSMS, withCode("000000")},
		{observation.Client, operation.SendSMS, withCode(balanceCode)},
		{observation.Client, operation.SendSMS, withTransportError()},
		{observation.Client, operation.TemplateSMS, withCode("000000")},
		{observation.Client, "my_op", withoutCode()},
		{observation.Server, operation.SendSMS, withCode(authCode)},
	}
	tests := []struct {
		name string
		opts []Option
		want map[string]map[string]uint64 // family → operation label ("" for none) → sample count
	}{
		{"default", nil, map[string]map[string]uint64{
			"ucpaas_client_request_duration_seconds": {"": 5},
			"ucpaas_server_request_duration_seconds": {"": 1},
		}},
		{"by operation", []Option{WithDurationByOperation()}, map[string]map[string]uint64{
			"ucpaas_client_request_duration_seconds": {"send_sms": 3, "template_sms": 1, "my_op": 1},
			"ucpaas_server_request_duration_seconds": {"send_sms": 1},
		}},
		{"nil option after it", []Option{WithDurationByOperation(), nil}, map[string]map[string]uint64{
			"ucpaas_client_request_duration_seconds": {"send_sms": 3, "template_sms": 1, "my_op": 1},
			"ucpaas_server_request_duration_seconds": {"send_sms": 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.opts...)
			for _, c := range calls {
				observe(t.Context(), m, newObservation(c.side, c.op, time.Second, c.out))
			}
			mfs := gather(t, m)
			for family, want := range tt.want {
				got := map[string]uint64{}
				for _, s := range testkit.Family(mfs, family).GetMetric() {
					op := ""
					for _, l := range s.GetLabel() {
						if l.GetName() != "operation" {
							t.Errorf("%s has label %s, want operation at most", family, l.GetName())
						}
						op = l.GetValue()
					}
					got[op] = s.GetHistogram().GetSampleCount()
				}
				if !maps.Equal(got, want) {
					t.Errorf("%s sample counts by operation = %v, want %v", family, got, want)
				}
			}
		})
	}
}
