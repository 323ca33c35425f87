// Package metricsink is how the middleware records into a [metrics.Metrics] without package
// metrics exporting what only the middleware calls: counting an observed call and counting a
// panic recovered in a stage of the instrumentation.
//
// Package metrics sets Attach when it is initialised; the middleware calls it once per
// middleware, with the *metrics.Metrics given to middleware.WithMetrics.
//
// [metrics.Metrics]: https://pkg.go.dev/github.com/ucpobs/ucpobs/metrics#Metrics
package metricsink

import (
	"context"

	"github.com/ucpobs/ucpobs/internal/observation"
)

// Stage label values of <ns>_instrumentation_errors_total: where in the instrumentation a panic
// was recovered.
const (
	// StageOperation is the operation function (middleware.WithOperationFunc).
	StageOperation = "operation"
	// StageLevel is the level function (middleware.WithLevels).
	StageLevel = "level"
	// StageLogging is the logging sink.
	StageLogging = "logging"
	// StageMetrics is the metrics sink.
	StageMetrics = "metrics"
	// StageTracing is the tracing sink.
	StageTracing = "tracing"
	// StageExtract is the reading of the return code from the reply.
	StageExtract = "extract"
	// StageObserver is an observer the user added to the middleware.
	StageObserver = "observer"
	// StageOther is the stage label of any stage name that is none of the above.
	StageOther = "other"
)

// Stages returns every stage label value, StageOther last. A new slice is returned on each call.
func Stages() []string {
	return []string{StageOperation, StageLevel, StageLogging, StageMetrics, StageTracing, StageExtract, StageObserver, StageOther}
}

// Recorder is a Metrics bound to one middleware: its side, and through its observations, its
// catalog and operation names. Its methods are safe for concurrent use and never block on I/O.
type Recorder interface {
	// Observe counts one observed call of the middleware's side. o is passed by value: a pointer
	// passed through an interface would move the middleware's observation to the heap on every
	// call.
	Observe(ctx context.Context, o observation.Observation)
	// InstrumentationError counts one panic recovered in stage (one of the Stage constants;
	// anything else counts as StageOther).
	InstrumentationError(stage string)
}

// Attach binds m, the *metrics.Metrics a middleware of side s was given, to that middleware and
// returns where the middleware records; nil when m is nil or was not built by metrics.New. It is
// set by package metrics when it is initialised (the middleware imports package metrics, so it
// is set before any middleware is built).
var Attach func(m any, s observation.Side) Recorder
