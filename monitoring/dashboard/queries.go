package dashboard

import (
	"fmt"
	"strings"

	"github.com/ucpobs/ucpobs/monitoring/internal/firstfailure"
)

// Side is the side of the call a metric counts: "client" (middleware.NewTransport, the calls the
// application makes) or "server" (middleware.NewHandler, the answers it serves).
type Side string

// The two sides, as they appear in the metric names ucpaas_<side>_….
const (
	Client Side = "client"
	Server Side = "server"
)

// jobSelector selects the dashboard's jobs; selector, the one place holding the label matchers
// every metric selector with an operation label starts with, adds the dashboard's operations;
// durationSelector is selector for the duration histograms, whose operation label exists only with
// metrics.WithDurationByOperation: it also selects their series without one. (Not
// "$operation|": victoria-metrics does not match the empty value with ".+|", the All value.)
const (
	jobSelector      = `job=~"$job"`
	selector         = jobSelector + `, operation=~"$operation"`
	durationSelector = jobSelector + `, operation=~"($operation)?"`
)

// allOperations is the operation label the latency-by-operation panels give the duration series
// that have none (an application without metrics.WithDurationByOperation).
const allOperations = "all operations"

// instrumentationErrors counts the panics ucpobs recovered in its hooks and sinks (after the
// namespace). It has side and stage labels but no operation, so its selector is jobSelector alone:
// operation=~"$operation" would select nothing once $operation is All (".+").
const instrumentationErrors = "instrumentation_errors_total"

// Grafana's interval variables: rateInterval for per-point rates and increases in time series,
// rangeInterval for totals over the dashboard's time range in stats and tables (instant queries).
const (
	rateInterval  = "$__rate_interval"
	rangeInterval = "$__range"
)

// The windows the failure counts cover (firstfailure.Count): the dashboard's range in stats and
// tables (instant queries), one interval per point in time series.
var (
	overRange    = firstfailure.Window{Range: rangeInterval, Seconds: "$__range_s", Unwatched: true}
	overInterval = firstfailure.Window{Range: "$__interval", Seconds: "$__interval_ms / 1000", Unwatched: true}
)

// accountBalance is the balance, in yuan, of the latest account-info reply, by masked account SID
// (label account), after the namespace. It has no operation label, so its selector is jobSelector
// alone.
const accountBalance = "account_balance"

// names gives the names of the metrics of one namespace (metrics.WithNamespace) and of the
// recording rules the rules generator renders for it; every query and panel is built from them.
type names struct{ ns string }

// metric returns the name of a metric of no side, e.g. <ns>_account_balance.
func (n names) metric(name string) string { return n.ns + "_" + name }

// sided returns the name of a metric of side s, e.g. <ns>_client_requests_total.
func (n names) sided(s Side, name string) string { return n.ns + "_" + string(s) + "_" + name }

func (n names) requests(s Side) string { return n.sided(s, "requests_total") }
func (n names) failures(s Side) string { return n.sided(s, "failures_total") }
func (n names) duration(s Side, part string) string {
	return n.sided(s, "request_duration_seconds_"+part)
}
func (n names) recipients(s Side) string        { return n.sided(s, "recipients_total") }
func (n names) recipientFailures(s Side) string { return n.sided(s, "recipient_failures_total") }

// recipientFailureRatio is the recording rule <ns>:<side>_recipient_failure_ratio:rate5m.
func (n names) recipientFailureRatio(s Side) string {
	return n.ns + ":" + string(s) + "_recipient_failure_ratio:rate5m"
}

// sel returns metric{selector, extra...}.
func sel(metric string, extra ...string) string {
	return metric + "{" + strings.Join(append([]string{selector}, extra...), ", ") + "}"
}

// over returns fn(metric{selector, extra...}[window]), fn being rate or increase.
func over(fn, metric, window string, extra ...string) string {
	return fn + "(" + sel(metric, extra...) + "[" + window + "])"
}

// callRate is calls per second by operation.
func (n names) callRate(s Side) string {
	return "sum by (operation) (" + over("rate", n.requests(s), rateInterval) + ")"
}

// failureRatio is the failed share of calls by operation: 0 for an operation called without
// failure, no value for an operation not called.
func (n names) failureRatio(s Side) string {
	return fmt.Sprintf(`(
  sum by (operation) (%[1]s)
  or
  0 * sum by (operation) (%[2]s)
)
/
(sum by (operation) (%[2]s) > 0)`, over("rate", n.failures(s), rateInterval), over("rate", n.requests(s), rateInterval))
}

// failuresByCategory is failures per second by category.
func (n names) failuresByCategory(s Side) string {
	return "sum by (category) (" + over("rate", n.failures(s), rateInterval) + ")"
}

