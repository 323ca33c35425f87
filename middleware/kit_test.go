package middleware

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/metrics"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// kit is every sink of one middleware under test, recording what it was given.
type kit struct {
	reg     *prometheus.Registry
	metrics *metrics.Metrics
	logger  *zap.Logger
	logs    *observer.ObservedLogs
	spans   *tracetest.SpanRecorder
	tp      *sdktrace.TracerProvider
}

func newKit(t testing.TB) *kit {
	t.Helper()
	k := &kit{reg: prometheus.NewRegistry(), metrics: metrics.New()}
	k.reg.MustRegister(k.metrics)
	k.tp, k.spans = testkit.Spans(t)
	k.logger, k.logs = testkit.Logs(zapcore.DebugLevel)
	return k
}

// options wires every sink of the kit.
func (k *kit) options(extra ...Option) []Option {
	return append([]Option{WithLogger(k.logger), WithMetrics(k.metrics), WithTracerProvider(k.tp)}, extra...)
}

// value returns the value of the counter (or the sample count of the histogram) name with exactly
// the given label pairs, 0 when there is no such series.
func (k *kit) value(t testing.TB, name string, labelPairs ...string) float64 {
	t.Helper()
	return testkit.Value(t, k.reg, name, labelPairs...)
}
