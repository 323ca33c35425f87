package metrics

import (
	"context"
	"slices"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// recorder is a Metrics bound to the side of one middleware (metricsink.Recorder).
type recorder struct {
	m *Metrics
	s *side
}

var _ metricsink.Recorder = (*recorder)(nil)

// Observe counts one observed call of the recorder's side: its requests series and its duration,
// and, when it failed (observation.Observation.Failed), its failures series. A hijacked
// connection (a WebSocket or other upgrade) and a reply not read for a code (a redirect hop, a
// 204, …) are no answers in the platform's format: they are counted as requests and durations,
// never as failures. The operation label is o.Operation as the middleware named it (the
// middleware bounds the names its operation function returns), operation.Other when empty; a
// category that is not valid counts as codes.CategoryUnknown, and a code label that is neither
// six digits nor other, none or transport as other. A negative duration counts as zero. When the
// call failed and ctx holds a sampled span, the failure increment carries the exemplar
// {trace_id="<the span's trace ID>"} at most once a second for each (side, operation, category),
// and the duration at most once a second for each duration series (the side's, or the
// operation's with WithDurationByOperation). The recipient results of a batch reply
// (o.Recipients) go to the recipients series, and a balance (o.HasBalance) to the account
// balance gauge.
func (r *recorder) Observe(ctx context.Context, o observation.Observation) {
	s := r.s
	op := s.operation(operationLabel(o.Operation))

	op.requests.get(func() prometheus.Counter { return s.requests.WithLabelValues(op.name) }).Inc()
	if o.Recipients != nil {
		observeRecipients(s, op, o.Recipients)
	}
	if o.HasBalance {
		r.m.balance.set(o.Account, o.Balance)
	}
	seconds := max(o.Duration.Seconds(), 0)
	d := op.duration
	duration := d.observer.get(func() prometheus.Observer { return s.durations.WithLabelValues(d.labels...) })
	if !o.Failed() {
		duration.Observe(seconds)
		return
	}
	cat := categoryOf(o.Category)
	cs := &op.cats[cat]
	code := codeLabel(&o)
	catName := string(categories[cat])
	failure := cs.failures.get(code, func() prometheus.Counter { return s.failures.WithLabelValues(op.name, code, catName) })
	traceID, sampled := sampledTrace(ctx)
	if !sampled {
		failure.Inc()
		duration.Observe(seconds)
		return
	}
	now := time.Now().UnixNano()
	var ex prometheus.Labels
	if due(&cs.exemplarAt, now) {
		ex = prometheus.Labels{"trace_id": traceID.String()}
		failure.(prometheus.ExemplarAdder).AddWithExemplar(1, ex)
	} else {
		failure.Inc()
	}
	if due(&d.exemplarAt, now) {
		if ex == nil {
			ex = prometheus.Labels{"trace_id": traceID.String()}
		}
		duration.(prometheus.ExemplarObserver).ObserveWithExemplar(seconds, ex)
	} else {
		duration.Observe(seconds)
	}
}

// InstrumentationError counts a panic recovered in a stage of the recorder's middleware, in
// <ns>_instrumentation_errors_total{side,stage}; a stage that is none of metricsink.Stages()
// counts as metricsink.StageOther.
func (r *recorder) InstrumentationError(stage string) {
	i := slices.Index(stages, stage)
	if i < 0 {
		i = len(stages) - 1 // StageOther
	}
	(*r.s.stageCounters.Load())[i].Inc()
}

// exemplarInterval is how often, at most, a series (a failure series of one (side, operation,
// category), a duration series) gets a new exemplar. Prometheus keeps the latest exemplar of a
// series per scrape, so replacing it more often than scrapes happen only costs time (an exemplar
// costs more than the rest of Observe).
const exemplarInterval = time.Second

// sampledTrace returns the trace ID of the sampled span in ctx, and whether there is one.
func sampledTrace(ctx context.Context) (trace.TraceID, bool) {
	if ctx == nil {
		return trace.TraceID{}, false
	}
	sc := trace.SpanContextFromContext(ctx)
	return sc.TraceID(), sc.IsValid() && sc.IsSampled()
}

// due reports whether the series whose last exemplar time (Unix ns) is last may get an exemplar at
// now: it got none for exemplarInterval; if so, now becomes its last exemplar time.
func due(last *atomic.Int64, now int64) bool {
	prev := last.Load()
	if prev != 0 && now-prev < int64(exemplarInterval) {
		return false
	}
	return last.CompareAndSwap(prev, now)
}

// observeRecipients counts the recipient results of one batch reply of operation op.
func observeRecipients(s *side, op *opSeries, r *observation.Recipients) {
	for i := range r.Outcomes[:r.N] {
		out := &r.Outcomes[i]
		addRecipients(s, op, categoryOf(out.Category), sanitizeCode(out.MetricCode), float64(out.Count))
	}
	if r.Overflow > 0 {
		addRecipients(s, op, unknownIndex, observation.LabelOther, float64(r.Overflow))
	}
}

// addRecipients adds n recipient results of category index cat and code label code.
func addRecipients(s *side, op *opSeries, cat int, code string, n float64) {
	if n <= 0 {
		return
	}
	cs := &op.cats[cat]
	catName := string(categories[cat])
	cs.recipients.get(func() prometheus.Counter { return s.recipients.WithLabelValues(op.name, catName) }).Add(n)
	if cat != okIndex {
		cs.recipientFailures.get(code, func() prometheus.Counter {
			return s.recipientFailures.WithLabelValues(op.name, code, catName)
		}).Add(n)
	}
}
