package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/operation"
)

func BenchmarkObserve(b *testing.B) {
	tests := []struct {
		name string
		ctx  context.Context
		o    *observation.Observation
	}{
		{"ok", context.Background(), newObservation(observation.Client, operation.SendSMS, 80*time.Millisecond, withCode("000000"))},
		{"failure", context.Background(), newObservation(observation.Client, operation.SendSMS, 80*time.Millisecond, withCode(balanceCode))},
		{"failure_exemplar", remoteSampled(b), newObservation(observation.Client, operation.SendSMS, 80*time.Millisecond, withCode(balanceCode))},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			r := New().attach(tt.o.Side)
			b.ReportAllocs()
			for b.Loop() {
				r.Observe(tt.ctx, *tt.o)
			}
		})
		b.Run(tt.name+"_parallel", func(b *testing.B) {
			r := New().attach(tt.o.Side)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r.Observe(tt.ctx, *tt.o)
				}
			})
		})
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New()
	}
}

// BenchmarkBaselineWithLabelValues is what Observe would cost for a success if it resolved its
// series by label values on every call, as most instrumentation does.
func BenchmarkBaselineWithLabelValues(b *testing.B) {
	m := New()
	o := newObservation(observation.Client, operation.SendSMS, 80*time.Millisecond, withCode("000000"))
	b.ReportAllocs()
	for b.Loop() {
		m.client.requests.WithLabelValues(o.Operation, string(o.Category)).Inc()
		m.client.durations.WithLabelValues(o.Operation, string(o.Category)).Observe(o.Duration.Seconds())
	}
}
