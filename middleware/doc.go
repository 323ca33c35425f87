// Package middleware observes calls to the UCPaaS platform: [NewTransport] wraps the
// [net/http.RoundTripper] of an [net/http.Client] that calls the platform; [NewHandler] (or
// [NewMiddleware], the form a router's Use takes) wraps an [net/http.Handler] that answers in the
// platform's format.
//
// The platform answers HTTP 200 even when a call failed; the outcome is the return code in the
// body ({"resp":{"respCode":"105110"}}, {"code":"105147","msg":"…"}, <respCode>…</respCode>).
// Status-code middleware (otelhttp, promhttp) therefore sees only successes. Both middlewares
// here read the code from the first bytes of the body with a bounded, allocation-free streaming
// scanner, look it up in the code catalog ([codes.Default], or [WithCatalog]), and report one
// observation per call:
//
//   - a zap log entry whose level follows the code's category ([WithLogger], [WithLevels]),
//   - Prometheus counters of calls and of failures per code, and a latency histogram
//     ([WithMetrics], see package [github.com/ucpobs/ucpobs/metrics]),
//   - OpenTelemetry span attributes and status: the caller's span is enriched when it is of the
//     kind this middleware would start (otelhttp around it: a client span around NewTransport, a
//     server span around NewHandler), otherwise a span "ucpaas <operation>" is started
//     ([WithTracerProvider]); the server side continues the trace in the request's headers
//     ([WithPropagators]),
//   - a [Result] for each observer of the user's own ([WithObserver]), run after the sinks above.
//
// The caller of NewTransport gets the same Result from the reply: [ResultOf](resp) tells the
// return code, its catalog entry, category and whether retrying helps, without reading the body
// again.
//
// The body the caller reads is byte-for-byte what was sent, Close reaches the real body, and a
// wrapped ResponseWriter keeps exactly the optional interfaces of the original. Nothing secret or
// personal (sig, Authorization, tokens, passwords, phone numbers, one-time codes) is emitted: URLs
// and error texts go through one redaction step, and labels come from closed sets. A panic in an
// option's function, a sink or an observer is recovered and counted in
// instrumentation_errors_total; the call goes on.
//
// Replies that are no answers in the platform's format (a redirect hop, a 1xx, 204 or 304
// reply, the reply to HEAD, a CONNECT tunnel, a hijacked connection) are counted as requests of
// category unparsed, never as failures, and logged at Debug. A reply cut off while its code is
// looked for is a transport failure, with its read error. [WithFilter] leaves requests out
// altogether (health checks, routes that are not the platform's). The README's "How a reply is
// read" section states when RoundTrip returns and when a call is recorded.
//
// No option is required: with none, calls are traced through the global TracerProvider (the
// server side reads the trace context with the global propagator) and nothing is logged or
// counted.
package middleware
