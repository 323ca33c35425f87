// Package logging documents and names the zap log entries the middleware writes: one entry per
// observed UCPaaS call (middleware.WithLogger), at a level chosen by the outcome's category
// ([CategoryToLevel], middleware.WithLevels).
//
// The message is [MessageClient] ("ucpaas call") for a call the application made to the platform
// (client side) and [MessageServer] ("ucpaas answer") for an answer it gave in the platform's
// format (server side).
//
// Fields (their keys, the constants below, are a contract; a span of the same call carries the
// same keys for the same values, see package tracing):
//
//	ucpaas.operation           operation name
//	ucpaas.code                the code the reply carried (also one the catalog lacks); else "none"
//	                           (no code in the reply) or "transport" (no reply)
//	ucpaas.category            outcome category
//	ucpaas.message             the code's Chinese text (absent when the catalog lacks the code)
//	ucpaas.message_en          the code's English text (absent likewise)
//	http.request.method        request method (absent when empty)
//	http.response.status_code  HTTP status (absent when there was no reply)
//	url.full                   client side: the request URL, redacted (secrets removed, account SID
//	                           and phone numbers masked)
//	url.path, url.query        server side: the request path and query, redacted likewise (no
//	                           url.query when the request has none)
//	error.type                 on failure: the code the reply carried, else the category
//	                           ("unparsed", "transport")
//	duration                   from the start of the call until the outcome was known
//	trace_id, span_id          when the context holds a valid span context
//	error                      a transport error's text, redacted (also a read error that cut the
//	                           reply off while its code was looked for)
//	panic                      a handler's panic value, redacted (server side)
//	hijacked                   true when a handler took over the connection (absent when false)
//
// A batch send's reply adds ucpaas.recipients, ucpaas.recipients_failed,
// ucpaas.recipient_codes (when one failed) and ucpaas.recipients_truncated (when the report was
// cut off); an account-info reply adds ucpaas.balance.
//
// The levels are those of [DefaultClientLevels] and [DefaultServerLevels] unless
// middleware.WithLevels says otherwise; the table is at [CategoryToLevel].
//
// Entries carry no caller and no stack trace, whatever the logger's zap.AddCaller and
// zap.AddStacktrace options (zap.NewProduction sets both): the call site would be a line of
// ucpobs and the stack would run through ucpobs and net/http. The rest of the logger's
// configuration (encoder, output, level, sampling, fields) is kept.
//
// Fields are built only when the logger has the level enabled: a disabled entry costs one level
// check and allocates nothing. Nothing is logged that was not redacted first; an error is never
// logged with zap.Error, whose text holds the request URL, sig included.
package logging
