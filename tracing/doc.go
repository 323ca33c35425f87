// Package tracing documents and names what the middleware writes on the OpenTelemetry span of
// an observed UCPaaS call: its instrumentation scope ([ScopeName]) and the keys of its ucpaas.*
// attributes (the constants below; the others are the OpenTelemetry semantic conventions').
//
// The middleware either enriches the span the caller already has when it is of the kind it
// would start (otelhttp.NewTransport's client span or otelhttp.NewHandler's server span wrapped
// around the middleware: one span per call, not two) or starts its own span named
// "ucpaas <operation>", of kind Client for calls to the platform and Server for answers given in
// the platform's format, with the provider of middleware.WithTracerProvider. When the outcome is
// known it writes onto the span:
//
//   - ucpaas.operation, ucpaas.code, ucpaas.category, and ucpaas.domain when the code is in the
//     catalog. ucpaas.code is the code the reply carried (also one the catalog lacks); without one
//     it is the code label "none" (no code in the reply) or "transport" (no reply).
//   - On failure (any category but ok): ucpaas.error_message, status Error with the same text as
//     its description, and error.type. The text is the code's English text; a code the catalog
//     lacks, a reply without a code and a handler panic get a fixed English text; a transport
//     error gets its redacted error text. error.type is the code when the reply carried one
//     (catalog or not), otherwise the category: "unparsed" for a reply without a code,
//     "transport" for a call that got no reply.
//   - A transport error, or a handler's panic, is recorded as an "exception" event whose
//     exception.message is redacted. trace.Span.RecordError is never used: an error's text holds
//     the request URL, sig included.
//   - On spans it started itself, also http.request.method, http.response.status_code (when there
//     was a reply), and on the client side server.address. No span it starts carries the URL or
//     the path: the operation names what was asked (the log entry has the redacted URL).
//   - For a batch send's reply: ucpaas.recipients, ucpaas.recipients_failed,
//     ucpaas.recipient_codes (when one failed), ucpaas.recipients_truncated (when the report was
//     cut off); for an account-info reply: ucpaas.balance.
//
// A span the middleware did not start (an enriched one) is never ended by it, and gets only the
// ucpaas.* attributes, error.type, the exception events and the status: the wrapping
// instrumentation owns the rest, except the URL attributes it records from the raw URL (sig,
// account SID and phone numbers included), which are overwritten with redacted values: url.full
// on the client side, url.path and, when the request has a query, url.query on the server side.
//
// # Who has the last word
//
// otelhttp writes its status and error.type after the middleware it wraps has ended its part,
// so they are otelhttp's in some cases. The ucpaas.* attributes are never written by otelhttp:
// ucpaas.code, ucpaas.category and ucpaas.error_message hold ucpobs' outcome in every
// composition, and are what to query across them (ucpaas.category other than "ok" is a failure).
//
//	                      ucpobs alone          otelhttp.NewTransport      otelhttp.NewHandler
//	                      (its own span)        around NewTransport        around NewHandler
//	ucpaas.*              ucpobs                ucpobs                     ucpobs
//	error.type            ucpobs (on failure)   reply status >= 400: the   ucpobs (on failure)
//	                                            status ("404", "502");
//	                                            transport error: its Go
//	                                            type ("*net.OpError");
//	                                            else ucpobs
//	status                Error + ucpobs' text  reply status >= 400: Error reply status >= 500:
//	                      on failure, else      with no description;       Error with no
//	                      Unset                 transport error: Error     description; else
//	                                            with the raw error text;   ucpobs
//	                                            else ucpobs
//	exception events      ucpobs (redacted)     ucpobs (redacted)          ucpobs (redacted)
//	URL                   none                  url.full, redacted         url.path, url.query,
//	                                                                       redacted
//
// otelhttp also writes error.type and the raw error text as the status when reading the reply's
// body fails after the middleware returned it. The raw text of a transport error or a read error
// (which may hold the request URL) is otelhttp's to scrub: ucpobs returns errors to the caller
// unchanged and cannot reach it.
//
// No span gets the request URL, an error text or a panic value that was not redacted first.
package tracing