// counted is, per series of a failure counter (metric{selector, extra...}), the failures it counted
// within w as the alerts count them (firstfailure.Count): also the first failure of a series born
// at 1, which increase() cannot see, and never failures older than w, which a counter first seen
// at its old value holds.
func (n names) counted(counter string, w firstfailure.Window, extra ...string) string {
	return firstfailure.Count(sel(counter, extra...), n.metric(startTime)+"{"+jobSelector+"}", w)
}

// failuresByCode is the number of failures of a failure counter (calls or recipients) over the
// dashboard's range by operation, code and category, only those that happened, with the code
// copied into a "meaning" label that the table's value mappings turn into the code's text.
func (n names) failuresByCode(counter string) string {
	return fmt.Sprintf(`label_replace(
  sum by (operation, code, category) %s > 0,
  "meaning", "$1", "code", "(.+)"
)`, n.counted(counter, overRange))
}

// failuresOfCategory is the number of failures of category over the dashboard's range; 0, not
// empty, for jobs that made calls but had no such failure (a failure series exists only from its
// first failure on).
func (n names) failuresOfCategory(s Side, category string) string {
	return "sum " + n.counted(n.failures(s), overRange, `category="`+category+`"`) + "\nor\n" +
		"0 * sum(" + over("increase", n.requests(s), rangeInterval) + ")"
}

// durationRate is the per-second rate of part (bucket, sum or count) of the duration histogram of
// side s, with or without an operation label.
func (n names) durationRate(s Side, part string) string {
	return "rate(" + n.duration(s, part) + "{" + durationSelector + "}[" + rateInterval + "])"
}

// latency is the q quantile of the call duration by operation; the series of applications without
// metrics.WithDurationByOperation (no operation label) make one line, operation allOperations.
func (n names) latency(s Side, q string) string {
	return fmt.Sprintf(`histogram_quantile(%s, label_replace(
  sum by (operation, le) (%s),
  "operation", "%s", "operation", ""
))`, q, n.durationRate(s, "bucket"), allOperations)
}

// latencyOverall is the q quantile of the duration of the calls together: of the selected
// operations with metrics.WithDurationByOperation, of every call without it.
func (n names) latencyOverall(s Side, q string) string {
	return fmt.Sprintf("histogram_quantile(%s, sum by (le) (%s))", q, n.durationRate(s, "bucket"))
}

// latencyMean is the mean duration of the calls latencyOverall reads; no value while there are no
// calls.
func (n names) latencyMean(s Side) string {
	return "sum(" + n.durationRate(s, "sum") + ")\n/\n(sum(" + n.durationRate(s, "count") + ") > 0)"
}

// balanceByAccount is the balance in yuan by masked account SID: the lowest the selected jobs
// report (instances polling the same account report the same balance).
func (n names) balanceByAccount() string {
	return "min by (account) (" + n.metric(accountBalance) + "{" + jobSelector + "})"
}

// recipientsByCategory is the recipient results of batch sends per second, by category.
func (n names) recipientsByCategory(s Side) string {
	return "sum by (category) (" + over("rate", n.recipients(s), rateInterval) + ")"
}

// recipientFailureRatioByCode is the share of the recipients of batch sends that failed with each
// return code, per job and operation, over 5 minutes: the recording rule
// ucpaas:<side>_recipient_failure_ratio:rate5m (rules/ucpaas_recording_rules.yml), which holds a
// series only for codes that failed, and only where recipients were counted.
func (n names) recipientFailureRatioByCode(s Side) string {
	return "sum by (job, operation, code) (" + n.recipientFailureRatio(s) + "{" + selector + "})"
}

// instrumentationErrorRate is the panics recovered per second by side and stage; every stage
// series of a side with a middleware is created at 0, so it is 0, not empty, while nothing panics.
func (n names) instrumentationErrorRate() string {
	return "sum by (side, stage) (rate(" + n.metric(instrumentationErrors) + "{" + jobSelector + "}[" + rateInterval + "]))"
}

// failuresByCodeRate is failures per second by operation and code, only those that happen.
func (n names) failuresByCodeRate(s Side) string {
	return "sum by (operation, code) (" + over("rate", n.failures(s), rateInterval) + ") > 0"
}

// unknownCodes is the number of failures per interval whose code the catalog lacks (code
// "other"), by operation: 0 for an operation called without such a code.
func (n names) unknownCodes(s Side) string {
	return fmt.Sprintf(`sum by (operation) %s
or
0 * (sum by (operation) (%s) > 0)`,
		n.counted(n.failures(s), overInterval, `code="other"`), over("increase", n.requests(s), rateInterval))
}
