package middleware

import (
	"context"
	"fmt"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/logging"
	"github.com/ucpobs/ucpobs/operation"
)

// reporter is what NewTransport and NewHandler share: everything after the extractor. Each sink
// and each user hook runs behind a recover, so that instrumentation can never fail a call; a
// recovered panic is counted in ucpaas_instrumentation_errors_total.
type reporter struct {
	side          observation.Side
	catalog       *codes.Catalog
	logger        *logentry.Logger    // nil: no logging
	zap           *zap.Logger         // the user's logger, for recovered panics; nil: no logging
	metrics       metricsink.Recorder // nil: no metrics
	tracer        *spans.Tracer
	operationFunc func(*http.Request) string
	operations    operationNames           // the names operationFunc returned outside the closed set
	filter        func(*http.Request) bool // nil: every request is observed
	maxPeekBytes  int
	observers     []func(context.Context, Result) // the user's sinks (WithObserver)
	propagators   propagation.TextMapPropagator   // nil: the global one
}

// stageFilter is the stage a panic of the user's filter is logged with; the metric, whose stages
// are a closed set, counts it as metricsink.StageOther.
const stageFilter = "filter"

func newReporter(side observation.Side, c config) *reporter {
	rp := &reporter{
		side:          side,
		catalog:       c.catalog,
		tracer:        spans.New(c.traceProvider),
		operationFunc: c.operationFunc,
		filter:        c.filter,
		maxPeekBytes:  c.maxPeekBytes,
		observers:     c.observers,
		propagators:   c.propagators,
	}
	if c.metrics != nil {
		rp.metrics = metricsink.Attach(c.metrics, side)
	}
	if c.logger != nil {
		rp.zap = logentry.WithoutCallSite(c.logger)
		var level logging.CategoryToLevel // nil: the side's default
		if c.levels != nil {
			level = rp.safeLevel(c.levels)
		}
		rp.logger = logentry.New(rp.zap, level)
	}
	return rp
}

// observes reports whether r is to be observed, as the user's filter says; a panic in the filter
// observes the request.
func (rp *reporter) observes(r *http.Request) (ok bool) {
	if rp.filter == nil {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			ok = true
			rp.hookFailed(stageFilter, p)
		}
	}()
	return rp.filter(r)
}

// operation names the request's operation with the user's function (its result bounded by
// operationNames.bound), or the default mapping.
func (rp *reporter) operation(r *http.Request) (op string) {
	if rp.operationFunc == nil {
		return operation.FromRequest(r)
	}
	defer func() {
		if p := recover(); p != nil {
			op = operation.Other
			rp.hookFailed(metricsink.StageOperation, p)
		}
	}()
	return rp.operations.bound(rp.operationFunc(r))
}

// startSpan starts or enriches the span of a call (see spans.Tracer.Start). The server side
// first continues the caller's trace from the request headers. A panic in the TracerProvider, the
// propagator or the caller's span leaves the call untraced, and is counted.
func (rp *reporter) startSpan(ctx context.Context, h http.Header, op string) (out context.Context, span spans.Span) {
	defer func() {
		if p := recover(); p != nil {
			out, span = ctx, spans.Span{}
			rp.hookFailed(metricsink.StageTracing, p)
		}
	}()
	out = ctx
	if rp.side == observation.Server && !trace.SpanContextFromContext(out).IsValid() {
		out = spans.Extract(out, rp.propagators, h) // continue the caller's trace
	}
	return rp.tracer.Start(out, rp.side, op)
}

// safeLevel guards the user's level function: a panic in it logs at Error.
func (rp *reporter) safeLevel(f logging.CategoryToLevel) logging.CategoryToLevel {
	return func(c codes.Category) (lvl zapcore.Level) {
		defer func() {
			if p := recover(); p != nil {
				lvl = zapcore.ErrorLevel
				rp.hookFailed(metricsink.StageLevel, p)
			}
		}()
		return f(c)
	}
}

// finish reports a finished call to every sink: the span first, so that the metrics' exemplar
// and the log entry can name it; the user's observers last.
func (rp *reporter) finish(ctx context.Context, span spans.Span, o *observation.Observation) {
	rp.endSpan(span, o)
	if rp.metrics != nil {
		rp.observeMetrics(ctx, o)
	}
	if rp.logger != nil {
		rp.log(ctx, o)
	}
	if len(rp.observers) > 0 {
		rp.notifyObservers(ctx, o)
	}
}

func (rp *reporter) endSpan(span spans.Span, o *observation.Observation) {
	defer rp.recoverStage(metricsink.StageTracing)
	span.End(o)
}

func (rp *reporter) observeMetrics(ctx context.Context, o *observation.Observation) {
	defer rp.recoverStage(metricsink.StageMetrics)
	rp.metrics.Observe(ctx, *o)
}

func (rp *reporter) log(ctx context.Context, o *observation.Observation) {
	defer rp.recoverStage(metricsink.StageLogging)
	rp.logger.Log(ctx, o)
}

// recoverStage, deferred, swallows a panic of the named stage and counts it.
func (rp *reporter) recoverStage(stage string) {
	if p := recover(); p != nil {
		rp.hookFailed(stage, p)
	}
}

// hookFailed reports a recovered panic p of stage: it counts it and, unless the logger is what
// failed, logs it at Error with its value redacted (p is nil when the value was not kept). It
// must not panic itself.
func (rp *reporter) hookFailed(stage string, p any) {
	rp.countFailure(stage)
	if stage != metricsink.StageLogging {
		rp.logFailure(stage, p)
	}
}

func (rp *reporter) countFailure(stage string) {
	if rp.metrics == nil {
		return
	}
	defer func() { _ = recover() }()
	rp.metrics.InstrumentationError(stage)
}

func (rp *reporter) logFailure(stage string, p any) {
	if rp.zap == nil {
		return
	}
	defer func() { _ = recover() }()
	fields := []zap.Field{zap.String("side", string(rp.side)), zap.String("stage", stage)}
	if p != nil {
		fields = append(fields, zap.String("panic", redact.Text(fmt.Sprint(p))))
	}
	rp.zap.Error("ucpobs recovered a panic in its instrumentation; the call went on", fields...)
}
