// Package logging writes one zap entry per observed UCPaaS call, at a level chosen by the
// outcome's category.
//
// The message is "ucpaas call" for a call the application made to the platform (client side) and
// "ucpaas answer" for an answer it gave in the platform's format (server side).
//
// Fields (their keys are a contract, see docs/architecture.md):
//
//	ucpaas.operation   operation name
//	ucpaas.code        the code the reply carried (also one the catalog lacks); else "none" (no
//	                   code in the reply) or "transport" (no reply)
//	ucpaas.category    outcome category
//	ucpaas.message     the code's Chinese text (omitted when the catalog lacks the code)
//	ucpaas.message_en  the code's English text (omitted likewise)
//	http.method        request method (omitted when empty)
//	http.status_code   HTTP status (omitted when there was no reply)
//	url                request URL, redacted: secrets removed, account SID and phone numbers masked
//	                   (omitted when there is no URL)
//	duration           from the start of the call until the outcome was known
//	trace_id, span_id  when the context holds a valid span context
//	error              a transport error's text, redacted (also a read error that cut the
//	                   reply off while its code was looked for)
//	panic              a handler's panic value, redacted (server side)
//	hijacked           true when a handler took over the connection (omitted when false)
//
// Default levels, client side (ClientLevel): ok Debug; validation, not_found, content, client,
// application, rate_limit, unknown, unparsed Warn; balance, auth, account, platform, transport
// Error. Server side (ServerLevel): ok Debug; platform, transport, unparsed Error; every other
// category Info, because the failure is the caller's and the server worked as it should. A
// hijacked connection (a WebSocket or other upgrade) and a reply not read for a code
// (observation.Observation.NotRead: a redirect hop, a 1xx, 204 or 304 reply, the reply to HEAD,
// a CONNECT tunnel) are logged at Debug whatever the level function says: they are not answers
// in the platform's format, and nothing failed.
//
// Entries carry no caller and no stack trace, whatever the logger's zap.AddCaller and
// zap.AddStacktrace options (zap.NewProduction sets both): the call site would be a line of this
// library and the stack would run through ucpobs and net/http. The rest of the logger's
// configuration (encoder, output, level, sampling, fields) is kept. See WithoutCallSite.
//
// Fields are built only when the logger has the level enabled: a disabled entry costs one level
// check and allocates nothing. Nothing is logged that did not pass through package
// internal/redact first; an error is never logged with zap.Error, whose text holds the request
// URL, sig included.
package logging
