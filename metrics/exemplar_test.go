package metrics

import (
	"context"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

// spanContext returns a context holding a span of a tracer provider with sampler, and the span's
// trace ID.
func spanContext(t *testing.T, sampler sdktrace.Sampler) (context.Context, string) {
	t.Helper()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithSpanProcessor(tracetest.NewSpanRecorder()))
	t.Cleanup(func() {
		if err := tp.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	ctx, span := tp.Tracer("metrics_test").Start(t.Context(), "call")
	t.Cleanup(func() { span.End() })
	return ctx, span.SpanContext().TraceID().String()
}

func TestExemplars(t *testing.T) {
	sampledCtx, sampledID := spanContext(t, sdktrace.AlwaysSample())
	unsampledCtx, _ := spanContext(t, sdktrace.NeverSample())
	tests := []struct {
		name string
		ctx  context.Context
		side observation.Side
		out  outcome
		want string // trace_id of the exemplar, "" for none
	}{
		{"failure in a sampled span", sampledCtx, observation.Client, withCode(balanceCode), sampledID},
		{"server failure in a sampled span", sampledCtx, observation.Server, withTransportError(), sampledID},
		{"unknown code in a sampled span", sampledCtx, observation.Client, withCode("999999"), sampledID},
		{"success in a sampled span", sampledCtx, observation.Client, withCode("000000"), ""},
		{"failure in an unsampled span", unsampledCtx, observation.Client, withCode(balanceCode), ""},
		{"failure without a span", context.Background(), observation.Client, withCode(balanceCode), ""},
		{"failure with a remote sampled span context", remoteSampled(t), observation.Client, withCode(authCode), "0102030405060708090a0b0c0d0e0f10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(WithNativeHistograms(1.1))
			o := newObservation(tt.side, operation.SendSMS, 700*time.Millisecond, tt.out)
			observe(tt.ctx, m, o)
			prefix := "ucpaas_" + string(tt.side) + "_"
			mfs := gather(t, m)

			var exemplars []*dto.Exemplar
			for _, s := range testkit.Family(mfs, prefix+"failures_total").GetMetric() {
				if e := s.GetCounter().GetExemplar(); e != nil {
					exemplars = append(exemplars, e)
				}
			}
			for _, name := range []string{prefix + "requests_total", "ucpaas_instrumentation_errors_total"} {
				for _, s := range testkit.Family(mfs, name).GetMetric() {
					if s.GetCounter().GetExemplar() != nil {
						t.Errorf("%s%v has an exemplar, want none", name, s.GetLabel())
					}
				}
			}
			h := testkit.Family(mfs, prefix+"request_duration_seconds").GetMetric()[0].GetHistogram()
			for _, b := range h.GetBucket() {
				if e := b.GetExemplar(); e != nil {
					exemplars = append(exemplars, e)
				}
			}
			exemplars = append(exemplars, h.GetExemplars()...)

			if tt.want == "" {
				if len(exemplars) != 0 {
					t.Errorf("exemplars %v, want none", exemplars)
				}
				return
			}
			// One on the failure counter, one on the classic bucket, one on the native histogram.
			if len(exemplars) != 3 {
				t.Fatalf("%d exemplars %v, want 3", len(exemplars), exemplars)
			}
			for _, e := range exemplars {
				if len(e.GetLabel()) != 1 || e.GetLabel()[0].GetName() != "trace_id" || e.GetLabel()[0].GetValue() != tt.want {
					t.Errorf("exemplar labels %v, want exactly trace_id=%q", e.GetLabel(), tt.want)
				}
			}
			if v := exemplars[0].GetValue(); v != 1 {
				t.Errorf("counter exemplar value = %v, want 1", v)
			}
			if v := exemplars[1].GetValue(); v != 0.7 {
				t.Errorf("histogram exemplar value = %v, want 0.7", v)
			}
		})
	}
}

// remoteSampled returns a context holding a sampled span context with no SDK behind it, as a
// propagator leaves it.
func remoteSampled(t testing.TB) context.Context {
	t.Helper()
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		SpanID:     trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8},
		TraceFlags: trace.FlagsSampled,
		Remote:     true,
	})
	return trace.ContextWithSpanContext(t.Context(), sc)
}

