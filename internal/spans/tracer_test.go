package spans_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/tracing"
)

func TestStartEnrichesARecordingSpan(t *testing.T) {
	tp, rec := recorder(t)
	parentCtx, parent := tp.Tracer("caller").Start(context.Background(), "HTTP POST", trace.WithSpanKind(trace.SpanKindClient))

	ctx, span := spans.New(tp).Start(parentCtx, observation.Client, "template_sms")
	if ctx != parentCtx {
		t.Error("Start changed the context of a recording span")
	}
	span.End(obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance")))
	if n := len(rec.Ended()); n != 0 {
		t.Fatalf("End ended %d spans it does not own", n)
	}
	parent.End()

	ended := rec.Ended()
	if len(ended) != 1 || ended[0].Name() != "HTTP POST" {
		t.Fatalf("recorded %d spans, want only the caller's", len(ended))
	}
	want := map[string]string{
		"ucpaas.operation": "template_sms", "ucpaas.code": "100001", "ucpaas.category": "balance",
		"ucpaas.domain": "common", "error.type": "100001", "ucpaas.error_message": "Insufficient balance",
		// The one HTTP attribute written on a span we do not own: the redacted URL, over the raw
		// one otelhttp records.
		"url.full": "https://api.ucpaas.com/2014-06-30/Accounts/8a2b****6c8d/Messages/templateSMS?sig=REDACTED",
	}
	if got := testkit.Attrs(ended[0].Attributes()); !maps.Equal(got, want) {
		t.Errorf("attributes\n got %v\nwant %v (no other HTTP attributes on a span we do not own)", got, want)
	}
	if st := ended[0].Status(); st.Code != otelcodes.Error || st.Description != "Insufficient balance" {
		t.Errorf("status %v %q", st.Code, st.Description)
	}
}

func TestStartUnderANonRecordingParent(t *testing.T) {
	parentSC := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
		Remote:     true,
	})
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"remote span context", trace.ContextWithRemoteSpanContext(context.Background(), parentSC)},
		{"non-recording local span", trace.ContextWithSpanContext(context.Background(), parentSC.WithRemote(false))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			ctx, span := spans.New(tp).Start(tt.ctx, observation.Client, "send_sms")
			sc := trace.SpanContextFromContext(ctx)
			if sc.SpanID() == parentSC.SpanID() || sc.TraceID() != parentSC.TraceID() {
				t.Errorf("span context %v: want a new span in the parent's trace", sc)
			}
			span.End(obsWith(t, entry("000000", codes.CategoryOK, "OK")))

			ended := rec.Ended()
			if len(ended) != 1 || ended[0].Name() != "ucpaas send_sms" {
				t.Fatalf("recorded %d spans, want our own", len(ended))
			}
			if ended[0].Parent().SpanID() != parentSC.SpanID() {
				t.Errorf("parent %v, want %v", ended[0].Parent().SpanID(), parentSC.SpanID())
			}
		})
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// observedTransport stands for the middleware: it observes each call with tr and answers body or err.
func observedTransport(tr *spans.Tracer, body string, err error) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		_, span := tr.Start(r.Context(), observation.Client, "send_sms")
		o := &observation.Observation{Side: observation.Client, Operation: "send_sms", Method: r.Method, URL: r.URL}
		if err != nil {
			o.SetTransportError(err)
			span.End(o)
			return nil, err
		}
		o.StatusCode = http.StatusOK
		o.SetReplyCode(codes.Default(), []byte("100001"))
		span.End(o)
		return &http.Response{
			StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
			Body: io.NopCloser(strings.NewReader(body)),
		}, nil
	})
}

