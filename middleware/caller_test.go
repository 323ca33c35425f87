package middleware

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	otelcodes "go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
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
		if errs["side="+side+",stage="+metricsink.StageOther] != 1 || k.logs.FilterField(zap.String("stage", "filter")).Len() != 1 {
			t.Errorf("a panicking filter: instrumentation errors %v, want stage other counted and logged as filter", errs)
		}
	} else if len(errs) != 0 {
		t.Errorf("instrumentation errors %v, want none", errs)
	}
}

// checkNotFailed checks that every call k saw on side is counted as a request and never as a
// failure, with the given categories, logged at Debug, its span without an Error status.
func checkNotFailed(t *testing.T, k *kit, side string, wantRequests map[string]float64) {
	t.Helper()
	if got := counted(t, k.reg, "ucpaas_"+side+"_requests_total"); !maps.Equal(got, wantRequests) {
		t.Errorf("requests %v, want %v", got, wantRequests)
	}
	if got := counted(t, k.reg, "ucpaas_"+side+"_failures_total"); sum(got) != 0 {
		t.Errorf("failures %v, want none", got)
	}
	for _, e := range k.logs.All() {
		if e.Level != zapcore.DebugLevel {
			t.Errorf("entry at %v, want Debug: %v", e.Level, e.ContextMap())
		}
	}
	for _, s := range k.spans.Ended() {
		if s.Status().Code == otelcodes.Error {
			t.Errorf("span %q has status Error %q", s.Name(), s.Status().Description)
		}
	}
}

// TestClientRedirectHop: a call that goes through a 307 is one success and one request that is
// no failure (the redirect hop): no failure series, no Warn entry, no Error span.
func TestClientRedirectHop(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old/ol/sms/sendsms", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ol/sms/sendsms", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/ol/sms/sendsms", reply("application/json", `{"code":"000000","msg":"OK"}`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			k := newKit(t)
			client := &http.Client{Transport: NewTransport(srv.Client().Transport, k.options(WithOperationFunc(func(*http.Request) string { return "send_sms" }))...)}
			req, _ := http.NewRequest(method, srv.URL+"/old/ol/sms/sendsms", strings.NewReader(`{"mobile":"13800000000"}`))
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != `{"code":"000000","msg":"OK"}` {
				t.Fatalf("body %q", body)
			}
			checkNotFailed(t, k, "client", map[string]float64{"operation=send_sms": 2})
			if k.logs.Len() != 2 {
				t.Errorf("%d entries, want 2", k.logs.Len())
			}
		})
	}
}

// TestBodilessReplies: replies that cannot carry a code (204, 304, a HEAD reply, a 1xx, a
// redirect with a Location) are requests, never failures, on both sides.
func TestBodilessReplies(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		handler http.HandlerFunc
	}{
		{"204", "POST", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }},
		{"304", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }},
		{"HEAD", "HEAD", reply("application/json", `{"code":"000000"}`)},
		{"302 with Location", "GET", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/elsewhere", http.StatusFound) }},
		{"308 with Location", "POST", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusPermanentRedirect)
		}},
	}
	want := map[string]float64{"operation=send_sms": 1}
	for _, tt := range tests {
		t.Run(tt.name+"/client", func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			k := newKit(t)
			rt := NewTransport(srv.Client().Transport, k.options()...)
			req, _ := http.NewRequest(tt.method, srv.URL+"/ol/sms/sendsms", nil)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			checkNotFailed(t, k, "client", want)
		})
		t.Run(tt.name+"/server", func(t *testing.T) {
			k := newKit(t)
			srv := httptest.NewServer(NewHandler(tt.handler, k.options()...))
			defer srv.Close()
			req, _ := http.NewRequest(tt.method, srv.URL+"/ol/sms/sendsms", nil)
			resp, err := srv.Client().Transport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			waitFor(t, func() bool { return k.logs.Len() == 1 })
			checkNotFailed(t, k, "server", want)
		})
	}
	t.Run("1xx/client", func(t *testing.T) {
		k := newKit(t)
		rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusSwitchingProtocols, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("tunnel")), ContentLength: -1, Request: r}, nil
		}), k.options()...)
		resp, err := rt.RoundTrip(httptest.NewRequest("GET", "https://api.ucpaas.com/ol/sms/sendsms", nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		checkNotFailed(t, k, "client", want)
	})
}

