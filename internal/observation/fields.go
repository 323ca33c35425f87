package observation

import (
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/tracing"
)

// FieldFuncs are the constructors of one telemetry library's key-value fields: zap.String,
// zap.Int, zap.Bool, zap.Float64, zap.Strings, or attribute.String, attribute.Int,
// attribute.Bool, attribute.Float64, attribute.StringSlice. The log entry and the span of a
// call get the fields below from the same code, under the same keys.
type FieldFuncs[F any] struct {
	String  func(key, v string) F
	Int     func(key string, v int) F
	Bool    func(key string, v bool) F
	Float64 func(key string, v float64) F
	Strings func(key string, v []string) F
}

// MaxCollected is the most fields AppendCollected appends.
const MaxCollected = 5

// AppendCollected appends to dst the fields of what the scan collected besides the code, keyed
// as package tracing declares them: a batch reply's recipient results (tracing.RecipientsKey,
// tracing.RecipientsFailedKey, tracing.RecipientCodesKey when one failed,
// tracing.RecipientsTruncatedKey when the report was cut off) and an account's balance
// (tracing.BalanceKey). It appends nothing for any other reply, and at most MaxCollected fields.
func AppendCollected[F any](dst []F, o *Observation, f FieldFuncs[F]) []F {
	if r := o.Recipients; r != nil {
		dst = append(dst,
			f.Int(string(tracing.RecipientsKey), r.Seen),
			f.Int(string(tracing.RecipientsFailedKey), r.Failed),
		)
		if r.Failed > 0 {
			dst = append(dst, f.Strings(string(tracing.RecipientCodesKey), r.FailingCodes(nil)))
		}
		if r.Truncated {
			dst = append(dst, f.Bool(string(tracing.RecipientsTruncatedKey), true))
		}
	}
	if o.HasBalance {
		dst = append(dst, f.Float64(string(tracing.BalanceKey), o.Balance))
	}
	return dst
}

// AppendURL appends to dst the request URL, redacted (secrets removed, account SID and phone
// numbers masked), under the OpenTelemetry semantic conventions' keys: url.full on the client
// side; url.path when not empty, and url.query when the request has one, on the server side (a
// server sees no scheme and host). It appends nothing when o has no URL.
func AppendURL[F any](dst []F, o *Observation, f FieldFuncs[F]) []F {
	if o.URL == nil {
		return dst
	}
	if o.Side == Client {
		return append(dst, f.String(string(semconv.URLFullKey), redact.URL(o.URL)))
	}
	path, query := redact.PathQuery(o.URL)
	if path != "" {
		dst = append(dst, f.String(string(semconv.URLPathKey), path))
	}
	if o.URL.RawQuery != "" {
		dst = append(dst, f.String(string(semconv.URLQueryKey), query))
	}
	return dst
}
