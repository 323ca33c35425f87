package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/internal/observation"
)

func TestInstrumentationError(t *testing.T) {
	tests := []struct {
		side      observation.Side
		stage     string
		wantSide  string
		wantStage string
	}{
		{observation.Client, StageOperation, "client", "operation"},
		{observation.Client, StageLevel, "client", "level"},
		{observation.Server, StageLogging, "server", "logging"},
		{observation.Server, StageMetrics, "server", "metrics"},
		{observation.Client, StageTracing, "client", "tracing"},
		{observation.Server, StageExtract, "server", "extract"},
		{observation.Client, StageOther, "client", "other"},
		{observation.Server, "Logging", "server", "other"},
		{observation.Client, "", "client", "other"},
		{observation.Side("proxy"), StageTracing, "client", "tracing"},
	}
	for _, tt := range tests {
		t.Run(string(tt.side)+"/"+tt.stage, func(t *testing.T) {
			m := New(WithOperations())
			m.InstrumentationError(tt.side, tt.stage)
			m.InstrumentationError(tt.side, tt.stage)
			if got := testutil.ToFloat64(m.instrumentation.WithLabelValues(tt.wantSide, tt.wantStage)); got != 2 {
				t.Errorf("instrumentation_errors_total{side=%q,stage=%q} = %v, want 2", tt.wantSide, tt.wantStage, got)
			}
			if got := sum(gather(t, m), "ucpaas_instrumentation_errors_total"); got != 2 {
				t.Errorf("sum = %v, want 2", got)
			}
			if got := testutil.CollectAndCount(m.instrumentation); got != 2*len(stages) {
				t.Errorf("%d series, want %d", got, 2*len(stages))
			}
		})
	}
}
