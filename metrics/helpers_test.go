package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// Catalog codes the tests use, with their categories in codes.Default().
const (
	balanceCode    = "100001" // balance
	authCode       = "100005" // auth
	validationCode = "100000" // validation
)

// outcome builds the observation of one call, classified the way the middleware does it.
type outcome func(o *observation.Observation)

func withCode(raw string) outcome {
	return func(o *observation.Observation) { o.SetReplyCode(codes.Default(), []byte(raw)) }
}

func withoutCode() outcome {
	return func(o *observation.Observation) { o.SetNoCode() }
}

func withTransportError() outcome {
	return func(o *observation.Observation) { o.SetTransportError(errTransport) }
}

var errTransport = &timeoutError{}

type timeoutError struct{}

func (*timeoutError) Error() string { return "dial tcp: i/o timeout" }

func newObservation(s observation.Side, op string, d time.Duration, out outcome) *observation.Observation {
	o := &observation.Observation{Side: s, Operation: op, Method: "POST", StatusCode: 200, Duration: d}
	out(o)
	return o
}

// gather registers c on a fresh pedantic registry and gathers it.
func gather(t testing.TB, c prometheus.Collector) []*dto.MetricFamily {
	t.Helper()
	return testkit.Gather(t, testkit.Registry(t, c))
}

// observe counts o in m as the middleware of o's side does (a middleware records through the
// recorder it got when it was built; attaching again returns an equivalent one).
func observe(ctx context.Context, m *Metrics, o *observation.Observation) {
	m.attach(o.Side).Observe(ctx, *o)
}

// panicked counts a panic recovered in stage as a middleware of side s does.
func panicked(m *Metrics, s observation.Side, stage string) {
	m.attach(s).InstrumentationError(stage)
}
