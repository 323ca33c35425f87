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
