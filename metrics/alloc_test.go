package metrics

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/operation"
)

func TestObserveAllocations(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	sampled := remoteSampled(t)
	tests := []struct {
		name string
		ctx  context.Context
		o    *observation.Observation
		want float64
	}{
		{"ok", context.Background(), newObservation(observation.Client, operation.SendSMS, time.Second, withCode("000000")), 0},
		{"ok in a sampled span", sampled, newObservation(observation.Client, operation.SendSMS, time.Second, withCode("000000")), 0},
		{"known code failure", context.Background(), newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode)), 0},
		{"known code failure, server", context.Background(), newObservation(observation.Server, operation.SendSMS, time.Second, withCode(validationCode)), 0},
		{"unknown code", context.Background(), newObservation(observation.Client, operation.SendSMS, time.Second, withCode("999999")), 0},
		{"unparsed", context.Background(), newObservation(observation.Client, operation.SendSMS, time.Second, withoutCode()), 0},
		{"transport", context.Background(), newObservation(observation.Client, operation.SendSMS, time.Second, withTransportError()), 0},
		{"operation the middleware named", context.Background(), newObservation(observation.Client, "v9_whatever", time.Second, withCode(balanceCode)), 0},
	}
	for _, byOperation := range []bool{false, true} {
		var opts []Option
		if byOperation {
			opts = append(opts, WithDurationByOperation())
		}
		m := New(opts...)
		recorders := map[observation.Side]*recorder{observation.Client: m.attach(observation.Client), observation.Server: m.attach(observation.Server)}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/by operation %v", tt.name, byOperation), func(t *testing.T) {
				// AllocsPerRun runs the function once before measuring: the first observation of a
				// series that was not pre-initialised creates it and may allocate.
				if got := testing.AllocsPerRun(1000, func() { recorders[tt.o.Side].Observe(tt.ctx, *tt.o) }); got != tt.want {
					t.Errorf("%v allocs per Observe, want %v", got, tt.want)
				}
			})
		}
	}
	server := New().attach(observation.Server)
	t.Run("instrumentation error", func(t *testing.T) {
		if got := testing.AllocsPerRun(1000, func() { server.InstrumentationError("unheard of") }); got != 0 {
			t.Errorf("%v allocs per InstrumentationError, want 0", got)
		}
	})
}
