package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
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

// gather registers c on a fresh registry and gathers it.
func gather(t testing.TB, c prometheus.Collector) []*dto.MetricFamily {
	t.Helper()
	mfs, err := newRegistry(t, c).Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	return mfs
}

// seriesCount returns the number of series (metrics of all families) in mfs.
func seriesCount(mfs []*dto.MetricFamily) int {
	n := 0
	for _, mf := range mfs {
		n += len(mf.GetMetric())
	}
	return n
}

// find returns the series of family name whose labels are exactly labels, or nil.
func find(mfs []*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) != len(labels) {
				continue
			}
			match := true
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; !ok || v != lp.GetValue() {
					match = false
					break
				}
			}
			if match {
				return m
			}
		}
	}
	return nil
}

// family returns the family called name in mfs, or nil.
func family(mfs []*dto.MetricFamily, name string) *dto.MetricFamily {
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf
		}
	}
	return nil
}

// newRegistry returns a fresh pedantic registry with cs registered.
func newRegistry(t testing.TB, cs ...prometheus.Collector) *prometheus.Registry {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			t.Fatalf("Register: %v", err)
		}
	}
	return reg
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