func TestOneSpanUnderOtelhttpTransport(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		category string
		events   int
	}{
		{"reply", nil, "balance", 0},
		{"transport error", errRefused, "transport", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			rt := otelhttp.NewTransport(observedTransport(spans.New(tp), `{"code":"100001"}`, tt.err),
				otelhttp.WithTracerProvider(tp))
			req := httptest.NewRequest(http.MethodPost, "https://open.ucpaas.com/ol/sms/sendsms?sig=PLANTEDSIG0001&mobile=13912345678", nil)
			req.RequestURI = ""
			resp, err := rt.RoundTrip(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}

			ended := rec.Ended()
			if len(ended) != 1 {
				t.Fatalf("recorded %d spans, want exactly 1", len(ended))
			}
			s := ended[0]
			if s.InstrumentationScope().Name == tracing.ScopeName || s.SpanKind() != trace.SpanKindClient {
				t.Errorf("span from %q kind %v: want otelhttp's client span", s.InstrumentationScope().Name, s.SpanKind())
			}
			got := testkit.Attrs(s.Attributes())
			if got["ucpaas.operation"] != "send_sms" || got["ucpaas.category"] != tt.category {
				t.Errorf("ucpaas attributes missing: %v", got)
			}
			// otelhttp records url.full from the raw URL; ours overwrites it with the redacted one.
			if u := got["url.full"]; strings.Contains(u, "PLANTEDSIG0001") || strings.Contains(u, "13912345678") || !strings.Contains(u, "open.ucpaas.com/ol/sms/sendsms") {
				t.Errorf("url.full = %q, want the redacted URL", u)
			}
			if s.Status().Code != otelcodes.Error {
				t.Errorf("status %v, want Error", s.Status().Code)
			}
			exceptions := 0
			for _, ev := range s.Events() {
				if ev.Name == "exception" && testkit.Attrs(ev.Attributes)["exception.type"] == "*errors.errorString" {
					exceptions++
				}
			}
			// otelhttp records the error itself too, so a transport error has ours and maybe its own.
			if (tt.events == 0) != (exceptions == 0) {
				t.Errorf("%d exception events, want %d of ours: %v", exceptions, tt.events, s.Events())
			}
		})
	}
}

func TestOneSpanUnderOtelhttpHandler(t *testing.T) {
	tp, rec := recorder(t)
	tr := spans.New(tp)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, span := tr.Start(r.Context(), observation.Server, "send_sms")
		_, _ = io.WriteString(w, `{"code":"000000"}`)
		o := &observation.Observation{Side: observation.Server, Operation: "send_sms", Method: r.Method, URL: r.URL, StatusCode: 200}
		o.SetReplyCode(codes.Default(), []byte("000000"))
		span.End(o)
	})
	h := otelhttp.NewHandler(inner, "gateway", otelhttp.WithTracerProvider(tp))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/ol/sms/sendsms", nil))

	ended := rec.Ended()
	if len(ended) != 1 || ended[0].SpanKind() != trace.SpanKindServer {
		t.Fatalf("recorded %d spans, want exactly otelhttp's server span", len(ended))
	}
	if got := testkit.Attrs(ended[0].Attributes()); got["ucpaas.code"] != "000000" || got["ucpaas.category"] != "ok" {
		t.Errorf("ucpaas attributes missing: %v", got)
	}
}

func TestExtractContinuesTheCallersTrace(t *testing.T) {
	prev := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })

	h := http.Header{}
	h.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	for _, p := range []propagation.TextMapPropagator{nil, propagation.TraceContext{}} {
		tp, rec := recorder(t)
		_, span := spans.New(tp).Start(spans.Extract(context.Background(), p, h), observation.Server, "send_sms")
		span.End(&observation.Observation{Side: observation.Server, Operation: "send_sms", Category: codes.CategoryOK})

		s := rec.Ended()[0]
		if s.SpanContext().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" ||
			s.Parent().SpanID().String() != "00f067aa0ba902b7" || !s.Parent().IsRemote() {
			t.Errorf("propagator %v: trace %v parent %v: want the caller's trace and span", p, s.SpanContext().TraceID(), s.Parent())
		}
	}
	if got := spans.Extract(context.Background(), nil, nil); trace.SpanContextFromContext(got).IsValid() {
		t.Error("Extract of nil headers produced a span context")
	}
	if got := spans.Extract(context.Background(), propagation.NewCompositeTextMapPropagator(), h); trace.SpanContextFromContext(got).IsValid() {
		t.Error("a propagator that reads nothing produced a span context")
	}
}

