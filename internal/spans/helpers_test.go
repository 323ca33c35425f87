package spans_test

import (
	"errors"
	"go.opentelemetry.io/otel/trace"
	"net/url"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// recorder returns a provider that samples every span and records it.
func recorder(t testing.TB) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	return testkit.Spans(t, sdktrace.WithSampler(sdktrace.AlwaysSample()))
}

// entry is a catalog entry built by hand, so that the tests do not depend on the catalog's texts.
func entry(value string, cat codes.Category, english string) codes.Code {
	return codes.Code{
		Value: value, Message: "中文说明", Messages: []string{"中文说明"}, English: english,
		Category: cat, Domain: codes.DomainOf(value),
	}
}

// platformURL is a family A URL whose path holds an account SID and whose query holds sig.
const platformURL = "https://api.ucpaas.com/2014-06-30/Accounts/8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d/Messages/templateSMS?sig=F3A9C1E7B5D3F1A9C7E5B3D1F9A7C5E3"

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// obsWith returns a client observation of template_sms with the given code entry.
func obsWith(t testing.TB, e codes.Code) *observation.Observation {
	return &observation.Observation{
		Side: observation.Client, Operation: "template_sms", Method: "POST",
		URL: mustURL(t, platformURL), StatusCode: 200,
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
