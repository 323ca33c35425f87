package middleware

import (
	"context"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

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
