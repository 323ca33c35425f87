// Package tracing puts the outcome of an observed UCPaaS call on an OpenTelemetry span.
//
// A Tracer either enriches the span the caller already has when it is of the kind the Tracer
// would start (otelhttp.NewTransport's client span or otelhttp.NewHandler's server span wrapped
// around the middleware: one span per call, not two) or starts its own
// span named "ucpaas <operation>", of kind Client for calls to the platform and Server for answers
// given in the platform's format. Span.End then writes the observation onto the span:
//
//   - ucpaas.operation, ucpaas.code, ucpaas.category, and ucpaas.domain when the code is in the
//     catalog. ucpaas.code is the code the reply carried (also one the catalog lacks); without one
//     it is the code label "none" (no code in the reply) or "transport" (no reply).
//   - On failure (any category but ok): status Error, and error.type. error.type is the code when
//     the reply carried one (catalog or not), otherwise the category: "unparsed" for a reply
//     without a code, "transport" for a call that got no reply. The status description is the
//     code's English text; a code the catalog lacks, a reply without a code and a handler panic get
//     a fixed English text; a transport error gets its redacted error text.
//   - A transport error, or a handler's panic, is recorded as an "exception" event whose
//     exception.message is redacted. Span.RecordError is never used: an error's text holds the
//     request URL, sig included.
//   - On spans it started itself, also http.request.method, http.response.status_code (when there
//     was a reply), and on the client side server.address. No span it starts carries the URL or
//     the path: the operation names what was asked (the log entry of a failure has the redacted
//     URL).
//
// A span Start did not start (an enriched one) is never ended by Span.End, and gets only the
// ucpaas.* attributes, error.type and the status: the wrapping instrumentation owns the rest,
// with one exception: on the client side url.full is overwritten with the redacted URL, because
// otelhttp records it from the raw URL, sig and phone numbers included. (otelhttp also records a
// transport error's raw text as its own exception event and status; ucpobs cannot scrub that.)
//
// Nothing here emits the request URL, an error text or a panic value without passing it through
// package internal/redact first.
package tracing
