package spans

import (
	"fmt"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/tracing"
)

// Span is the span of one observed call, as returned by Tracer.Start. It is a small value, meant
// to be passed by value; its zero value is valid and End on it does nothing.
type Span struct {
	span  trace.Span
	side  observation.Side
	owned bool
}

// maxAttrs is the most attributes End writes: 4 ucpaas.* (operation, code, category, domain),
// error.type and ucpaas.error_message on failure, the 3 HTTP attributes of a span it started (the
// 2 URL attributes of an enriched one), and what the scan collected.
const maxAttrs = 9 + observation.MaxCollected

// attrBufs holds the buffers End builds its attributes in. Handed to the span through an
// interface call, a buffer would escape to the heap on every call; the span copies what
// SetAttributes hands it (the SDK appends the attributes to a slice of its own, as any
// implementation must that lets callers reuse their slices), so the buffer is reused.
var attrBufs = sync.Pool{New: func() any { return new([maxAttrs]attribute.KeyValue) }}

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
	buf := attrBufs.Get().(*[maxAttrs]attribute.KeyValue)
	attrs := append(buf[:0],
		tracing.OperationKey.String(o.Operation),
		tracing.CodeKey.String(o.ShownCode()),
		tracing.CategoryKey.String(string(o.Category)),
	)
	if o.CatalogEntry.Value != "" {
		attrs = append(attrs, tracing.DomainKey.String(string(o.CatalogEntry.Domain)))
	}
	var message string
	failed := o.Failed()
	if failed {
		message = statusText(o, s.recordException(o))
		attrs = append(attrs,
			semconv.ErrorTypeKey.String(o.ErrorType()),
			tracing.ErrorMessageKey.String(message),
		)
	}
	if s.owned {
		attrs = s.httpAttributes(attrs, o)
	} else {
		// otelhttp recorded the raw URL (sig, account SID and phone numbers included): overwrite.
		attrs = observation.AppendURL(attrs, o, otelFields)
	}
	attrs = observation.AppendCollected(attrs, o, otelFields)
	s.span.SetAttributes(attrs...)
	clear(attrs) // the pool keeps no value of the call
	attrBufs.Put(buf)
	if failed {
		s.span.SetStatus(otelcodes.Error, message)
	}
	if s.owned {
		s.span.End()
	}
}

// otelFields builds the attributes observation.AppendURL and AppendCollected write.
var otelFields = observation.FieldFuncs[attribute.KeyValue]{
	String:  attribute.String,
	Int:     attribute.Int,
	Bool:    attribute.Bool,
	Float64: attribute.Float64,
	Strings: attribute.StringSlice,
}

// httpAttributes appends the HTTP attributes of a span Start started.
func (s Span) httpAttributes(attrs []attribute.KeyValue, o *observation.Observation) []attribute.KeyValue {
	if o.Method != "" {
		attrs = append(attrs, semconv.HTTPRequestMethodKey.String(o.Method))
	}
	if o.StatusCode > 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCodeKey.Int(o.StatusCode))
	}
	// No url.full: the operation and server.address say what was called, and redacting a URL
	// costs more than the rest of the span (the log entry of a failure carries the redacted URL).
	if s.side == observation.Client && o.URL != nil {
		if host := o.URL.Hostname(); host != "" {
			attrs = append(attrs, semconv.ServerAddressKey.String(host))
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
			semconv.ExceptionTypeKey.String(fmt.Sprintf("%T", o.Err)),
			semconv.ExceptionMessageKey.String(transportText),
		))
	}
	if o.Panic != nil {
		s.span.AddEvent(eventException, trace.WithAttributes(
			semconv.ExceptionTypeKey.String(panicType),
			semconv.ExceptionMessageKey.String(redact.Text(fmt.Sprint(o.Panic))),
		))
	}
	return transportText
}
