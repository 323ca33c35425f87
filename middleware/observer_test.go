package middleware

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
)

// observed is what an observer was given, with what the built-in sinks had done by then.
type observed struct {
	result            Result
	spanID            trace.SpanID
	logs, spans       int
	requests, failure float64
}

// recorder returns an observer that records each call in *got, with the state of k's sinks.
func recorder(t *testing.T, k *kit, side string, mu *sync.Mutex, got *[]observed) func(context.Context, Result) {
	return func(ctx context.Context, r Result) {
		mu.Lock()
		defer mu.Unlock()
		*got = append(*got, observed{
			result:   r,
			spanID:   trace.SpanContextFromContext(ctx).SpanID(),
			logs:     k.logs.Len(),
			spans:    len(k.spans.Ended()),
			requests: sum(counted(t, k.reg, "ucpaas_"+side+"_requests_total")),
			failure:  sum(counted(t, k.reg, "ucpaas_"+side+"_failures_total")),
		})
	}
}

// serve makes one call on side: through NewTransport to a server answering with h, or to
// NewHandler(h); opts configure the middleware.
func serve(t *testing.T, side string, h http.Handler, req *http.Request, opts ...Option) {
	t.Helper()
	if side == "server" {
		NewHandler(h, opts...).ServeHTTP(httptest.NewRecorder(), req)
		return
	}
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		resp := rec.Result()
		resp.Request = r
		return resp, nil
	}), opts...)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// TestObserverRunsAfterTheSinks: on both sides, every observer sees each call once, in the order
// given, after the span ended, the metrics counted and the log entry was written, with the
// call's span in its context.
func TestObserverRunsAfterTheSinks(t *testing.T) {
	for _, side := range []string{"client", "server"} {
		t.Run(side, func(t *testing.T) {
			k := newKit(t)
			var mu sync.Mutex
			var first, second []observed
			opts := k.options(WithObserver(recorder(t, k, side, &mu, &first)), WithObserver(nil), WithObserver(recorder(t, k, side, &mu, &second)))
			req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, strings.NewReader(`{}`))
			serve(t, side, reply("application/json", `{"resp":{"respCode":"105110"}}`), req, opts...)

			if len(first) != 1 || len(second) != 1 {
				t.Fatalf("observers called %d and %d times, want once each", len(first), len(second))
			}
			o := first[0]
			if o.logs != 1 || o.spans != 1 || o.requests != 1 || o.failure != 1 {
				t.Errorf("when the observer ran: %d log entries, %d spans ended, %v requests, %v failures; want 1 of each", o.logs, o.spans, o.requests, o.failure)
			}
			if spans := k.spans.Ended(); len(spans) != 1 || o.spanID != spans[0].SpanContext().SpanID() {
				t.Errorf("observer's context holds span %s, want the call's", o.spanID)
			}
			r := o.result
			if r.Side != Side(side) || r.Operation != "template_sms" || r.Code.Value != "105110" || r.Category != codes.CategoryNotFound || !r.Failed() || r.StatusCode != 200 || r.Method != "POST" {
				t.Errorf("Result %+v", r)
			}
			if fmt.Sprintf("%+v", second[0].result) != fmt.Sprintf("%+v", r) {
				t.Errorf("second observer got %+v, first %+v", second[0].result, r)
			}
		})
	}
}

// TestObserverPanicRecovered: a panicking observer does not stop the next one; its panic is
// counted at stage observer and logged with its value redacted.
func TestObserverPanicRecovered(t *testing.T) {
	for _, side := range []string{"client", "server"} {
		t.Run(side, func(t *testing.T) {
			k := newKit(t)
			var mu sync.Mutex
			var after []observed
			opts := k.options(
				WithObserver(func(context.Context, Result) { panic("cannot write 13912345678 to the audit table") }),
				WithObserver(recorder(t, k, side, &mu, &after)),
			)
			req := httptest.NewRequest("POST", "https://api.ucpaas.com/ol/sms/sendsms", strings.NewReader(`{}`))
			serve(t, side, reply("application/json", `{"code":"000000"}`), req, opts...)
			if len(after) != 1 {
				t.Fatalf("the observer after the panicking one ran %d times, want 1", len(after))
			}
			if errs := counted(t, k.reg, "ucpaas_instrumentation_errors_total"); len(errs) != 1 || errs["side="+side+",stage="+metricsink.StageObserver] != 1 {
				t.Errorf("instrumentation errors %v, want stage observer once", errs)
			}
			logged := k.logs.FilterField(zap.String("stage", metricsink.StageObserver)).All()
			if len(logged) != 1 || logged[0].ContextMap()["panic"] != "cannot write 139******78 to the audit table" {
				t.Errorf("recovered panic logged as %v", logged)
			}
		})
	}
}

