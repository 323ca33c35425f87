package middleware

import (
	"context"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// WithObserver hands the Result of every observed call to f: a sink the library does not ship
// (log/slog, an audit table, a queue of calls to retry). Observers run after the built-in sinks
// (span, metrics, log), in the order the options gave them, on the goroutine that recorded the
// call: inside RoundTrip for NewTransport (in the caller's Read when the reply was read later,
// see NewTransport), after next returned for NewHandler. ctx is the request's, with the call's
// span when it is traced. An observer must be quick and must not keep or modify
// Result.Recipients.FailingCodes beyond the call (every observer of a call shares it).
//
// A panic in f is recovered: the call goes on unharmed, the panic is counted in
// instrumentation_errors_total with stage "observer" and logged at Error with its value
// redacted (WithLogger), and the next observer still runs.
//
// Default: no observer, and no Result is built. A nil f is ignored. Each WithObserver adds one
// observer.
func WithObserver(f func(ctx context.Context, r Result)) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.observers = append(c.observers, f)
		}
	})
}

// notifyObservers hands the Result of o to each observer, each behind its own recover.
func (rp *reporter) notifyObservers(ctx context.Context, o *observation.Observation) {
	r, ok := rp.result(o)
	if !ok {
		return
	}
	for _, f := range rp.observers {
		rp.notify(ctx, f, &r)
	}
}

// result builds the Result of o; a panic doing so (a panic value whose formatting panics) is
// counted at stage observer, and no observer runs.
func (rp *reporter) result(o *observation.Observation) (r Result, ok bool) {
	defer rp.recoverStage(metricsink.StageObserver)
	return newResult(o), true
}

func (rp *reporter) notify(ctx context.Context, f func(context.Context, Result), r *Result) {
	defer rp.recoverStage(metricsink.StageObserver)
	f(ctx, *r)
}
