package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/metrics"
)

// TestTypedNilOptions: an option given a typed nil (a nil pointer in an interface, or a nil
// pointer where a pointer is taken) behaves as if the option was not given: nothing panics, when
// the middleware is built or when it is used, and the call is observed with the other options.
func TestTypedNilOptions(t *testing.T) {
	const body = `{"resp":{"respCode":"000000"}}`
	tests := []struct {
		name string
		opt  Option
	}{
		{"TracerProvider", WithTracerProvider((*sdktrace.TracerProvider)(nil))},
		{"logger", WithLogger((*zap.Logger)(nil))},
		{"metrics", WithMetrics((*metrics.Metrics)(nil))},
		{"catalog", WithCatalog((*codes.Catalog)(nil))},
		{"nil option", Option(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/client", func(t *testing.T) {
			k := newKit(t)
			rt := NewTransport(stubRT{body: []byte(body)}, WithLogger(k.logger), WithMetrics(k.metrics), tt.opt)
			resp, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(got) != body {
				t.Errorf("body %q, want %q", got, body)
			}
		})
		t.Run(tt.name+"/server", func(t *testing.T) {
			rec := httptest.NewRecorder()
			NewHandler(reply("application/json", body), tt.opt).ServeHTTP(rec, httptest.NewRequest("POST", "/ol/sms/sendsms", nil))
			if rec.Body.String() != body {
				t.Errorf("body %q, want %q", rec.Body.String(), body)
			}
		})
	}
}

// TestReadAfterClose: reading a body after closing it fails as net/http's own body does, also when
// the peek already read the whole (small) body.
func TestReadAfterClose(t *testing.T) {
	for _, body := range []string{`{"resp":{"respCode":"000000"}}`, `{"msg":"no code"}`} {
		t.Run(body, func(t *testing.T) {
			rt := NewTransport(stubRT{body: []byte(body)})
			resp, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil))
			if err != nil {
				t.Fatal(err)
			}
			if err := resp.Body.Close(); err != nil {
				t.Fatal(err)
			}
			n, err := resp.Body.Read(make([]byte, 64))
			if n != 0 || err == nil || err == io.EOF || !strings.Contains(err.Error(), "read on closed response body") {
				t.Errorf("Read after Close = %d, %v; want 0 and net/http's %q", n, err, "http: read on closed response body")
			}
			if !errors.Is(err, errReadOnClosed) {
				t.Errorf("Read after Close error %v is not errReadOnClosed", err)
			}
		})
	}
}

// TestNoLibraryCallSite: with a logger that adds a caller and stack traces (zap.NewProduction
// does), neither the call's entry nor the entry of a recovered panic carries them.
func TestNoLibraryCallSite(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	logger := zap.New(core, zap.AddCaller(), zap.AddStacktrace(zapcore.DebugLevel))
	for _, side := range []string{"client", "server"} {
		opts := []Option{WithLogger(logger), WithOperationFunc(func(*http.Request) string { panic("operation") })}
		req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil)
		if side == "client" {
			resp, err := NewTransport(stubRT{body: benchFailureReply}, opts...).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		} else {
			NewHandler(reply("application/json", string(benchFailureReply)), opts...).ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	all := logs.TakeAll()
	if len(all) != 4 {
		t.Fatalf("%d entries, want 4 (a recovered panic and a call, on each side)", len(all))
	}
	for _, e := range all {
		if e.Caller.Defined || e.Stack != "" {
			t.Errorf("entry %q has caller %v and stack %q; want neither", e.Message, e.Caller, e.Stack)
		}
	}
}

// countingBody counts the reads of a body.
type countingBody struct {
	io.Reader
	reads int
}

func (b *countingBody) Read(p []byte) (int, error) { b.reads++; return b.Reader.Read(p) }
func (b *countingBody) Close() error               { return nil }

// TestFilter: a request the filter rejects is not observed at all (no series, no log entry, no
// span, its body not peeked and its ResponseWriter not wrapped); the others are observed as
// usual; a filter that panics is counted and the request observed.
func TestFilter(t *testing.T) {
	platformOnly := func(r *http.Request) bool { return r.URL.Path != "/healthz" }
	tests := []struct {
		name     string
		filter   func(*http.Request) bool
		path     string
		observed bool
		panics   bool
	}{
		{"health check filtered", platformOnly, "/healthz", false, false},
		{"platform call kept", platformOnly, "/ol/sms/sendsms", true, false},
		{"filter panics", func(*http.Request) bool { panic("filter") }, "/healthz", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/client", func(t *testing.T) {
			k := newKit(t)
			body := &countingBody{Reader: strings.NewReader(`{"code":"000000"}`)}
			rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: body, ContentLength: -1, Request: r}, nil
			}), k.options(WithFilter(tt.filter))...)
			resp, err := rt.RoundTrip(httptest.NewRequest("GET", "https://api.ucpaas.com"+tt.path, nil))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.observed && (resp.Body != io.ReadCloser(body) || body.reads != 0) {
				t.Errorf("filtered request: body replaced or read %d times before the caller read it", body.reads)
			}
			resp.Body.Close()
			checkObserved(t, k, "client", tt.observed, tt.panics)
		})
		t.Run(tt.name+"/server", func(t *testing.T) {
			k := newKit(t)
			rec := httptest.NewRecorder()
			var got http.ResponseWriter
			NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = w
				_, _ = io.WriteString(w, `{"code":"000000"}`)
			}), k.options(WithFilter(tt.filter))...).ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if !tt.observed && got != http.ResponseWriter(rec) {
				t.Errorf("filtered request: the handler got a wrapped ResponseWriter %T", got)
			}
			if rec.Body.String() != `{"code":"000000"}` {
				t.Errorf("body %q", rec.Body.String())
			}
			checkObserved(t, k, "server", tt.observed, tt.panics)
		})
	}
}

// checkObserved checks that one call of side was observed by every sink of k, or by none.
func checkObserved(t *testing.T, k *kit, side string, observed, filterPanicked bool) {
	t.Helper()
	want := 0
	if observed {
		want = 1
	}
	if n := sum(counted(t, k.reg, "ucpaas_"+side+"_requests_total")); n != float64(want) {
		t.Errorf("requests counted %v, want %d", n, want)
	}
	calls := k.logs.FilterMessageSnippet("ucpaas ").Len()
	if calls != want || len(k.spans.Ended()) != want {
		t.Errorf("%d log entries, %d spans; want %d of each", calls, len(k.spans.Ended()), want)
	}
	errs := counted(t, k.reg, "ucpaas_instrumentation_errors_total")
	if filterPanicked {
		if errs["side="+side+",stage="+metrics.StageOther] != 1 || k.logs.FilterField(zap.String("stage", "filter")).Len() != 1 {
			t.Errorf("a panicking filter: instrumentation errors %v, want stage other counted and logged as filter", errs)
		}
	} else if len(errs) != 0 {
		t.Errorf("instrumentation errors %v, want none", errs)
	}
}