// TestEmptyReplyStillFails: a 200 with an empty body (or a 3xx without a Location) is a platform
// reply without a code: still an unparsed failure.
func TestEmptyReplyStillFails(t *testing.T) {
	for _, h := range []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) {},
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusMultipleChoices) },
	} {
		srv := httptest.NewServer(h)
		k := newKit(t)
		resp, err := NewTransport(srv.Client().Transport, k.options()...).RoundTrip(httptest.NewRequest("POST", srv.URL+"/ol/sms/sendsms", nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
		if n := k.value(t, "ucpaas_client_failures_total", "operation", "send_sms", "code", "none", "category", "unparsed"); n != 1 {
			t.Errorf("failures{none,unparsed} = %v, want 1", n)
		}
	}
}

// TestReadErrorWhilePeeking: the reply is cut off while the code is looked for (the server sends
// `{"resp":{` and stalls until http.Client.Timeout fires): the caller gets the timeout, and the
// call is a transport failure, with the read error (redacted) in the log entry's error field and
// in the span's exception event.
func TestReadErrorWhilePeeking(t *testing.T) {
	srv := newRawServer(t, func(conn net.Conn, _ *http.Request, done <-chan struct{}) {
		_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 4000)+`{"resp":{`)
		waitDone(conn, done)
	})
	k := newKit(t)
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: NewTransport(base, k.options()...), Timeout: 200 * time.Millisecond}
	req, _ := http.NewRequest("POST", srv.URL()+templatePath+"?sig=SECRETSIG", strings.NewReader(`{}`))
	start := time.Now()
	resp, err := client.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	var ne net.Error
	if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout()) {
		t.Errorf("caller got %v, want the timeout", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("call took %v, want about the 200ms timeout", elapsed)
	}
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "template_sms", "code", "transport", "category", "transport"); n != 1 {
		t.Errorf("failures{transport,transport} = %v, want 1: %v", n, counted(t, k.reg, "ucpaas_client_failures_total"))
	}
	if k.logs.Len() != 1 {
		t.Fatalf("%d entries, want 1", k.logs.Len())
	}
	e := k.logs.All()[0]
	f := e.ContextMap()
	if msg, _ := f["error"].(string); e.Level != zapcore.ErrorLevel || msg == "" || strings.Contains(msg, "SECRETSIG") || f["http.response.status_code"] != int64(200) {
		t.Errorf("entry %v %v: want Error with the redacted read error and the status", e.Level, f)
	}
	spans := k.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	var exception bool
	for _, ev := range spans[0].Events() {
		exception = exception || ev.Name == "exception"
	}
	if !exception || spans[0].Status().Code != otelcodes.Error {
		t.Errorf("span events %v, status %v: want an exception event and status Error", spans[0].Events(), spans[0].Status())
	}
}

// TestTimeoutHandlerComposition: NewHandler outside http.TimeoutHandler records the 503 the
// client got; inside, it records what the late handler wrote, as the README says.
func TestTimeoutHandlerComposition(t *testing.T) {
	tests := []struct {
		name         string
		build        func(slow http.Handler, opts []Option) http.Handler
		wantCategory string
		wantStatus   int64
	}{
		{"outside", func(slow http.Handler, opts []Option) http.Handler {
			return NewHandler(http.TimeoutHandler(slow, 20*time.Millisecond, "timeout"), opts...)
		}, "unparsed", 503},
		{"inside", func(slow http.Handler, opts []Option) http.Handler {
			return http.TimeoutHandler(NewHandler(slow, opts...), 20*time.Millisecond, "timeout")
		}, "ok", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			release := make(chan struct{})
			slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				<-release // answers only once TimeoutHandler has given up on it
				_, _ = io.WriteString(w, `{"code":"000000"}`)
			})
			rec := httptest.NewRecorder()
			tt.build(slow, k.options()).ServeHTTP(rec, httptest.NewRequest("POST", "/ol/sms/sendsms", nil))
			close(release)
			if rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("client got %d, want 503", rec.Code)
			}
			waitFor(t, func() bool { return k.logs.Len() == 1 })
			f := k.logs.All()[0].ContextMap()
			if f["ucpaas.category"] != tt.wantCategory || f["http.response.status_code"] != tt.wantStatus {
				t.Errorf("recorded %v/%v, want %s/%d", f["http.response.status_code"], f["ucpaas.category"], tt.wantCategory, tt.wantStatus)
			}
		})
	}
}

// TestHandlerGzipsItsOwnOutput: a handler that compresses its answer itself (Content-Encoding:
// gzip) is decoded, at most WithMaxPeekBytes of it, to find the code; the client gets the
// compressed bytes unchanged.
func TestHandlerGzipsItsOwnOutput(t *testing.T) {
	tests := []struct {
		name         string
		answer       string
		encoding     string
		maxPeek      int
		wantCode     string
		wantCategory string
	}{
		{"code", `{"code":"105110","msg":"` + strings.Repeat("x", 5000) + `"}`, "gzip", 0, "105110", "not_found"},
		{"family A XML", `<?xml version="1.0"?><resp><respCode>100001</respCode></resp>`, "GZIP ", 0, "100001", "balance"},
		{"code past the cap", strings.Repeat(" ", 100_000) + `{"code":"105110"}`, "gzip", 1024, "none", "unparsed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			var sent bytes.Buffer
			h := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", tt.encoding)
				zw := gzip.NewWriter(io.MultiWriter(w, &sent))
				for chunk := range slices.Chunk([]byte(tt.answer), 700) { // several writes
					_, _ = zw.Write(chunk)
					_ = zw.Flush()
				}
				_ = zw.Close()
			}), k.options(WithMaxPeekBytes(tt.maxPeek))...)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", "/ol/sms/sendsms", nil))
			if !bytes.Equal(rec.Body.Bytes(), sent.Bytes()) {
				t.Errorf("the client got %d bytes, the handler sent %d", rec.Body.Len(), sent.Len())
			}
			if n := k.value(t, "ucpaas_server_failures_total", "operation", "send_sms", "code", tt.wantCode, "category", tt.wantCategory); n != 1 {
				t.Errorf("failures %v, want {%s,%s} = 1", counted(t, k.reg, "ucpaas_server_failures_total"), tt.wantCode, tt.wantCategory)
			}
		})
	}
}
