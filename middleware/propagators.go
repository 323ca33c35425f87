package middleware

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// WithPropagators reads the caller's trace context from the headers of a request served by
// NewHandler or NewMiddleware with p, so that the answer's span continues the caller's trace
// (when the request's context holds no span yet: otelhttp around the middleware has already
// read it). Default: the global propagator, otel.GetTextMapPropagator(), looked up on every
// request so that a later otel.SetTextMapPropagator is followed; a nil p keeps the default.
// To continue no trace, pass propagation.NewCompositeTextMapPropagator() (none).
//
// NewTransport does not write trace headers into the requests it sends (it never alters a
// request): put otelhttp.NewTransport around it to propagate the trace to the platform.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.propagators = p })
}

// extract returns ctx with the remote span context h carries, read by the configured propagator.
func (rp *reporter) extract(ctx context.Context, h http.Header) context.Context {
	p := rp.propagators
	if p == nil {
		p = otel.GetTextMapPropagator()
	}
	return p.Extract(ctx, propagation.HeaderCarrier(h))
}
