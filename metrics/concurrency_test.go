package metrics

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

func TestConcurrentObserve(t *testing.T) {
	const goroutines, perGoroutine = 32, 600 // perGoroutine: a multiple of len(outcomes) and of 100
	m := New()
	outcomes := []outcome{withCode("000000"), withCode(balanceCode), withCode(validationCode), withCode("999999"), withoutCode(), withTransportError()}
	ops := []string{operation.SendSMS, operation.TemplateSMS, operation.VariableSMS, "nope"}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			side := observation.Client
			if g%2 == 1 {
				side = observation.Server
			}
			for i := range perGoroutine {
				observe(t.Context(), m, newObservation(side, ops[i%len(ops)], time.Millisecond, outcomes[i%len(outcomes)]))
				if i%100 == 0 {
					panicked(m, side, metricsink.StageTracing)
				}
			}
		})
	}
	// Scrape while observing.
	wg.Go(func() {
		for range 5 {
			gather(t, m)
		}
	})
	wg.Wait()

	mfs := gather(t, m)
	perSide := float64(goroutines / 2 * perGoroutine)
	failedShare := float64(len(outcomes)-1) / float64(len(outcomes))
	for _, side := range []string{"client", "server"} {
		if got := sum(mfs, "ucpaas_"+side+"_requests_total"); got != perSide {
			t.Errorf("%s requests = %v, want %v", side, got, perSide)
		}
		if got := sum(mfs, "ucpaas_"+side+"_failures_total"); got != perSide*failedShare {
			t.Errorf("%s failures = %v, want %v", side, got, perSide*failedShare)
		}
		var count uint64
		for _, s := range testkit.Family(mfs, "ucpaas_"+side+"_request_duration_seconds").GetMetric() {
			count += s.GetHistogram().GetSampleCount()
		}
		if float64(count) != perSide {
			t.Errorf("%s histogram count = %d, want %v", side, count, perSide)
		}
	}
	if got := sum(mfs, "ucpaas_instrumentation_errors_total"); got != goroutines*perGoroutine/100 {
		t.Errorf("instrumentation errors = %v, want %d", got, goroutines*perGoroutine/100)
	}
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func TestHostileCardinality(t *testing.T) {
	const n = 10000
	m := New()
	m.attach(observation.Client)
	m.attach(observation.Server)
	before := testkit.SeriesCount(gather(t, m))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		side := observation.Client
		if i%2 == 1 {
			side = observation.Server
		}
		// The middleware bounds operation names (middleware tests prove it); what reaches the
		// metrics unbounded is the code, the category and the entry.
		op := []string{operation.Other, "", "\xff\xfe"}[i%3]
		var o *observation.Observation
		switch i % 4 {
		case 0: // a random six-digit code: almost never in the catalog
			o = newObservation(side, op, time.Millisecond, withCode(fmt.Sprintf("%06d", rng.IntN(1_000_000))))
		case 1: // random garbage where the code was expected
			o = newObservation(side, op, time.Millisecond, withCode(fmt.Sprintf("x%dy", rng.Int64())))
		case 2: // a random category
			o = newObservation(side, op, time.Millisecond, withCode("123"))
			o.Category = codes.Category(fmt.Sprintf("cat_%d", rng.Uint32()))
		case 3: // a forged entry whose value is not a code
			o = newObservation(side, op, time.Millisecond, withCode(balanceCode))
			o.CatalogEntry.Value = fmt.Sprintf("%d-%d", rng.Uint32(), rng.Uint32())
		}
		observe(t.Context(), m, o)
	}
	mfs := gather(t, m)
	// Every operation is "other". Per side at most: a requests and a histogram series per
	// category, and one failure series per catalog code plus other, none and transport.
	bound := before + 2*(2*len(codes.Categories())+codes.Default().Len()+3)
	after := testkit.SeriesCount(mfs)
	if after > bound {
		t.Errorf("%d series after %d hostile observations, want at most %d", after, n, bound)
	}
	if got := sum(mfs, "ucpaas_client_requests_total") + sum(mfs, "ucpaas_server_requests_total"); got != n {
		t.Errorf("requests = %v, want %d: every observation counted", got, n)
	}
	accepted := map[string]bool{operation.Other: true}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			for _, lp := range s.GetLabel() {
				v := lp.GetValue()
				ok := true
				switch lp.GetName() {
				case "operation":
					ok = accepted[v]
				case "category":
					ok = codes.Category(v).Valid()
				case "code":
					_, known := codes.Lookup(v)
					ok = known && sixDigits.MatchString(v) || v == "other" || v == "none" || v == "transport"
				}
				if !ok {
					t.Errorf("%s has label %s=%q, outside its bounded set", mf.GetName(), lp.GetName(), v)
				}
			}
		}
	}
}
