package middleware

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
	"go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
)

// panicCore is a zap core that accepts every entry and panics when asked to write it.
type panicCore struct{ zapcore.LevelEnabler }

func (c panicCore) With([]zapcore.Field) zapcore.Core { return c }
func (c panicCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return ce.AddCore(e, c)
}
func (panicCore) Write(zapcore.Entry, []zapcore.Field) error { panic("core write") }
func (panicCore) Sync() error                                { return nil }

// panicSpan is a span that panics on every write.
type panicSpan struct{ noop.Span }

func (panicSpan) IsRecording() bool                       { return true }
func (panicSpan) SetAttributes(...attribute.KeyValue)     { panic("span attributes") }
func (panicSpan) SetStatus(otelcodes.Code, string)        { panic("span status") }
func (panicSpan) AddEvent(string, ...trace.EventOption)   { panic("span event") }
func (panicSpan) End(...trace.SpanEndOption)              { panic("span end") }
func (panicSpan) RecordError(error, ...trace.EventOption) { panic("span error") }

// recordingPanics is a span in the caller's context whose IsRecording panics.
type recordingPanics struct{ noop.Span }

func (recordingPanics) IsRecording() bool { panic("is recording") }

// panicTP is a TracerProvider whose tracer panics in Start (start) or returns panicSpans.
type panicTP struct {
	embedded.TracerProvider
	start bool
}

func (p panicTP) Tracer(string, ...trace.TracerOption) trace.Tracer {
	return panicTracer{start: p.start}
}

type panicTracer struct {
	embedded.Tracer
	start bool
}

func (t panicTracer) Start(ctx context.Context, _ string, _ ...trace.SpanStartOption) (context.Context, trace.Span) {
	if t.start {
		panic("tracer start")
	}
	s := panicSpan{}
	return trace.ContextWithSpan(ctx, s), s
}

// TestNeverBreakTheCall: a panic in a user hook or a sink (operation function, level function, a
// zap core, a TracerProvider or the caller's span) is recovered; the call completes with its body
// intact and ucpaas_instrumentation_errors_total{side,stage} counts it once per call.
func TestNeverBreakTheCall(t *testing.T) {
	const body = `{"resp":{"respCode":"100001"}}`
	tests := []struct {
		name  string
		opts  []Option
		ctx   func(context.Context) context.Context
		stage string
	}{
		{"operation func", []Option{WithOperationFunc(func(*http.Request) string { panic("operation") })}, nil, metricsink.StageOperation},
		{"level func", []Option{WithLevels(func(codes.Category) zapcore.Level { panic("level") })}, nil, metricsink.StageLevel},
		{"zap core panics on Write", []Option{WithLogger(zap.New(panicCore{zapcore.DebugLevel}))}, nil, metricsink.StageLogging},
		{"spans panic", []Option{WithTracerProvider(panicTP{})}, nil, metricsink.StageTracing},
		{"tracer panics in Start", []Option{WithTracerProvider(panicTP{start: true})}, nil, metricsink.StageTracing},
		{"caller's span panics", nil, func(ctx context.Context) context.Context {
			return trace.ContextWithSpan(ctx, panicSpan{})
		}, metricsink.StageTracing},
		{"caller's span panics in IsRecording", nil, func(ctx context.Context) context.Context {
			return trace.ContextWithSpan(ctx, recordingPanics{})
		}, metricsink.StageTracing},
		{"observer", []Option{WithObserver(func(context.Context, Result) { panic("observer") })}, nil, metricsink.StageObserver},
	}
	for _, tt := range tests {
		for _, side := range []string{"client", "server"} {
			t.Run(tt.name+"/"+side, func(t *testing.T) {
				k := newKit(t)
				opts := append(k.options(), tt.opts...)
				req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, strings.NewReader(`{}`))
				if tt.ctx != nil {
					req = req.WithContext(tt.ctx(req.Context()))
				}
				var got string
				if side == "client" {
					rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
						return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
					}), opts...)
					resp, err := rt.RoundTrip(req)
					if err != nil {
						t.Fatalf("RoundTrip: %v", err)
					}
					b, err := io.ReadAll(resp.Body)
					if err != nil {
						t.Fatal(err)
					}
					got = string(b)
				} else {
					rec := httptest.NewRecorder()
					NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						_, _ = io.WriteString(w, body)
					}), opts...).ServeHTTP(rec, req)
					if rec.Code != 200 {
						t.Errorf("status %d", rec.Code)
					}
					got = rec.Body.String()
				}
				if got != body {
					t.Errorf("body %q, want %q", got, body)
				}
				errs := counted(t, k.reg, "ucpaas_instrumentation_errors_total")
				if want := map[string]float64{"side=" + side + ",stage=" + tt.stage: 1}; len(errs) != 1 || errs["side="+side+",stage="+tt.stage] != 1 {
					t.Errorf("instrumentation errors %v, want %v", errs, want)
				}
				if n := sum(counted(t, k.reg, "ucpaas_"+side+"_requests_total")); n != 1 {
					t.Errorf("requests counted %v, want 1: the call must still be recorded", n)
				}
				// The panic is logged through the user's logger (the kit's, unless the logger is
				// what panicked), with its stage.
				recovered := k.logs.FilterMessage("ucpobs recovered a panic in its instrumentation; the call went on").All()
				if tt.stage == metricsink.StageLogging {
					if len(recovered) != 0 {
						t.Errorf("logged the panic of the logger itself: %v", recovered)
					}
				} else if len(recovered) != 1 || recovered[0].ContextMap()["stage"] != tt.stage || recovered[0].ContextMap()["side"] != side || recovered[0].Level != zapcore.ErrorLevel {
					t.Errorf("recovered panic logged as %v, want one Error entry with stage %s", recovered, tt.stage)
				}
			})
		}
	}
}