// TestObserverSeesOnlyRedactedData: whatever the call carried (signature, account SID, phone
// numbers, a one-time code, a token in an error, a phone number in a handler's panic), the
// Result an observer gets shows none of it.
func TestObserverSeesOnlyRedactedData(t *testing.T) {
	secrets := []string{"ABCDEF0123456789ABCDEF0123456789", rawSID, "13912345678", "15811564298", "246810", "s3cr3t"}
	var mu sync.Mutex
	var results []Result
	observe := WithObserver(func(_ context.Context, r Result) {
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
	})
	target := "https://api.ucpaas.com" + templatePath + "?sig=ABCDEF0123456789ABCDEF0123456789&mobile=13912345678&verifyCode=246810&token=s3cr3t"
	bodies := []string{
		`{"resp":{"respCode":"13912345678"}}`,
		batchBody("000000", [2]string{"13912345678", "100006"}, [2]string{"15811564298", "15811564298"}),
	}
	for _, body := range bodies {
		for _, side := range []string{"client", "server"} {
			serve(t, side, reply("application/json", body), httptest.NewRequest("POST", target, strings.NewReader(`{}`)), observe)
		}
	}
	// A transport failure whose error names a URL with secrets.
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("dial %s: refused", r.URL)
	}), observe)
	if _, err := rt.RoundTrip(httptest.NewRequest("POST", target, nil)); err == nil {
		t.Fatal("no error")
	}
	// A handler that panics with a phone number.
	func() {
		defer func() { _ = recover() }()
		NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bad number 15811564298") }), observe).
			ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", target, nil))
	}()
	if len(results) != 2*len(bodies)+2 {
		t.Fatalf("%d results, want %d", len(results), 2*len(bodies)+2)
	}
	for _, r := range results {
		text := fmt.Sprintf("%+v %+v", r, r.Recipients)
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("Result shows %q: %s", s, text)
			}
		}
	}
	if last := results[len(results)-1]; last.Error != "bad number 158******98" {
		t.Errorf("panic shown as %q", last.Error)
	}
	if tr := results[len(results)-2]; tr.Category != codes.CategoryTransport || !strings.HasPrefix(tr.Error, "dial https://api.ucpaas.com/") {
		t.Errorf("transport failure shown as %+v", tr)
	}
}

// TestObserverOfALaterRead: a reply read by the caller (full duplex) reaches the observers once,
// when its code is known, before ResultOf reports it.
func TestObserverOfALaterRead(t *testing.T) {
	var calls int
	var atCall bool
	var resp *http.Response
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"code":"105110","msg":"x"}`)), ContentLength: -1, Request: r}, nil
	}), WithObserver(func(_ context.Context, r Result) {
		calls++
		_, atCall = ResultOf(resp)
	}))
	resp, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com/ol/sms/sendsms", io.MultiReader(strings.NewReader("{}"))))
	if err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Fatalf("observer ran %d times before the body was read", calls)
	}
	_, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if _, ok := ResultOf(resp); calls != 1 || atCall || !ok {
		t.Errorf("observer ran %d times (ResultOf %v meanwhile), ResultOf after %v; want once, false, true", calls, atCall, ok)
	}
}

// TestNewMiddleware: the router form wraps each handler as NewHandler does, all of them with the
// one configuration.
func TestNewMiddleware(t *testing.T) {
	k := newKit(t)
	use := NewMiddleware(k.options()...)
	send := use(reply("application/json", `{"code":"105110","msg":"x"}`))
	balance := use(reply("application/json", `{"resp":{"respCode":"000000","account":{"balance":"10.5"}}}`))
	rec := httptest.NewRecorder()
	send.ServeHTTP(rec, httptest.NewRequest("POST", "/ol/sms/sendsms", strings.NewReader(`{}`)))
	if rec.Body.String() != `{"code":"105110","msg":"x"}` {
		t.Errorf("body %q", rec.Body.String())
	}
	balance.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", accountInfoPath, nil))
	want := map[string]float64{"operation=send_sms": 1, "operation=account_info": 1}
	if got := counted(t, k.reg, "ucpaas_server_requests_total"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("requests %v, want %v", got, want)
	}
	if k.logs.Len() != 2 || len(k.spans.Ended()) != 2 {
		t.Errorf("%d log entries, %d spans; want 2 each", k.logs.Len(), len(k.spans.Ended()))
	}
	defer func() {
		if recover() == nil {
			t.Error("a nil handler did not panic")
		}
	}()
	use(nil)
}

// TestWithPropagators: the server span continues the trace in the request headers as the
// configured propagator reads them; without the option (or with nil), as the global one does,
// also one set after the middleware was built.
func TestWithPropagators(t *testing.T) {
	const (
		traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		parent  = "00f067aa0ba902b7"
	)
	prev := otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })
	tests := []struct {
		name      string
		opts      []Option
		global    propagation.TextMapPropagator
		continues bool
	}{
		{"configured", []Option{WithPropagators(propagation.TraceContext{})}, propagation.NewCompositeTextMapPropagator(), true},
		{"configured to read nothing", []Option{WithPropagators(propagation.NewCompositeTextMapPropagator())}, propagation.TraceContext{}, false},
		{"default, the global one", nil, propagation.TraceContext{}, true},
		{"nil, the global one", []Option{WithPropagators(nil)}, propagation.TraceContext{}, true},
		{"default, global reads nothing", nil, propagation.NewCompositeTextMapPropagator(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator())
			h := NewHandler(reply("application/json", `{"code":"000000"}`), k.options(tt.opts...)...)
			otel.SetTextMapPropagator(tt.global) // set after the handler was built
			req := httptest.NewRequest("POST", "/ol/sms/sendsms", nil)
			req.Header.Set("traceparent", "00-"+traceID+"-"+parent+"-01")
			h.ServeHTTP(httptest.NewRecorder(), req)
			spans := k.spans.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans", len(spans))
			}
			continued := spans[0].SpanContext().TraceID().String() == traceID && spans[0].Parent().SpanID().String() == parent
			if continued != tt.continues {
				t.Errorf("trace continued = %v, want %v (trace %s, parent %s)", continued, tt.continues, spans[0].SpanContext().TraceID(), spans[0].Parent().SpanID())
			}
		})
	}
}
