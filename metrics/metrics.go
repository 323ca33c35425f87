package metrics

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// Metrics counts the calls observed by the middlewares it is attached to with
// [middleware.WithMetrics]. It is a [prometheus.Collector]: register it on a registry of your own
// (it never registers itself anywhere). Its methods are safe for concurrent use. Build it with
// New; a zero Metrics counts nothing and collects nothing.
//
// [middleware.WithMetrics]: https://pkg.go.dev/github.com/ucpobs/ucpobs/middleware#WithMetrics
type Metrics struct {
	client, server *side
	balance        *balances
	collectors     []prometheus.Collector
}

// side holds the series of one side: <ns>_client_… or <ns>_server_….
type side struct {
	name string // the side label value of the instrumentation errors

	requests          *prometheus.CounterVec
	failures          *prometheus.CounterVec
	durations         *prometheus.HistogramVec // no labels, or operation (WithDurationByOperation)
	recipients        *prometheus.CounterVec
	recipientFailures *prometheus.CounterVec

	// byOperation: durations has the operation label, one histogram per operation seen.
	byOperation bool
	// duration is the side's one histogram series when durations has no labels.
	duration durationSeries

	// ops holds the series of each operation seen, created on its first observation.
	ops table[*opSeries]

	instrumentation *prometheus.CounterVec
	// stageCounters are the instrumentation error counters of this side, indexed as
	// metricsink.Stages(); nil until a middleware of this side is attached.
	stageCounters atomic.Pointer[[]prometheus.Counter]
}

// opSeries holds the series of one operation of one side; each is resolved on first use.
type opSeries struct {
	name     string
	requests slot[prometheus.Counter]
	// duration is the histogram series the operation's calls are observed in: the side's one, or
	// the operation's own with WithDurationByOperation.
	duration *durationSeries
	cats     []catSeries // indexed by category index
}

// durationSeries is one series of a duration histogram: the side's or an operation's.
type durationSeries struct {
	labels     []string // its label values: none, or the operation
	observer   slot[prometheus.Observer]
	exemplarAt atomic.Int64 // when (Unix ns) an exemplar was last attached
}

// catSeries holds the series of one (operation, category) pair of one side.
type catSeries struct {
	failures   table[prometheus.Counter] // by code label
	exemplarAt atomic.Int64              // when (Unix ns) a failure exemplar was last attached

	recipients        slot[prometheus.Counter]
	recipientFailures table[prometheus.Counter] // by code label
}

// New returns metrics configured by opts. It creates no series but the start time gauge: the
// series of a side appear when a middleware of that side is attached (see the package
// documentation).
func New(opts ...Option) *Metrics {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&cfg)
		}
	}
	instrumentation := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: cfg.namespace,
		Name:      "instrumentation_errors_total",
		Help: "Panics recovered inside ucpobs's instrumentation, so that the observed call went on unharmed. " +
			"side: client (outgoing calls) or server (answers served); " +
			"stage: where it happened: operation (the operation function), level (the level function), " +
			"logging, metrics, tracing, extract (reading the return code), observer (an observer added to the middleware), or other.",
	}, []string{"side", "stage"})
	m := &Metrics{
		client:  newSide(&cfg, observation.Client, instrumentation),
		server:  newSide(&cfg, observation.Server, instrumentation),
		balance: newBalances(cfg.namespace),
	}
	m.collectors = []prometheus.Collector{
		m.client.requests, m.client.failures, m.client.durations,
		m.server.requests, m.server.failures, m.server.durations,
		m.client.recipients, m.client.recipientFailures,
		m.server.recipients, m.server.recipientFailures,
		m.balance.gauges,
		instrumentation, newStartTime(cfg.namespace),
	}
	return m
}

func init() {
	metricsink.Attach = func(m any, s observation.Side) metricsink.Recorder {
		if m, ok := m.(*Metrics); ok && m != nil && m.client != nil {
			return m.attach(s)
		}
		return nil
	}
}

