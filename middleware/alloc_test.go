package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ucpobs/ucpobs/metrics"
)

// TestAllocsPerCall pins what each path allocates on top of the bare call, with the stack of the
// benchmarks (zap at Info writing JSON, metrics, the SDK tracer sampling every span), so that a
// change that allocates more fails here rather than in a benchmark nobody reads. A failure
// allocates its log entry (the fields, the redacted URL, the trace and span IDs). When a count
// falls, lower it here; BenchmarkTransport and BenchmarkHandler show the same counts.
func TestAllocsPerCall(t *testing.T) {
	if raceEnabled {
		t.Skip("under the race detector sync.Pool drops a random quarter of what is put back, so pooled buffers are allocated again at random")
	}
	tests := []struct {
		name  string
		reply []byte
		call  func(t *testing.T, s benchStack, reply []byte, observed bool) func()
		want  float64
	}{
		{"transport_success", benchReply, transportCall, 4},
		{"transport_failure", benchFailureReply, transportCall, 7},
		{"handler_success", benchReply, handlerCall, 5},
		{"handler_failure", benchFailureReply, handlerCall, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bare := testing.AllocsPerRun(200, tt.call(t, newBenchStack(t), tt.reply, false))
			observed := testing.AllocsPerRun(200, tt.call(t, newBenchStack(t), tt.reply, true))
			if added := observed - bare; added != tt.want {
				t.Errorf("ucpobs adds %v allocations to the bare call's %v, want %v", added, bare, tt.want)
			}
		})
	}
}

// transportCall returns one client call answered with reply, its body read and closed, through
// NewTransport with every sink when observed.
func transportCall(t *testing.T, s benchStack, reply []byte, observed bool) func() {
	var rt http.RoundTripper = stubRT{body: reply}
	if observed {
		m := metrics.New()
		s.reg.MustRegister(m)
		rt = NewTransport(rt, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
	}
	req := httptest.NewRequest(http.MethodPost, "https://api.ucpaas.com"+templatePath+"?sig=ABC", nil)
	return func() {
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// handlerCall returns one request to an application answering with reply, through NewHandler
// with every sink when observed.
func handlerCall(t *testing.T, s benchStack, reply []byte, observed bool) func() {
	h := benchApp(reply)
	if observed {
		m := metrics.New()
		s.reg.MustRegister(m)
		h = NewHandler(h, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
	}
	req := httptest.NewRequest(http.MethodPost, "/ol/sms/sendsms", nil)
	w := &discardWriter{header: http.Header{}}
	return func() {
		clear(w.header)
		h.ServeHTTP(w, req)
	}
}
