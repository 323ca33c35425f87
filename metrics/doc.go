// Package metrics counts observed calls to the UCPaaS platform (and answers given in its format)
// as Prometheus metrics. Metrics, built by New, is a prometheus.Collector that the application
// registers on a registry of its own; the middleware feeds it one observation.Observation per call
// through Observe.
//
// # Metrics
//
// Names and labels are a contract; <ns> is the namespace, "ucpaas" by default (WithNamespace).
//
//	<ns>_client_requests_total{operation,category}             counter: every call made
//	<ns>_client_failures_total{operation,code,category}        counter: every call whose category is not ok (a hijacked connection is none)
//	<ns>_client_request_duration_seconds{operation,category}   histogram: start of the call until the code was known
//	<ns>_server_requests_total{operation,category}             the same three for answers served
//	<ns>_server_failures_total{operation,code,category}        (observation.Server)
//	<ns>_server_request_duration_seconds{operation,category}
//	<ns>_client_recipients_total{operation,category}           counter: every recipient result of a batch reply
//	<ns>_client_recipient_failures_total{operation,code,category} counter: every recipient result whose category is not ok
//	<ns>_server_recipients_total{operation,category}           the same two for batch answers served
//	<ns>_server_recipient_failures_total{operation,code,category}
//	<ns>_account_balance{account}                              gauge: the balance (yuan) the latest account-info reply reported
//	<ns>_instrumentation_errors_total{side,stage}              counter: panics recovered in hooks and sinks
//	<ns>_metrics_start_time_seconds                            gauge: Unix time New created the counters at 0
//
// Every label has a bounded set of values:
//
//   - operation: one of operation.All() or of the operations given to WithOperations (default
//     operation.Common(), the family A and B operations), or operation.Other for anything else;
//   - category: a value of codes.Categories(); an invalid category counts as unknown;
//   - code: a six-digit catalog code, other (a code the catalog lacks), none (no code in the
//     reply) or transport (no reply); anything else counts as other. No histogram has a code label;
//   - side: client or server; stage: one of the Stage constants;
//   - account: the masked account SID (first and last four characters, never the raw SID) of at
//     most MaxBalanceAccounts (16) accounts; the balance of a further account is not exported.
//
// The recipient series count the results of a batch reply (observation.Recipients: one per element
// of a family B send_sms_batch reply's top-level report array), each classified by its own code;
// the call itself keeps its own outcome in the requests and failures series. Results of more
// distinct codes than observation.MaxRecipientCodes in one reply count as code other, category
// unknown.
//
// Failures of a call made inside a sampled span carry the exemplar {trace_id="…"} on the failure
// counter and on the duration histogram, at most once a second for each side, operation and
// category (Prometheus keeps one exemplar per series per scrape; attaching one costs more than the
// rest of Observe); nothing else carries exemplars.
//
// # Pre-initialised series
//
// A counter series born at 1 is invisible to increase(), so an alert on it would miss the first
// failure of a fresh process. New therefore creates at zero (the recipient and balance series are
// never pre-initialised: they appear on their first observation), on both sides, for every operation
// given to WithOperations: the requests series of every category, and the failure series of every
// code of the catalog (WithCatalog) whose category is balance, auth or account, with that
// category; and the instrumentation error series of both sides and every stage. That is
//
//	2 × operations × (categories + balance, auth and account codes) + 2 × stages + 1
//
// (the 1 is the start time gauge). With the defaults (20 operations, 14 categories, 26 such codes
// in codes.Default(): 6 balance, 14 auth, 6 account, 7 stages) it is 2 × 20 × (14 + 26) + 14 + 1
// = 1615 series. Histogram series appear on their first observation.
//
// # Start time
//
// <ns>_metrics_start_time_seconds holds the Unix time at which New ran, when every counter of
// this Metrics was 0. A failure series that is not pre-initialised is born at 1, and a Prometheus
// that first sees a series at 1 cannot tell a failure of a moment ago from one of last week. The
// start time tells them apart: a series of a process that started within the last five minutes
// holds only failures of the last five minutes. The alert rules of monitoring/rules add it, times
// 0, to each process's failure totals, so that every process has a total from its first scrape on
// and increase() sees the first failure.
//
// # Cost
//
// Operations and categories are closed sets, so New resolves the series of each (side,
// operation, category) into fixed slots, and failure series are found by code in small per-slot
// maps: Observe does no label hashing and allocates nothing for a success or a failure without
// exemplar.
package metrics
