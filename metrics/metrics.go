package metrics

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/operation"
)

// Metrics counts observed calls. It is a prometheus.Collector: register it on a registry of your
// own (it never registers itself anywhere). Its methods are safe for concurrent use. Build it with
// New; a zero Metrics counts nothing and collects nothing.
type Metrics struct {
	// opIndex maps an accepted operation to its index in opNames; opNames[otherOp] is
	// operation.Other.
	opIndex map[string]int
	opNames []string
	otherOp int

	client, server side

	balance *balances

	instrumentation *prometheus.CounterVec
	// instrumentationCounters is indexed by side (client, server) and stage index.
	instrumentationCounters [2][]prometheus.Counter

	collectors []prometheus.Collector
}

// side holds the series of one side. The slots are indexed by
// operation index × len(categories) + category index.
type side struct {
	requests  *prometheus.CounterVec
	failures  *prometheus.CounterVec
	durations *prometheus.HistogramVec

	requestSlots  []slot[prometheus.Counter]
	durationSlots []slot[prometheus.Observer]
	failureTables []codeTable
	exemplarAt    []atomic.Int64 // per slot: when (Unix ns) an exemplar was last attached

	// Per-recipient results of batch replies, slotted like the calls; never pre-initialised.
	recipients             *prometheus.CounterVec
	recipientFailures      *prometheus.CounterVec
	recipientSlots         []slot[prometheus.Counter]
	recipientFailureTables []codeTable
}

// New returns the metrics configured by opts, with their pre-initialised series (see the package
// documentation) already at zero.
func New(opts ...Option) *Metrics {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	m := &Metrics{opIndex: make(map[string]int, len(cfg.operations)+1)}
	for _, op := range cfg.operations {
		if _, dup := m.opIndex[op]; !dup {
			m.opIndex[op] = len(m.opNames)
			m.opNames = append(m.opNames, op)
		}
	}
	configured := len(m.opNames)
	for _, op := range operation.All() { // every known operation is accepted, pre-initialised or not
		if _, dup := m.opIndex[op]; !dup {
			m.opIndex[op] = len(m.opNames)
			m.opNames = append(m.opNames, op)
		}
	}
	if i, ok := m.opIndex[operation.Other]; ok {
		m.otherOp = i
	} else {
		m.otherOp = len(m.opNames)
		m.opIndex[operation.Other] = m.otherOp
		m.opNames = append(m.opNames, operation.Other)
	}

	m.client = newSide(&cfg, observation.Client, len(m.opNames))
	m.server = newSide(&cfg, observation.Server, len(m.opNames))
	m.instrumentation = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: cfg.namespace,
		Name:      "instrumentation_errors_total",
		Help: "Panics recovered inside ucpobs's instrumentation, so that the observed call went on unharmed. " +
			"side: client (outgoing calls) or server (answers served); " +
			"stage: where it happened: operation (the operation function), level (the level function), " +
			"logging, metrics, tracing, extract (reading the return code), or other.",
	}, []string{"side", "stage"})
	m.balance = newBalances(cfg.namespace)
	m.collectors = []prometheus.Collector{
		m.client.requests, m.client.failures, m.client.durations,
		m.server.requests, m.server.failures, m.server.durations,
		m.client.recipients, m.client.recipientFailures,
		m.server.recipients, m.server.recipientFailures,
		m.balance.gauges,
		m.instrumentation, newStartTime(cfg.namespace),
	}

	preinitialise(m, &m.client, cfg.catalog, configured)
	preinitialise(m, &m.server, cfg.catalog, configured)
	for s, name := range [2]observation.Side{observation.Client, observation.Server} {
		m.instrumentationCounters[s] = make([]prometheus.Counter, len(stages))
		for i, stage := range stages {
			m.instrumentationCounters[s][i] = m.instrumentation.WithLabelValues(string(name), stage)
		}
	}
	return m
}

// newSide creates the vectors of one side and empty slots for nOps operations.
func newSide(cfg *config, s observation.Side, nOps int) side {
	prefix := string(s) + "_"
	who := "Calls this application made to the UCPaaS platform API"
	took := "Time from the start of the call until its return code was known, in seconds. "
	if s == observation.Server {
		who = "Answers in the UCPaaS platform's format served by this application"
		took = "Time from the start of the handler until it returned, in seconds. "
	}
	recipientsOf := "Recipient results (one per element of the reply's top-level report array) of batch sends this application made"
	if s == observation.Server {
		recipientsOf = "Recipient results (one per element of the top-level report array) of batch answers this application served"
	}
	operationHelp := "operation: the platform operation (snake_case, e.g. send_sms; other for any operation that is neither known nor configured)"
	categoryHelp := "category: who has to act on the outcome: ok, a failure category of the return code " +
		"(balance, auth, account, application, client, validation, not_found, content, rate_limit, platform), " +
		"unknown (a code the catalog lacks), unparsed (no code in the reply) or transport (no reply)"
	hist := prometheus.HistogramOpts{
		Namespace: cfg.namespace,
		Name:      prefix + "request_duration_seconds",
		Help:      took + operationHelp + "; " + categoryHelp + ".",
		Buckets:   cfg.buckets,
	}
	if cfg.nativeFactor > 1 {
		hist.NativeHistogramBucketFactor = cfg.nativeFactor
		hist.NativeHistogramMaxBucketNumber = NativeHistogramMaxBuckets
		hist.NativeHistogramMinResetDuration = NativeHistogramMinReset
	}
	slots := nOps * len(categories)
	return side{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "requests_total",
			Help:      who + ", every one counted once. " + operationHelp + "; " + categoryHelp + ".",
		}, []string{"operation", "category"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: cfg.namespace,
			Name:      prefix + "failures_total",
			Help: who + " that did not succeed (category is not ok). " + operationHelp +
				"; code: the six-digit platform return code, other (a code the catalog lacks), " +
				"none (no code in the reply) or transport (no reply); " + categoryHelp + ".",
		}, []string{"operation", "code", "category"}),
		durations:     prometheus.NewHistogramVec(hist, []string{"operation", "category"}),
		requestSlots:  make([]slot[prometheus.Counter], slots),
		durationSlots: make([]slot[prometheus.Observer], slots),
		failureTables: make([]codeTable, slots),
		exemplarAt:    make([]atomic.Int64, slots),
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
		recipientSlots:         make([]slot[prometheus.Counter], slots),
		recipientFailureTables: make([]codeTable, slots),
	}
}