func TestNewNilUsesTheGlobalProvider(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev); _ = tp.Shutdown(context.Background()) })

	// A typed nil (a nil *sdktrace.TracerProvider in the interface) is nil too: calling it
	// would panic.
	for i, tp := range []trace.TracerProvider{nil, (*sdktrace.TracerProvider)(nil)} {
		_, span := spans.New(tp).Start(context.Background(), observation.Client, "send_sms")
		span.End(&observation.Observation{Side: observation.Client, Operation: "send_sms", Category: codes.CategoryOK})
		if n := len(rec.Ended()); n != i+1 {
			t.Fatalf("New(%#v): global provider recorded %d spans, want %d", tp, n, i+1)
		}
		if got := rec.Ended()[i].InstrumentationScope().Name; got != tracing.ScopeName {
			t.Errorf("scope %q, want %q", got, tracing.ScopeName)
		}
	}
}

func TestStartEndConcurrently(t *testing.T) {
	tp, rec := recorder(t)
	tr := spans.New(tp)
	parentCtx, parent := tp.Tracer("caller").Start(context.Background(), "caller", trace.WithSpanKind(trace.SpanKindClient))
	const callers = 50
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			ctx := context.Background()
			if i%2 == 0 {
				ctx = parentCtx // half of them enrich one shared span
			}
			_, span := tr.Start(ctx, observation.Client, "send_sms")
			span.End(obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance")))
		})
	}
	wg.Wait()
	parent.End()
	if n := len(rec.Ended()); n != callers/2+1 {
		t.Errorf("%d spans, want %d", n, callers/2+1)
	}
}

func TestSpanNamesBeyondTheCache(t *testing.T) {
	tp, rec := recorder(t)
	tr := spans.New(tp)
	const names = 300 // names outside the closed set: none is kept, each is built per call
	for i := range names {
		op := fmt.Sprintf("op_%d", i)
		for range 2 {
			_, span := tr.Start(context.Background(), observation.Client, op)
			span.End(nil)
		}
	}
	ended := rec.Ended()
	if len(ended) != 2*names {
		t.Fatalf("%d spans, want %d", len(ended), 2*names)
	}
	for i, s := range ended {
		if want := fmt.Sprintf("ucpaas op_%d", i/2); s.Name() != want {
			t.Fatalf("span %d named %q, want %q", i, s.Name(), want)
		}
	}
}

// TestStartEnrichesOnlyTheSameKind: a call made while serving a request (the server's span in the
// context) gets a client span of its own, a child of the server span, which stays untouched.
func TestStartEnrichesOnlyTheSameKind(t *testing.T) {
	tests := []struct {
		name       string
		parentKind trace.SpanKind
		side       observation.Side
		enriched   bool
	}{
		{"client call under otelhttp's client span", trace.SpanKindClient, observation.Client, true},
		{"answer under otelhttp's server span", trace.SpanKindServer, observation.Server, true},
		{"client call inside a server span", trace.SpanKindServer, observation.Client, false},
		{"client call inside an internal span", trace.SpanKindInternal, observation.Client, false},
		{"answer inside a client span", trace.SpanKindClient, observation.Server, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			parentCtx, parent := tp.Tracer("caller").Start(context.Background(), "parent", trace.WithSpanKind(tt.parentKind))
			ctx, span := spans.New(tp).Start(parentCtx, tt.side, "send_sms")
			span.End(obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance")))
			parent.End()
			ended := rec.Ended()
			if tt.enriched {
				if len(ended) != 1 || ctx != parentCtx || testkit.Attrs(ended[0].Attributes())["ucpaas.code"] != "100001" {
					t.Fatalf("want the parent enriched: %d spans", len(ended))
				}
				return
			}
			if len(ended) != 2 {
				t.Fatalf("recorded %d spans, want ours and the parent", len(ended))
			}
			ours, theirs := ended[0], ended[1]
			if ours.Parent().SpanID() != theirs.SpanContext().SpanID() || ours.Name() != "ucpaas send_sms" {
				t.Errorf("our span %q is not a child of the parent", ours.Name())
			}
			if _, ok := testkit.Attrs(theirs.Attributes())["ucpaas.code"]; ok || theirs.Status().Code != otelcodes.Unset {
				t.Errorf("the parent was written on: %v %v", theirs.Attributes(), theirs.Status())
			}
		})
	}
}
