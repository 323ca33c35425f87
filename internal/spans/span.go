package spans

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
)

// Span is the span of one observed call, as returned by Tracer.Start. It is a small value, meant
// to be passed by value; its zero value is valid and End on it does nothing.
type Span struct {
	span  trace.Span
	side  observation.Side
	owned bool
}

// End writes o onto the span (see the package documentation for what is written) and, if Start
// started the span, ends it. An enriched span is left for its owner to end. A nil o ends an owned
// span without writing anything.
func (s Span) End(o *observation.Observation) {
	if s.span == nil {
		return
	}
	if o == nil || !s.span.IsRecording() {
		// Nothing to write on (a no-op or unsampled span): skip building the attributes.
		if s.owned {
			s.span.End()
		}
		return
	}
	// The most End writes: 6 ucpaas.* and error.type, 4 of a batch send (an account-info reply has
	// 1), 3 HTTP.
	var buf [9]attribute.KeyValue
	attrs := append(buf[:0],
		attribute.String(keyOperation, o.Operation),
		attribute.String(keyCode, o.DisplayCode()),
		attribute.String(keyCategory, string(o.Category)),
	)
	if o.Entry.Value != "" {
		attrs = append(attrs, attribute.String(keyDomain, string(o.Entry.Domain)))
	}
	var message string
	if o.Failed() {
		message = statusText(o, s.recordException(o))
		attrs = append(attrs,
			attribute.String(keyErrorType, errorType(o)),
			attribute.String(keyErrorMessage, message),
		)
	}
	if s.owned {
		attrs = s.httpAttributes(attrs, o)
	} else if o.URL != nil {
		attrs = s.redactedURL(attrs, o)
	}
	s.span.SetAttributes(attrs...)
	if o.Recipients != nil || o.HasBalance {
		// Apart, so that the buffer of every other call stays small (it escapes to the heap).
		var more [5]attribute.KeyValue
		s.span.SetAttributes(collectedAttributes(more[:0], o)...)
	}
	if o.Failed() {
		s.span.SetStatus(otelcodes.Error, message)
	}
	if s.owned {
		s.span.End()
	}
}

// collectedAttributes appends the recipients' results of a batch reply and an account's balance.
func collectedAttributes(attrs []attribute.KeyValue, o *observation.Observation) []attribute.KeyValue {
	if r := o.Recipients; r != nil {
		attrs = append(attrs,
			attribute.Int(observation.KeyRecipients, r.Seen),
			attribute.Int(observation.KeyRecipientsFailed, r.Failed),
		)
		if r.Failed > 0 {
			attrs = append(attrs, attribute.StringSlice(observation.KeyRecipientCodes, r.FailingCodes(nil)))
		}
		if r.Truncated {
			attrs = append(attrs, attribute.Bool(observation.KeyRecipientsTruncated, true))
		}
	}
	if o.HasBalance {
		attrs = append(attrs, attribute.Float64(observation.KeyBalance, o.Balance))
	}
	return attrs
}

// redactedURL appends, for a span the wrapping instrumentation (otelhttp) started, the URL
// attributes it recorded from the raw URL (sig, account SID and phone numbers included), redacted,
// to overwrite them: url.full on the client side; url.path, and url.query when the request has
// one, on the server side.
func (s Span) redactedURL(attrs []attribute.KeyValue, o *observation.Observation) []attribute.KeyValue {
	if s.side == observation.Client {
		return append(attrs, attribute.String(keyURLFull, redact.URL(o.URL)))
	}
	path, query := redact.PathQuery(o.URL)
	if path != "" {
		attrs = append(attrs, attribute.String(keyURLPath, path))
	}
	if o.URL.RawQuery != "" {
		attrs = append(attrs, attribute.String(keyURLQuery, query))
	}
	return attrs
}

// httpAttributes appends the HTTP attributes of a span Start started.
func (s Span) httpAttributes(attrs []attribute.KeyValue, o *observation.Observation) []attribute.KeyValue {
	if o.Method != "" {
		attrs = append(attrs, attribute.String(keyMethod, o.Method))
	}
	if o.StatusCode > 0 {
		attrs = append(attrs, attribute.Int(keyStatusCode, o.StatusCode))
	}
	// No url.full: the operation and server.address say what was called, and redacting a URL
	// costs more than the rest of the span (the log entry of a failure carries the redacted URL).
	if s.side == observation.Client && o.URL != nil {
		if host := o.URL.Hostname(); host != "" {
			attrs = append(attrs, attribute.String(keyServerAddress, host))
		}
	}
	return attrs
}

// recordException adds an "exception" event for a transport error or a handler's panic, with the
// text redacted, and returns the redacted text of a transport error ("" when there is none).
func (s Span) recordException(o *observation.Observation) string {
	var transportText string
	if o.Err != nil {
		transportText = redact.Error(o.Err)
		s.span.AddEvent(eventException, trace.WithAttributes(
			attribute.String(keyExceptionType, fmt.Sprintf("%T", o.Err)),
			attribute.String(keyExceptionMsg, transportText),
		))
	}
	if o.Panic != nil {
		s.span.AddEvent(eventException, trace.WithAttributes(
			attribute.String(keyExceptionType, panicType),
			attribute.String(keyExceptionMsg, redact.Text(fmt.Sprint(o.Panic))),
		))
	}
	return transportText
}
