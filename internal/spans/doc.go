// Package spans writes the outcome of an observed UCPaaS call on an OpenTelemetry span for the
// middleware: a Tracer starts or enriches the span, Span.End writes an observation onto it.
// What it writes, under which keys, and who has the last word under otelhttp is documented in
// package tracing.
package spans
