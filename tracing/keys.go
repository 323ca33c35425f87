package tracing

import "go.opentelemetry.io/otel/attribute"

// ScopeName is the instrumentation scope of every span the middleware starts.
const ScopeName = "github.com/ucpobs/ucpobs"

// Attribute keys of the ucpaas.* attributes (a contract: dashboards and trace queries use them).
// The log entries of package logging carry the same keys, except DomainKey and ErrorMessageKey.
// The other attributes ucpobs writes have the keys of the OpenTelemetry semantic conventions,
// listed in the package documentation.
const (
	// OperationKey is the operation name (package operation's closed set, or what
	// middleware.WithOperationFunc returned, made safe).
	OperationKey = attribute.Key("ucpaas.operation")
	// CodeKey is the return code the reply carried (also one the catalog lacks); without one, "none"
	// (no code in the reply) or "transport" (no reply).
	CodeKey = attribute.Key("ucpaas.code")
	// CategoryKey is the outcome's category (a [codes.Category]); any value but "ok" is a
	// failure.
	CategoryKey = attribute.Key("ucpaas.category")
	// DomainKey is the code's domain (a [codes.Domain]); absent when the catalog lacks the code.
	DomainKey = attribute.Key("ucpaas.domain")
	// ErrorMessageKey is, on failure, the status description ucpobs gives the call; a wrapping
	// otelhttp may overwrite the status, never this.
	ErrorMessageKey = attribute.Key("ucpaas.error_message")

	// RecipientsKey is the number of recipient results a batch reply carried.
	RecipientsKey = attribute.Key("ucpaas.recipients")
	// RecipientsFailedKey is how many of them did not succeed.
	RecipientsFailedKey = attribute.Key("ucpaas.recipients_failed")
	// RecipientCodesKey lists the distinct failing recipient codes in the order first seen, at
	// most 9 (eight codes, then "other" for the rest); never a phone number. Absent when none
	// failed.
	RecipientCodesKey = attribute.Key("ucpaas.recipient_codes")
	// RecipientsTruncatedKey is true when the report was cut off (the results after the cut are
	// not counted); absent otherwise.
	RecipientsTruncatedKey = attribute.Key("ucpaas.recipients_truncated")
	// BalanceKey is the account balance in yuan an account-info reply carried.
	BalanceKey = attribute.Key("ucpaas.balance")
)
