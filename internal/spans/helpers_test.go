package spans_test

import (
	"context"
	"errors"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// recorder returns a provider that samples every span and records it.
func recorder(t testing.TB) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	return testkit.Spans(t, sdktrace.WithSampler(sdktrace.AlwaysSample()))
}

// endOne starts a span of side and op on a fresh recorder, ends it with o, and returns it as
// recorded.
func endOne(t testing.TB, side observation.Side, op string, o *observation.Observation) sdktrace.ReadOnlySpan {
	t.Helper()
	tp, rec := recorder(t)
	_, span := spans.New(tp).Start(context.Background(), side, op)
	span.End(o)
	return rec.Ended()[0]
}

// entry is a catalog entry built by hand, so that the tests do not depend on the catalog's texts.
func entry(value string, cat codes.Category, english string) codes.Code {
	return codes.Code{
		Value: value, Message: "中文说明", Messages: []string{"中文说明"}, English: english,
		Category: cat, Domain: codes.DomainOf(value),
	}
}

// obsWith returns a client observation of template_sms with the given code entry.
func obsWith(t testing.TB, e codes.Code) *observation.Observation {
	return &observation.Observation{
		Side: observation.Client, Operation: "template_sms", Method: "POST",
		URL: testkit.MustURL(t, testkit.PlatformURL), StatusCode: 200,
		ReplyCode: e.Value, CatalogEntry: e, Category: e.Category, Duration: 42 * time.Millisecond,
	}
}

// unknownObs is a reply whose code the catalog lacks.
func unknownObs(t *testing.T) *observation.Observation {
	o := obsWith(t, codes.Code{})
	o.ReplyCode, o.Category = "300001", codes.CategoryUnknown
	return o
}

// unparsedObs is a reply without a code.
func unparsedObs(t *testing.T) *observation.Observation {
	o := obsWith(t, codes.Code{})
	o.Category = codes.CategoryUnparsed
	o.StatusCode = 502
	return o
}

// transportObs is a round trip that failed with err.
func transportObs(t testing.TB, err error) *observation.Observation {
	o := obsWith(t, codes.Code{})
	o.StatusCode = 0
	o.SetTransportError(err)
	return o
}

var errRefused = errors.New("dial tcp 10.0.0.1:443: connect: connection refused")

// kindOf is the span kind the middleware's side starts, the kind a wrapping otelhttp span has.
func kindOf(side observation.Side) trace.SpanKind {
	if side == observation.Server {
		return trace.SpanKindServer
	}
	return trace.SpanKindClient
}
