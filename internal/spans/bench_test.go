package spans_test

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
)

// BenchmarkStartEnd measures one observed call's span with the SDK tracer (sampled, no exporter).
func BenchmarkStartEnd(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tr := spans.New(tp)
	ok := obsWith(b, entry("000000", codes.CategoryOK, "OK"))
	failure := obsWith(b, entry("100001", codes.CategoryBalance, "Insufficient balance"))

	run := func(b *testing.B, ctx context.Context, o *observation.Observation) {
		b.ReportAllocs()
		for b.Loop() {
			_, span := tr.Start(ctx, observation.Client, "template_sms")
			span.End(o)
		}
	}
	b.Run("owned_ok", func(b *testing.B) { run(b, context.Background(), ok) })
	b.Run("owned_failure", func(b *testing.B) { run(b, context.Background(), failure) })
	// The caller's span is started and ended in the loop too: its cost is otelhttp's, not ours,
	// and parent_only measures it alone.
	caller := tp.Tracer("caller")
	b.Run("parent_only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, parent := caller.Start(context.Background(), "caller")
			parent.End()
		}
	})
	b.Run("enriched_failure", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ctx, parent := caller.Start(context.Background(), "caller")
			_, span := tr.Start(ctx, observation.Client, "template_sms")
			span.End(failure)
			parent.End()
		}
	})
}
