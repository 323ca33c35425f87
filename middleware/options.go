package middleware

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/logging"
	"github.com/ucpobs/ucpobs/metrics"
)

// DefaultMaxPeekBytes is how many bytes of a body are read at most to find the return code,
// unless WithMaxPeekBytes says otherwise. Platform replies carry the code in their first hundred
// bytes; the cap only matters for bodies that are not platform replies.
const DefaultMaxPeekBytes = 64 << 10

// Option configures NewTransport and NewHandler.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	logger        *zap.Logger
	levels        logging.CategoryToLevel
	metrics       *metrics.Metrics
	traceProvider trace.TracerProvider
	catalog       *codes.Catalog
	operationFunc func(*http.Request) string
	filter        func(*http.Request) bool
	maxPeekBytes  int
	observers     []func(context.Context, Result)
	propagators   propagation.TextMapPropagator
}

func newConfig(opts []Option) config {
	c := config{maxPeekBytes: DefaultMaxPeekBytes}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if c.catalog == nil {
		c.catalog = codes.Default()
	}
	return c
}

// WithLogger logs one entry per call to l, at the level WithLevels chooses for the call's
// category; package logging lists the entry's fields. Default (or nil): nothing is logged.
func WithLogger(l *zap.Logger) Option {
	return optionFunc(func(c *config) { c.logger = l })
}

// WithLevels chooses the log level of a call from its category. Default (or nil):
// [logging.DefaultClientLevels] for NewTransport and [logging.DefaultServerLevels] for NewHandler
// (the table is at [logging.CategoryToLevel]).
func WithLevels(f logging.CategoryToLevel) Option {
	return optionFunc(func(c *config) { c.levels = f })
}

// WithMetrics counts every call in m, which the user registers on their own registry. The
// metrics learn everything else from this middleware: the side (NewTransport counts in
// <ns>_client_…, NewHandler in <ns>_server_…), the code and category its catalog (WithCatalog)
// gave each call, and the operation name its operation function (WithOperationFunc) chose. One m
// may be given to several middlewares: each call is counted as the middleware that observed it
// classified it, so a code one middleware's catalog knows and another's lacks is counted under
// its own value by the first and as code other, category unknown, by the second. Attaching m
// creates the <ns>_instrumentation_errors_total series of the middleware's side at zero (see
// [metrics] for which series exist when). Default, and with a nil m: nothing is counted.
func WithMetrics(m *metrics.Metrics) Option {
	return optionFunc(func(c *config) { c.metrics = m })
}

// WithTracerProvider creates spans with tp. Default: the global provider, otel.GetTracerProvider()
// (which follows a provider set later with otel.SetTracerProvider). When the request's context
// already holds a recording span of the kind the middleware would start (otelhttp around this
// middleware), that span is enriched and no span is started.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.traceProvider = tp })
}

// WithCatalog looks codes up in cat, for example one built by [codes.NewCatalog] with codes of the
// platform's newer SMS API: logs, spans and metrics (WithMetrics) show a code and category as cat
// classifies them. Default, and with a nil cat: codes.Default(), the platform's table.
func WithCatalog(cat *codes.Catalog) Option {
	return optionFunc(func(c *config) { c.catalog = cat })
}

// WithOperationFunc names the operation of a request: the operation label of the metrics, the
// ucpaas.operation attribute and field of spans and logs, and the span name. Return names from a
// small fixed set. On the server side the function runs before the handler, with r.Pattern set
// when an http.ServeMux routes to the middleware. Default, and with a nil f:
// operation.FromRequest, which maps the platform's paths.
//
// A name of package operation's closed set (operation.Known) is used as returned. Any other name
// (r.URL.Path, say) is bounded once, and every sink gets the same result: empty, not valid UTF-8
// or longer than 1024 bytes, it becomes operation.Other; otherwise it is redacted like an error
// text (account SIDs and other 32-hex identifiers, phone numbers and secret values masked) and
// cut to 64 bytes, and each middleware keeps the first 32 distinct names so made, every further
// one becoming operation.Other. Only names of the closed set are kept in the span-name cache; a
// span named after any other name costs one allocation per call.
func WithOperationFunc(f func(*http.Request) string) Option {
	return optionFunc(func(c *config) { c.operationFunc = f })
}

// WithMaxPeekBytes sets how many bytes of a body are read at most to find the return code.
// Values below 1 keep the default, DefaultMaxPeekBytes (64 KiB).
func WithMaxPeekBytes(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxPeekBytes = n
		}
	})
}

// WithFilter observes only the requests for which f returns true (as otelhttp's WithFilter): a
// request f rejects is passed on untouched and not observed at all — no log entry, span or
// series, its reply body not read, its ResponseWriter not wrapped. Use it to leave out health
// checks and other routes that do not answer in the platform's format. f runs first, before
// the operation function; a panic in f is counted (stage other) and the request observed.
// Default: every request is observed.
func WithFilter(f func(*http.Request) bool) Option {
	return optionFunc(func(c *config) { c.filter = f })
}

// WithObserver hands the [Result] of every observed call to f: a sink the library does not ship
// (log/slog, an audit table, a queue of calls to retry). Observers run after the built-in sinks
// (span, metrics, log), in the order the options gave them, on the goroutine that recorded the
// call: inside RoundTrip for [NewTransport] (in the caller's Read when the reply was read later,
// see NewTransport), after next returned for [NewHandler]. ctx is the request's, with the call's
// span when it is traced. An observer must be quick, and must not modify Result.Recipients
// (every observer of a call shares it).
//
// A panic in f is recovered: the call goes on unharmed, the panic is counted in
// instrumentation_errors_total with stage "observer" and logged at Error with its value
// redacted (WithLogger), and the next observer still runs.
//
// Default: no observer, and no Result is built. A nil f is ignored. Each WithObserver adds one
// observer.
func WithObserver(f func(ctx context.Context, r Result)) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.observers = append(c.observers, f)
		}
	})
}

// WithPropagators reads the caller's trace context from the headers of a request served by
// [NewHandler] or [NewMiddleware] with p, so that the answer's span continues the caller's trace
// (when the request's context holds no span yet: otelhttp around the middleware has already
// read it). Default: the global propagator, otel.GetTextMapPropagator(), looked up on every
// request so that a later otel.SetTextMapPropagator is followed; a nil p keeps the default.
// To continue no trace, pass propagation.NewCompositeTextMapPropagator() (none).
//
// [NewTransport] does not write trace headers into the requests it sends (it never alters a
// request): put otelhttp.NewTransport around it to propagate the trace to the platform.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.propagators = p })
}
