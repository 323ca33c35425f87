package spans

import (
	"context"
	"net/http"
	"reflect"
	"runtime/debug"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/operation"
	"github.com/ucpobs/ucpobs/tracing"
)

// Tracer starts or enriches the span of an observed call. It is safe for concurrent use.
type Tracer struct {
	tracer trace.Tracer
}

// The start options of each span kind, built once: passing them costs no allocation.
var (
	clientOpts   = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)}
	serverOpts   = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer)}
	internalOpts = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal)}
)

// New returns a Tracer whose spans come from tp; a nil tp, also a typed nil such as a nil
// *sdktrace.TracerProvider, means otel.GetTracerProvider(), the global provider (which follows a
// later otel.SetTracerProvider). The instrumentation scope is [tracing.ScopeName], with the version of
// module github.com/ucpobs/ucpobs the binary was built with.
func New(tp trace.TracerProvider) *Tracer {
	if tp == nil || isNilPointer(tp) {
		tp = otel.GetTracerProvider()
	}
	return &Tracer{tracer: tp.Tracer(tracing.ScopeName, trace.WithInstrumentationVersion(moduleVersion()))}
}

// Start returns the span of the call about to be observed. If ctx already holds a recording span
// of the kind Start would start (a client span for observation.Client, a server span for
// observation.Server: otelhttp's, wrapped around the middleware), Start returns ctx unchanged and
// a Span that enriches that span without ending it. Otherwise it starts a span named
// "ucpaas <operation>" (kind Server for observation.Server, Client for observation.Client,
// Internal for anything else), a child of whatever span context ctx holds, and returns the context
// holding it — or ctx itself when the tracer is a no-op one whose span has no valid span context. A nil Tracer returns ctx and a Span whose End does nothing. operation is
// written as given: the middleware passes a name of package operation's closed set, or one it has
// redacted and cut (see middleware.WithOperationFunc).
func (t *Tracer) Start(ctx context.Context, side observation.Side, operation string) (context.Context, Span) {
	if t == nil {
		return ctx, Span{}
	}
	if parent := trace.SpanFromContext(ctx); parent.IsRecording() && sameKind(parent, side) {
		return ctx, Span{span: parent, side: side}
	}
	spanCtx, span := t.tracer.Start(ctx, spanName(operation), startOptions(side)...)
	if !span.SpanContext().IsValid() {
		// A no-op tracer: its span carries nothing worth propagating, so keep the caller's
		// context (and spare the caller a copy of its request).
		return ctx, Span{span: span, side: side, owned: true}
	}
	return spanCtx, Span{span: span, side: side, owned: true}
}

// spanNames holds "ucpaas <operation>" for each operation of the closed set (operation.All),
// built once; it is only read after.
var spanNames = func() map[string]string {
	ops := operation.All()
	names := make(map[string]string, len(ops))
	for _, op := range ops {
		names[op] = "ucpaas " + op
	}
	return names
}()

// spanName returns "ucpaas <op>": the name built once for an operation of the closed set, any
// other (a user's operation function may return anything) built per call and never kept, so
// that the names kept stay few and small.
func spanName(op string) string {
	if name, ok := spanNames[op]; ok {
		return name
	}
	return "ucpaas " + op
}

// isNilPointer reports whether v is a nil pointer held in an interface (which != nil misses).
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// Extract returns ctx with the remote span context that h carries, read by p; a nil p means the
// global propagator, otel.GetTextMapPropagator(), looked up on every call (middleware's
// WithPropagators). The server side calls it before Start so that its span continues the caller's
// trace.
func Extract(ctx context.Context, p propagation.TextMapPropagator, h http.Header) context.Context {
	if p == nil {
		p = otel.GetTextMapPropagator()
	}
	return p.Extract(ctx, propagation.HeaderCarrier(h))
}

// startOptions maps the observed side to the options, that is the kind, of the span Start starts.
func startOptions(side observation.Side) []trace.SpanStartOption {
	switch side {
	case observation.Client:
		return clientOpts
	case observation.Server:
		return serverOpts
	}
	return internalOpts
}

// moduleVersion is the version of this module in the running binary's build information:
// "(devel)" when it is the main module built from a work tree, "" when unknown.
var moduleVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	if info.Main.Path == tracing.ScopeName {
		return info.Main.Version
	}
	for _, dep := range info.Deps {
		if dep.Path == tracing.ScopeName {
			if dep.Replace != nil {
				return dep.Replace.Version
			}
			return dep.Version
		}
	}
	return ""
})

// sameKind reports whether span is the kind of span side would start: a client span for a call,
// a server span for an answer. Only such a span (otelhttp's, around the middleware) is enriched:
// a call made while serving a request must not write its outcome over the server span. A span
// that does not tell its kind (not the SDK's) is taken to be the right one.
func sameKind(span trace.Span, side observation.Side) bool {
	k, ok := span.(interface{ SpanKind() trace.SpanKind })
	if !ok {
		return true
	}
	switch side {
	case observation.Client:
		return k.SpanKind() == trace.SpanKindClient
	case observation.Server:
		return k.SpanKind() == trace.SpanKindServer
	}
	return k.SpanKind() == trace.SpanKindInternal
}