// TestExemplarsAtMostOncePerSecond: within exemplarInterval a failure series of one (side,
// operation, category) keeps the exemplar it has, and so does a duration series (the side's one,
// or an operation's with WithDurationByOperation); another category, another duration series, or
// the same one after the interval, gets its own.
func TestExemplarsAtMostOncePerSecond(t *testing.T) {
	firstCtx, firstID := spanContext(t, sdktrace.AlwaysSample())
	secondCtx, secondID := spanContext(t, sdktrace.AlwaysSample())
	type step struct {
		ctx          context.Context
		op, code     string
		age          bool   // age every exemplar time by the interval first
		wantFailure  string // trace ID of the failure series of code afterwards
		wantDuration string // trace ID of the duration series of op afterwards
	}
	tests := []struct {
		name  string
		opts  []Option
		steps []step
	}{
		{"one histogram per side", nil, []step{
			{firstCtx, operation.SendSMS, balanceCode, false, firstID, firstID},
			{secondCtx, operation.SendSMS, balanceCode, false, firstID, firstID},
			// another category: its failure series gets one, the side's histogram keeps its own
			{secondCtx, operation.SendSMS, authCode, false, secondID, firstID},
			// another operation shares the side's histogram
			{secondCtx, operation.TemplateSMS, balanceCode, false, secondID, firstID},
			{secondCtx, operation.SendSMS, balanceCode, true, secondID, secondID},
		}},
		{"by operation", []Option{WithDurationByOperation()}, []step{
			{firstCtx, operation.SendSMS, balanceCode, false, firstID, firstID},
			{secondCtx, operation.SendSMS, authCode, false, secondID, firstID},
			// another operation has a histogram of its own
			{secondCtx, operation.TemplateSMS, balanceCode, false, secondID, secondID},
			{secondCtx, operation.SendSMS, balanceCode, true, secondID, secondID},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.opts...)
			for i, st := range tt.steps {
				if st.age {
					for _, name := range []string{operation.SendSMS, operation.TemplateSMS} {
						op := m.client.operation(name)
						op.duration.exemplarAt.Add(-int64(exemplarInterval))
						for c := range op.cats {
							op.cats[c].exemplarAt.Add(-int64(exemplarInterval))
						}
					}
				}
				observe(st.ctx, m, newObservation(observation.Client, st.op, time.Millisecond, withCode(st.code)))
				mfs := gather(t, m)
				failure := testkit.Find(mfs, "ucpaas_client_failures_total",
					map[string]string{"operation": st.op, "code": st.code, "category": categoryOfCode[st.code]})
				if got := traceID(failure.GetCounter().GetExemplar()); got != st.wantFailure {
					t.Errorf("step %d: failure exemplar %q, want %q", i, got, st.wantFailure)
				}
				labels := map[string]string{}
				if len(tt.opts) > 0 {
					labels["operation"] = st.op
				}
				var got []string
				for _, b := range testkit.Find(mfs, "ucpaas_client_request_duration_seconds", labels).GetHistogram().GetBucket() {
					if e := b.GetExemplar(); e != nil {
						got = append(got, traceID(e))
					}
				}
				if len(got) != 1 || got[0] != st.wantDuration {
					t.Errorf("step %d: duration exemplars %q, want [%q]", i, got, st.wantDuration)
				}
			}
		})
	}
}

// categoryOfCode is the category of each code the exemplar tests fail with.
var categoryOfCode = map[string]string{balanceCode: "balance", authCode: "auth"}

// traceID returns the trace_id of exemplar e, "" when there is none.
func traceID(e *dto.Exemplar) string {
	for _, p := range e.GetLabel() {
		if p.GetName() == "trace_id" {
			return p.GetValue()
		}
	}
	return ""
}