// attach returns the recorder of a middleware of side s (observation.Server for NewHandler,
// anything else for NewTransport), and creates the instrumentation error series of that side at
// zero, for every stage, on the side's first attachment.
func (m *Metrics) attach(s observation.Side) *recorder {
	sd := m.client
	if s == observation.Server {
		sd = m.server
	}
	if sd.stageCounters.Load() == nil {
		counters := make([]prometheus.Counter, len(stages))
		for i, stage := range stages {
			counters[i] = sd.instrumentation.WithLabelValues(sd.name, stage)
		}
		sd.stageCounters.CompareAndSwap(nil, &counters)
	}
	return &recorder{m: m, s: sd}
}

// stages are the stage label values, indexed as side.stageCounters is.
var stages = metricsink.Stages()

// newSide creates the vectors of one side, with no series.
func newSide(cfg *config, s observation.Side, instrumentation *prometheus.CounterVec) *side {
	prefix := string(s) + "_"
	who, every := "Calls this application made to the UCPaaS platform API", "Every call"
	took := "Time from the start of the call until its return code was known, in seconds. "
	recipientsOf := "Recipient results (one per element of the reply's top-level report array) of batch sends this application made"
	if s == observation.Server {
		who, every = "Answers in the UCPaaS platform's format served by this application", "Every answer"
		took = "Time from the start of the handler until it returned, in seconds. "
		recipientsOf = "Recipient results (one per element of the top-level report array) of batch answers this application served"
	}
	operationHelp := "operation: the platform operation (snake_case, e.g. send_sms), a name the application's operation function chose, or other"
	categoryHelp := "category: who has to act on the outcome: ok, a failure category of the return code " +
		"(balance, auth, account, application, client, validation, not_found, content, rate_limit, platform), " +
		"unknown (a code the catalog lacks), unparsed (no code in the reply) or transport (no reply)"
	hist := prometheus.HistogramOpts{
		Namespace: cfg.namespace,
		Name:      prefix + "request_duration_seconds",
		Help:      took + every + ", whatever its outcome, in one histogram of the side.",
		Buckets:   cfg.buckets,
	}
	var durationLabels []string
	if cfg.durationByOperation {
		hist.Help = took + every + ", whatever its outcome, in the histogram of its operation. " + operationHelp + "."
		durationLabels = []string{"operation"}
	}
	if cfg.nativeFactor > 1 {
		hist.NativeHistogramBucketFactor = cfg.nativeFactor
		hist.NativeHistogramMaxBucketNumber = NativeHistogramMaxBuckets
		hist.NativeHistogramMinResetDuration = NativeHistogramMinReset
	}
	return &side{
		name: string(s),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "requests_total",
			Help: who + ", every one counted once, whatever its outcome (the failed ones are also counted in " +
				prefix + "failures_total). " + operationHelp + ".",
		}, []string{"operation"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "failures_total",
			Help: who + " that did not succeed (category is not ok). " + operationHelp +
				"; code: the six-digit platform return code, other (a code the catalog lacks), " +
				"none (no code in the reply) or transport (no reply); " + categoryHelp + ".",
		}, []string{"operation", "code", "category"}),
		durations:   prometheus.NewHistogramVec(hist, durationLabels),
		byOperation: cfg.durationByOperation,
		recipients: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "recipients_total",
			Help: recipientsOf + ", every one counted once; the call itself is counted in " + prefix + "requests_total. " +
				operationHelp + "; category: the recipient code's category, as for calls (unparsed: the result carried no code).",
		}, []string{"operation", "category"}),
		recipientFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "recipient_failures_total",
			Help: recipientsOf + " that did not succeed (category is not ok). " + operationHelp +
				"; code: the six-digit platform return code of the recipient, other (a code the catalog lacks) or none (no code); " +
				"category: the code's category, as for calls.",
		}, []string{"operation", "code", "category"}),
		instrumentation: instrumentation,
	}
}

// operation returns the series of operation name, creating them (with no series yet) on the
// operation's first observation.
func (s *side) operation(name string) *opSeries {
	return s.ops.get(name, func() *opSeries {
		op := &opSeries{name: name, duration: &s.duration, cats: make([]catSeries, len(categories))}
		if s.byOperation {
			op.duration = &durationSeries{labels: []string{name}}
		}
		return op
	})
}
