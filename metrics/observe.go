package metrics

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
)

// Observe counts one observed call: its requests series and its duration, and, when it failed
// (observation.Observation.Failed), its failures series. A hijacked connection (a WebSocket or
// other upgrade) and a reply not read for a code (a redirect hop, a 204, …) are no answers in the
// platform's format: they are counted as requests, category unparsed, and never as failures. Observations of observation.Server go to the server_ metrics,
// all others to the client_ metrics. An operation not accepted (see WithOperations) is counted
// as operation.Other, a category that is not valid as codes.CategoryUnknown, and a code label
// that is neither six digits nor other, none or transport as other. A negative duration counts
// as zero. When the call failed and ctx holds a sampled span, the failure increment and the
// duration carry the exemplar {trace_id="<the span's trace ID>"}, at most once a second for each
// (side, operation, category). The recipient results of a batch reply (o.Recipients) go to the
// recipients series, and a balance (o.HasBalance) to the account balance gauge. A nil o, or an m
// that is nil or was not built by New, does nothing.
func (m *Metrics) Observe(ctx context.Context, o *observation.Observation) {
	if m == nil || m.opNames == nil || o == nil {
		return
	}
	s := &m.client
	if o.Side == observation.Server {
		s = &m.server
	}
	op, ok := m.opIndex[o.Operation]
	if !ok {
		op = m.otherOp
	}
	cat := categoryOf(o.Category)
	i := op*len(categories) + cat
	opName, catName := m.opNames[op], string(categories[cat])

	s.requestSlots[i].get(s.requests, opName, catName).Inc()
	if o.Recipients != nil {
		m.observeRecipients(s, op, o.Recipients)
	}
	if o.HasBalance {
		m.balance.set(o.Account, o.Balance)
	}
	seconds := max(o.Duration.Seconds(), 0)
	duration := s.durationSlots[i].get(s.durations, opName, catName)
	if cat == okIndex || !o.Failed() {
		duration.Observe(seconds)
		return
	}
	failure := s.failureTables[i].get(s.failures, opName, codeLabel(o), catName)
	if ex := exemplar(ctx, &s.exemplarAt[i]); ex != nil {
		failure.(prometheus.ExemplarAdder).AddWithExemplar(1, ex)
		duration.(prometheus.ExemplarObserver).ObserveWithExemplar(seconds, ex)
		return
	}
	failure.Inc()
	duration.Observe(seconds)
}

// exemplarInterval is how often, at most, one (side, operation, category) series gets a new
// exemplar. Prometheus keeps the latest exemplar of a series per scrape, so replacing it more
// often than scrapes happen only costs time (an exemplar costs more than the rest of Observe).
const exemplarInterval = time.Second

// exemplar returns the exemplar labels of the sampled span in ctx, or nil when there is none or
// when the slot whose last exemplar time is last got one less than exemplarInterval ago.
func exemplar(ctx context.Context, last *atomic.Int64) prometheus.Labels {
	if ctx == nil {
		return nil
	}
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() || !sc.IsSampled() {
		return nil
	}
	now := time.Now().UnixNano()
	prev := last.Load()
	if prev != 0 && now-prev < int64(exemplarInterval) || !last.CompareAndSwap(prev, now) {
		return nil
	}
	return prometheus.Labels{"trace_id": sc.TraceID().String()}
}

// observeRecipients counts the recipient results of one batch reply of operation index op.
func (m *Metrics) observeRecipients(s *side, op int, r *observation.Recipients) {
	opName := m.opNames[op]
	for i := range r.Outcomes[:r.N] {
		out := &r.Outcomes[i]
		m.addRecipients(s, op, opName, categoryOf(out.Category), sanitizeCode(out.Label), float64(out.Count))
	}
	if r.Overflow > 0 {
		m.addRecipients(s, op, opName, unknownIndex, observation.LabelOther, float64(r.Overflow))
	}
}

// addRecipients adds n recipient results of category index cat and code label code.
func (m *Metrics) addRecipients(s *side, op int, opName string, cat int, code string, n float64) {
	if n <= 0 {
		return
	}
	i := op*len(categories) + cat
	catName := string(categories[cat])
	s.recipientSlots[i].get(s.recipients, opName, catName).Add(n)
	if cat != okIndex {
		s.recipientFailureTables[i].get(s.recipientFailures, opName, code, catName).Add(n)
	}
}
