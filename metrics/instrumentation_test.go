package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

func TestInstrumentationError(t *testing.T) {
	tests := []struct {
		side      observation.Side
		stage     string
		wantSide  string
		wantStage string
	}{
		{observation.Client, metricsink.StageOperation, "client", "operation"},
		{observation.Client, metricsink.StageLevel, "client", "level"},
		{observation.Server, metricsink.StageLogging, "server", "logging"},
		{observation.Server, metricsink.StageMetrics, "server", "metrics"},
		{observation.Client, metricsink.StageTracing, "client", "tracing"},
		{observation.Server, metricsink.StageExtract, "server", "extract"},
		{observation.Client, metricsink.StageObserver, "client", "observer"},
		{observation.Client, metricsink.StageOther, "client", "other"},
		{observation.Server, "Logging", "server", "other"},
		{observation.Client, "", "client", "other"},
		{observation.Side("proxy"), metricsink.StageTracing, "client", "tracing"},
	}
	for _, tt := range tests {
		t.Run(string(tt.side)+"/"+tt.stage, func(t *testing.T) {
			m := New()
			panicked(m, tt.side, tt.stage)
			panicked(m, tt.side, tt.stage)
			if got := testutil.ToFloat64(m.client.instrumentation.WithLabelValues(tt.wantSide, tt.wantStage)); got != 2 {
				t.Errorf("instrumentation_errors_total{side=%q,stage=%q} = %v, want 2", tt.wantSide, tt.wantStage, got)
			}
			if got := sum(gather(t, m), "ucpaas_instrumentation_errors_total"); got != 2 {
				t.Errorf("sum = %v, want 2", got)
			}
			// Only the side a middleware was attached to has series: every stage of it, at zero
			// but the one that panicked.
			if got := testutil.CollectAndCount(m.client.instrumentation); got != len(stages) {
				t.Errorf("%d series, want %d", got, len(stages))
			}
		})
	}
}
