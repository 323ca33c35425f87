package metrics

import (
	"math"
	"slices"
	"time"
)

// DefaultNamespace is the namespace (metric name prefix) used unless WithNamespace says otherwise.
const DefaultNamespace = "ucpaas"

// DefaultDurationBuckets returns the classic histogram buckets used unless WithDurationBuckets
// says otherwise, in seconds: 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30. They suit an
// HTTP API called over the internet: a few tens of milliseconds for a nearby, healthy platform,
// seconds for a slow one, and 30 s for the usual client timeouts. A new slice is returned on each
// call.
func DefaultDurationBuckets() []float64 {
	return []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}
}

// Native histogram limits applied by WithNativeHistograms.
const (
	// NativeHistogramMaxBuckets bounds the number of native buckets of one histogram series; past
	// it the resolution is reduced (see prometheus.HistogramOpts.NativeHistogramMaxBucketNumber).
	NativeHistogramMaxBuckets = 160
	// NativeHistogramMinReset is the least time between two resets of a native histogram that
	// has too many buckets (see prometheus.HistogramOpts.NativeHistogramMinResetDuration).
	NativeHistogramMinReset = time.Hour
)

// config is what the options set; New fills the defaults first.
type config struct {
	namespace           string
	buckets             []float64
	nativeFactor        float64
	durationByOperation bool
}

func defaultConfig() config {
	return config{
		namespace: DefaultNamespace,
		buckets:   DefaultDurationBuckets(),
	}
}

// Option configures [New]. A nil Option is ignored.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithNamespace sets the namespace, the first part of every metric name: ns "acme" gives
// "acme_client_requests_total". Default [DefaultNamespace] ("ucpaas"). An empty ns gives names
// without a prefix ("client_requests_total"). Every character of ns other than an ASCII letter,
// digit or underscore becomes an underscore, and a leading digit gets an underscore in front, so that
// the names stay valid for every Prometheus version ("my-app" gives "my_app").
func WithNamespace(ns string) Option {
	clean := sanitizeNamespace(ns)
	return optionFunc(func(c *config) { c.namespace = clean })
}

// sanitizeNamespace returns ns with every character outside [A-Za-z0-9_] replaced by '_', and
// '_' before a leading digit.
func sanitizeNamespace(ns string) string {
	b := make([]byte, 0, len(ns)+1)
	for _, r := range ns {
		switch {
		case r >= '0' && r <= '9' && len(b) == 0:
			b = append(b, '_', byte(r))
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
		default:
			b = append(b, '_')
		}
	}
	return string(b)
}

// WithDurationBuckets sets the upper bounds, in seconds, of the classic buckets of both request
// duration histograms. Default [DefaultDurationBuckets]. The slice is copied; NaN and infinite
// bounds are dropped and the rest sorted and deduplicated, so a careless list cannot make New
// panic; an empty result (or an empty b) keeps the default.
func WithDurationBuckets(b []float64) Option {
	clean := make([]float64, 0, len(b))
	for _, v := range b {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			clean = append(clean, v)
		}
	}
	slices.Sort(clean)
	clean = slices.Compact(clean)
	return optionFunc(func(c *config) {
		if len(clean) > 0 {
			c.buckets = slices.Clone(clean)
		}
	})
}

// WithNativeHistograms makes both request duration histograms native histograms as well, with
// factor as their NativeHistogramBucketFactor (1.1 is a common choice: each bucket at most 10 %
// wider than the one before), at most [NativeHistogramMaxBuckets] buckets per series and
// [NativeHistogramMinReset] between resets. The classic buckets are kept, so scrapers that do not
// ask for native histograms see no change. Default: off. A factor that is not greater than 1
// (or NaN) leaves native histograms off.
func WithNativeHistograms(factor float64) Option {
	return optionFunc(func(c *config) {
		if factor > 1 {
			c.nativeFactor = factor
		} else {
			c.nativeFactor = 0
		}
	})
}

// WithDurationByOperation gives both request duration histograms an operation label: one
// histogram per operation seen on each side, instead of one per side for every call. Default:
// off.
//
// It costs what a histogram costs Prometheus for every operation: 14 stored series (11 buckets,
// +Inf, _sum and _count with the default buckets) per operation seen per side. A client calling
// 16 operations stores 224 duration series with it, 14 without it; across a fleet of N processes
// that is N × 14 × operations per side. Use it when one operation's latency must be told from the
// others' (an SLO per operation, a slow operation hidden among fast ones) and the fleet is small
// or the operations few; the dashboard's "Latency p95 by operation" panels then show one line per
// operation. Without it, the latency of all calls of a side together is what is measured.
// The histograms never have a category label: the failed calls are in <ns>_<side>_failures_total.
func WithDurationByOperation() Option {
	return optionFunc(func(c *config) { c.durationByOperation = true })
}
