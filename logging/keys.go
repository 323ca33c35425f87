package logging

import (
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/ucpobs/ucpobs/tracing"
)

// Messages of the entries.
const (
	// MessageClient is the message of a call the application made to the platform.
	MessageClient = "ucpaas call"
	// MessageServer is the message of an answer the application gave in the platform's format.
	MessageServer = "ucpaas answer"
)

// Field keys (a contract: dashboards and log queries use them). The ucpaas.* keys a span also
// carries are declared in package tracing, the HTTP, URL and error.type keys are those of the
// OpenTelemetry semantic conventions: a log entry and the span of the same call name a value
// alike.
const (
	// OperationKey is the operation name.
	OperationKey = string(tracing.OperationKey)
	// CodeKey is the return code the reply carried (also one the catalog lacks); without one,
	// "none" (no code in the reply) or "transport" (no reply).
	CodeKey = string(tracing.CodeKey)
	// CategoryKey is the outcome's category (a [codes.Category]).
	CategoryKey = string(tracing.CategoryKey)
	// MessageKey is the code's Chinese text; absent when the catalog lacks the code.
	MessageKey = "ucpaas.message"
	// MessageENKey is the code's English text; absent likewise.
	MessageENKey = "ucpaas.message_en"

	// HTTPRequestMethodKey is the request's method; absent when empty.
	HTTPRequestMethodKey = string(semconv.HTTPRequestMethodKey)
	// HTTPResponseStatusCodeKey is the reply's HTTP status; absent when there was no reply.
	HTTPResponseStatusCodeKey = string(semconv.HTTPResponseStatusCodeKey)
	// URLFullKey is the request URL, redacted (secrets removed, account SID and phone numbers
	// masked), on the client side.
	URLFullKey = string(semconv.URLFullKey)
	// URLPathKey is the request path, redacted likewise, on the server side.
	URLPathKey = string(semconv.URLPathKey)
	// URLQueryKey is the request query, redacted likewise, on the server side; absent when the
	// request has none.
	URLQueryKey = string(semconv.URLQueryKey)
	// ErrorTypeKey is, on failure, the code the reply carried, else the category ("unparsed",
	// "transport"): the error.type of the call's span.
	ErrorTypeKey = string(semconv.ErrorTypeKey)

	// DurationKey is the time from the start of the call until the outcome was known.
	DurationKey = "duration"
	// TraceIDKey and SpanIDKey identify the call's span, when the context holds a valid span
	// context.
	TraceIDKey = "trace_id"
	SpanIDKey  = "span_id"
	// ErrorKey is a transport error's text, redacted (also a read error that cut the reply off
	// while its code was looked for).
	ErrorKey = "error"
	// PanicKey is a handler's panic value, redacted (server side).
	PanicKey = "panic"
	// HijackedKey is true when a handler took over the connection; absent otherwise.
	HijackedKey = "hijacked"

	// RecipientsKey is the number of recipient results a batch reply carried.
	RecipientsKey = string(tracing.RecipientsKey)
	// RecipientsFailedKey is how many of them did not succeed.
	RecipientsFailedKey = string(tracing.RecipientsFailedKey)
	// RecipientCodesKey lists the distinct failing recipient codes (see
	// [tracing.RecipientCodesKey]); absent when none failed.
	RecipientCodesKey = string(tracing.RecipientCodesKey)
	// RecipientsTruncatedKey is true when the report was cut off; absent otherwise.
	RecipientsTruncatedKey = string(tracing.RecipientsTruncatedKey)
	// BalanceKey is the account balance in yuan an account-info reply carried.
	BalanceKey = string(tracing.BalanceKey)
)
