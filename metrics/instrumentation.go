package metrics

import (
	"slices"

	"github.com/ucpobs/ucpobs/internal/observation"
)

// Stage label values of the instrumentation_errors_total metric: where in the instrumentation a
// panic was recovered.
const (
	// StageOperation is the operation function (middleware.WithOperationFunc).
	StageOperation = "operation"
	// StageLevel is the level function (middleware.WithLevelFunc).
	StageLevel = "level"
	// StageLogging is the logging sink.
	StageLogging = "logging"
	// StageMetrics is the metrics sink.
	StageMetrics = "metrics"
	// StageTracing is the tracing sink.
	StageTracing = "tracing"
	// StageExtract is the reading of the return code from the reply.
	StageExtract = "extract"
	// StageOther is the stage label of any other stage name given to InstrumentationError.
	StageOther = "other"
)

// stages are the stage label values, indexed as Metrics.instrumentationCounters is.
var stages = []string{StageOperation, StageLevel, StageLogging, StageMetrics, StageTracing, StageExtract, StageOther}

// InstrumentationError counts a panic recovered in a hook or a sink, so that it shows in
// <ns>_instrumentation_errors_total{side,stage}. side is "server" for observation.Server and
// "client" for anything else; stage is one of the Stage constants, anything else counts as
// StageOther. An m that is nil or was not built by New does nothing.
func (m *Metrics) InstrumentationError(s observation.Side, stage string) {
	if m == nil || m.opNames == nil {
		return
	}
	si := 0
	if s == observation.Server {
		si = 1
	}
	i := slices.Index(stages, stage)
	if i < 0 {
		i = len(stages) - 1 // StageOther
	}
	m.instrumentationCounters[si][i].Inc()
}
