package middleware

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/felixge/httpsnoop"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/metrics"
)

// The benchmarks' replies: a success, as most production calls are, and a failure (logged at
// Warn, counted with an exemplar) for the ucpobs_failure variant.
var (
	benchReply        = []byte(`{"resp":{"respCode":"000000","templateSMS":{"createDate":"20140820145658","smsId":"d2c49329f363b802fb3531d9c67b54f8"}}}`)
	benchFailureReply = []byte(`{"resp":{"respCode":"105110"}}`)
)

// stubRT answers every request at once with body, with no network: what remains is the
// middleware's cost.
type stubRT struct{ body []byte }

func (s stubRT) RoundTrip(r *http.Request) (*http.Response, error) {
	body := s.body
	if body == nil {
		body = benchReply
	}
	return &http.Response{
		StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r,
	}, nil
}

// benchStack is the production set-up the targets speak of: a logger at Info writing JSON to
// nowhere, metrics, and the SDK tracer with every span sampled (recorded, then dropped: no
// exporter).
type benchStack struct {
	logger *zap.Logger
	tp     *sdktrace.TracerProvider
	reg    *prometheus.Registry
}

func newBenchStack(b testing.TB) benchStack {
	core := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())) // recorded, exported nowhere
	b.Cleanup(func() { _ = tp.Shutdown(b.Context()) })
	return benchStack{logger: zap.New(core), tp: tp, reg: prometheus.NewRegistry()}
}

// promhttpVecs registers the counter and the duration histogram that promhttp's middleware fills,
// named for side ("client" or "server").
func promhttpVecs(reg *prometheus.Registry, side string) (*prometheus.CounterVec, *prometheus.HistogramVec) {
	counter := prometheus.NewCounterVec(prometheus.CounterOpts{Name: side + "_requests_total"}, []string{"code", "method"})
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: side + "_request_duration_seconds"}, []string{"code", "method"})
	reg.MustRegister(counter, duration)
	return counter, duration
}

func promhttpTransport(reg *prometheus.Registry, next http.RoundTripper) http.RoundTripper {
	counter, duration := promhttpVecs(reg, "client")
	return promhttp.InstrumentRoundTripperCounter(counter, promhttp.InstrumentRoundTripperDuration(duration, next))
}

func BenchmarkTransport(b *testing.B) {
	variants := []struct {
		name  string
		build func(s benchStack) http.RoundTripper
	}{
		{"bare", func(benchStack) http.RoundTripper { return stubRT{} }},
		{"promhttp", func(s benchStack) http.RoundTripper { return promhttpTransport(s.reg, stubRT{}) }},
		{"otelhttp", func(s benchStack) http.RoundTripper {
			return otelhttp.NewTransport(stubRT{}, otelhttp.WithTracerProvider(s.tp))
		}},
		{"otelhttp_promhttp", func(s benchStack) http.RoundTripper {
			return otelhttp.NewTransport(promhttpTransport(s.reg, stubRT{}), otelhttp.WithTracerProvider(s.tp))
		}},
		{"ucpobs", func(s benchStack) http.RoundTripper {
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewTransport(stubRT{}, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
		}},
		{"ucpobs_untraced", func(s benchStack) http.RoundTripper { // what ucpobs costs besides its span
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewTransport(stubRT{}, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(noop.NewTracerProvider()))
		}},
		{"ucpobs_deadline", func(s benchStack) http.RoundTripper {
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewTransport(stubRT{}, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
		}},
		// The failure reply, with its own bare and peer: what ucpobs adds on a failure (a log entry
		// at Warn with the redacted URL, a failure count, an exemplar at most once a second) against
		// what otelhttp + promhttp add on the same reply.
		{"bare_failure", func(benchStack) http.RoundTripper { return stubRT{body: benchFailureReply} }},
		{"otelhttp_promhttp_failure", func(s benchStack) http.RoundTripper {
			return otelhttp.NewTransport(promhttpTransport(s.reg, stubRT{body: benchFailureReply}), otelhttp.WithTracerProvider(s.tp))
		}},
		{"ucpobs_failure", func(s benchStack) http.RoundTripper {
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewTransport(stubRT{body: benchFailureReply}, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			rt := v.build(newBenchStack(b))
			req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath+"?sig=ABC", nil)
			if v.name == "ucpobs_deadline" {
				// A context that can end, and a base other than net/http's: the peek runs in a
				// goroutine of its own so that it can end with the context.
				ctx, cancel := context.WithTimeout(req.Context(), time.Hour)
				b.Cleanup(cancel)
				req = req.WithContext(ctx)
			}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := rt.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}

// benchApp is the application behind the handler benchmarks: it answers with reply.
func benchApp(reply []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(reply)
	})
}

func promhttpHandler(reg *prometheus.Registry, next http.Handler) http.Handler {
	counter, duration := promhttpVecs(reg, "server")
	return promhttp.InstrumentHandlerCounter(counter, promhttp.InstrumentHandlerDuration(duration, next))
}

func BenchmarkHandler(b *testing.B) {
	app, failing := benchApp(benchReply), benchApp(benchFailureReply)
	variants := []struct {
		name  string
		build func(s benchStack) http.Handler
	}{
		{"bare", func(benchStack) http.Handler { return app }},
		{"httpsnoop", func(benchStack) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { httpsnoop.CaptureMetrics(app, w, r) })
		}},
		{"otelhttp", func(s benchStack) http.Handler {
			return otelhttp.NewHandler(app, "sms", otelhttp.WithTracerProvider(s.tp))
		}},
		{"ucpobs", func(s benchStack) http.Handler {
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewHandler(app, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
		}},
		{"ucpobs_untraced", func(s benchStack) http.Handler { // what ucpobs costs besides its span
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewHandler(app, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(noop.NewTracerProvider()))
		}},
		// The failure reply, as on the client side: ucpobs logs it at Error with the redacted URL.
		{"bare_failure", func(benchStack) http.Handler { return failing }},
		{"otelhttp_promhttp_failure", func(s benchStack) http.Handler {
			return otelhttp.NewHandler(promhttpHandler(s.reg, failing), "sms", otelhttp.WithTracerProvider(s.tp))
		}},
		{"ucpobs_failure", func(s benchStack) http.Handler {
			m := metrics.New()
			s.reg.MustRegister(m)
			return NewHandler(failing, WithLogger(s.logger), WithMetrics(m), WithTracerProvider(s.tp))
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			h := v.build(newBenchStack(b))
			req := httptest.NewRequest("POST", "/ol/sms/sendsms", nil)
			w := &discardWriter{header: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.header)
				h.ServeHTTP(w, req)
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps nothing, so the benchmark measures the middleware.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Flush()                      {}
