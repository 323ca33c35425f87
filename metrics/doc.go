// Package metrics counts the calls to the UCPaaS platform (and the answers given in its format)
// that the middleware observes, as Prometheus metrics. [Metrics], built by [New], is a
// [prometheus.Collector] that the application registers on a registry of its own and attaches to
// its middlewares with [middleware.WithMetrics]; the metrics learn the side, the catalog and the
// operation names from the middleware they are attached to, and are configured only for what is
// theirs: [WithNamespace], [WithDurationBuckets], [WithNativeHistograms],
// [WithDurationByOperation].
//
// # Metrics
//
// Names and labels are a contract; <ns> is the namespace, "ucpaas" by default (WithNamespace).
//
//	<ns>_client_requests_total{operation}                      counter: every call made, whatever its outcome
//	<ns>_client_failures_total{operation,code,category}        counter: every call whose category is not ok (a hijacked connection is none)
//	<ns>_client_request_duration_seconds                       histogram: start of the call until the code was known, every call
//	<ns>_server_requests_total{operation}                      the same three for answers served
//	<ns>_server_failures_total{operation,code,category}        (middleware.NewHandler)
//	<ns>_server_request_duration_seconds
//	<ns>_client_recipients_total{operation,category}           counter: every recipient result of a batch reply
//	<ns>_client_recipient_failures_total{operation,code,category} counter: every recipient result whose category is not ok
//	<ns>_server_recipients_total{operation,category}           the same two for batch answers served
//	<ns>_server_recipient_failures_total{operation,code,category}
//	<ns>_account_balance{account}                              gauge: the balance (yuan) the latest account-info reply reported
//	<ns>_instrumentation_errors_total{side,stage}              counter: panics recovered in hooks and sinks
//	<ns>_metrics_start_time_seconds                            gauge: Unix time New created the counters at 0
//
// With [WithDurationByOperation] the two duration histograms have the label operation, one
// histogram per operation seen; they never have a category label. The outcome of a call is in the
// failures series alone: a call whose category is not ok counts in <ns>_<side>_failures_total
// under its category and code (transport, none and other included), so the successful calls of
// an operation are its requests minus its failures (plus the hijacked connections and replies not
// read for a code, which are neither successes nor failures):
//
//	sum by (operation) (rate(ucpaas_client_requests_total[5m]))
//	  - (sum by (operation) (rate(ucpaas_client_failures_total[5m])) or 0 * sum by (operation) (rate(ucpaas_client_requests_total[5m])))
//
// Every label has a bounded set of values:
//
//   - operation: the name the middleware gave the call: by default one of [operation.All] (a path
//     the platform does not have is [operation.Other]); with [middleware.WithOperationFunc], a
//     name of that closed set, or one of the first 32 other names that middleware's function
//     returned (redacted and cut to 64 bytes), every further one being operation.Other;
//   - category: a value of [codes.Categories]; an invalid category counts as unknown;
//   - code: a six-digit code of the middleware's catalog, other (a code the catalog lacks), none
//     (no code in the reply) or transport (no reply); anything else counts as other. No histogram
//     has a code label;
//   - side: client or server; stage: operation, level, logging, metrics, tracing, extract,
//     observer or other;
//   - account: the masked account SID (first and last four characters, never the raw SID) of at
//     most MaxBalanceAccounts (16) accounts; the balance of a further account is not exported.
//
// The recipient series count the results of a batch reply (one per element of a family B
// send_sms_batch reply's top-level report array), each classified by its own code; the call
// itself keeps its own outcome in the requests and failures series. Results of more than 8
// distinct codes in one reply count as code other, category unknown.
//
// Failures of a call made inside a sampled span carry the exemplar {trace_id="…"} on the failure
// counter, at most once a second for each side, operation and category, and on the duration
// histogram, at most once a second for each duration series (the side's one; each operation's
// with WithDurationByOperation). Prometheus keeps one exemplar per series per scrape, and
// attaching one costs more than the rest of counting the call; nothing else carries exemplars.
//
// # Which series exist when
//
// A series exists once something happened to it, with two exceptions that alerts need from the
// start:
//
//   - New creates <ns>_metrics_start_time_seconds (see [Start time]);
//   - attaching a Metrics to a middleware (middleware.WithMetrics) creates, at zero, the
//     <ns>_instrumentation_errors_total series of every stage of that middleware's side, so that
//     increase() sees the first panic. The other side gets none until a middleware of it is
//     attached.
//
// Everything else appears on its first observation: the duration histogram of a side on the
// side's first call (of an operation on its first call, with WithDurationByOperation), the
// requests series of an operation on its first call, the failure series of an (operation, code,
// category) on its first failure, the recipient series on the first batch reply, the balance
// series on the first account-info reply. Failure series are not created at zero: the alert rules
// of monitoring/rules see the first failure of a series born at 1 by the start time. A process
// therefore exports
//
//	1 + 8 stages × sides attached
//	  + H × (sides called, or (side, operation) pairs seen with WithDurationByOperation)
//	  + Σ over (side, operation) seen: 1 + failure (code, category) pairs seen
//	  + Σ over (side, operation) of batch sends: recipient categories seen + recipient failure (code, category) pairs seen
//	  + accounts whose balance was seen (at most MaxBalanceAccounts)
//
// series, where H is what one duration histogram counts for: 1 as a registry gathers it, and one
// series per bucket, plus _sum and _count, as Prometheus stores it (H = 14 with the default
// buckets). A process that only uses NewTransport and calls 2 operations with 10 outcomes each
// (ok, 9 kinds of failure) exports 1 + 8 + 1 + 2 × (1 + 9) = 30 series as gathered, and stores
// 1 + 8 + 14 + 2 × (1 + 9) = 43 (with WithDurationByOperation: 31 and 57); the README has the
// measured table.
//
// One Metrics may be attached to several middlewares. Each call is counted as its middleware
// classified it: with that middleware's catalog (middleware.WithCatalog) and operation names.
// Attached to a transport and a handler whose catalogs differ, a code one catalog knows and the
// other lacks is counted under its own value and category on one side and as code other,
// category unknown, on the other. Two transports sharing a Metrics count into the same client
// series.
//
// # Start time
//
// <ns>_metrics_start_time_seconds holds the Unix time at which New ran, when every counter of
// this Metrics was 0. A failure series is born at 1, and a Prometheus that first sees a series at
// 1 cannot tell a failure of a moment ago from one of last week; increase() alone never sees that
// first failure. The start time tells them apart: a series of a process that started within the
// last five minutes holds only failures of the last five minutes, and a series that did not exist
// five minutes ago while its process already did was 0 until then. The alert rules of
// monitoring/rules read it so (see monitoring/README.md), and fire on the first failure of a
// series; alert rules of your own on increase() of a failure series need the same.
//
// # Cost
//
// Each (side, operation) holds its requests and duration series in fixed slots, found through a
// copy-on-write map of the operations seen; categories are a closed set, so its failure series
// are found by category index, then by code in small per-category maps: counting a call does no
// label hashing and allocates nothing for a success or a failure without exemplar once its series
// exist.
//
// [middleware.WithMetrics]: https://pkg.go.dev/github.com/ucpobs/ucpobs/middleware#WithMetrics
// [middleware.WithOperationFunc]: https://pkg.go.dev/github.com/ucpobs/ucpobs/middleware#WithOperationFunc
package metrics
