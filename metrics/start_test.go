package metrics

import (
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

func TestStartTime(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string // family name
	}{
		{"default namespace", nil, "ucpaas_metrics_start_time_seconds"},
		{"own namespace", []Option{WithNamespace("gateway")}, "gateway_metrics_start_time_seconds"},
		{"no namespace", []Option{WithNamespace("")}, "metrics_start_time_seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := float64(time.Now().UnixNano()) / 1e9
			m := New(tt.opts...)
			after := float64(time.Now().UnixNano()) / 1e9
			// Observations and instrumentation errors leave it alone: it says when counting began.
			observe(t.Context(), m, newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode)))
			panicked(m, observation.Server, metricsink.StageMetrics)
			mf := testkit.Family(gather(t, m), tt.want)
			if mf == nil {
				t.Fatalf("no family %s", tt.want)
			}
			if got := len(mf.GetMetric()); got != 1 {
				t.Fatalf("%s has %d series, want 1", tt.want, got)
			}
			s := mf.GetMetric()[0]
			if len(s.GetLabel()) != 0 {
				t.Errorf("%s has labels %v, want none", tt.want, s.GetLabel())
			}
			if s.GetGauge() == nil {
				t.Fatalf("%s is not a gauge: %v", tt.want, s)
			}
			if got := s.GetGauge().GetValue(); got < before || got > after {
				t.Errorf("%s = %f, want the time New ran, in [%f, %f]", tt.want, got, before, after)
			}
		})
	}
}

func TestStartTimeDiffersPerCollector(t *testing.T) {
	a := New()
	time.Sleep(10 * time.Millisecond)
	b := New(WithNamespace("b"))
	va := testkit.Family(gather(t, a), "ucpaas_metrics_start_time_seconds").GetMetric()[0].GetGauge().GetValue()
	vb := testkit.Family(gather(t, b), "b_metrics_start_time_seconds").GetMetric()[0].GetGauge().GetValue()
	if d := vb - va; d < 0.01 {
		t.Errorf("start times %f and %f are %fs apart, want at least the 10ms between the two New calls", va, vb, d)
	}
}
