package testkit

import (
	"fmt"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Spans returns a tracer provider, configured by opts (for example a sampler), and the recorder
// of every span it starts and ends. The provider shuts down when the test ends.
func Spans(t testing.TB, opts ...sdktrace.TracerProviderOption) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(append(opts, sdktrace.WithSpanProcessor(rec))...)
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	return tp, rec
}

// Attrs maps attributes to their printed values (attribute.Value.String).
func Attrs(kvs []attribute.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// SpanTexts returns every text a recorded span carries, one per element: its name, its status
// description, each attribute as key=value, each event's name and attributes, each link's
// attributes.
func SpanTexts(s sdktrace.ReadOnlySpan) []string {
	out := []string{s.Name(), s.Status().Description}
	add := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, fmt.Sprintf("%s=%s", kv.Key, kv.Value.String()))
		}
	}
	add(s.Attributes())
	for _, ev := range s.Events() {
		out = append(out, ev.Name)
		add(ev.Attributes)
	}
	for _, l := range s.Links() {
		add(l.Attributes)
	}
	return out
}
