// Package firstfailure builds the PromQL expression that counts, per series of a counter, the
// increments within a window, also the first one of a series born at 1 (ucpobs creates no failure
// series at 0, and increase() cannot see a series' first sample), and never increments older than
// the window. The alerting rules (monitoring/rules) and the dashboard's failure totals
// (monitoring/dashboard) both build it here; monitoring/README.md ("First failure, old failures and
// restarts") explains the branches.
package firstfailure

import "fmt"

// Window is the time span the count covers.
type Window struct {
	// Range is the window as a PromQL duration ("5m"), or a Grafana variable standing for one
	// ("$__range").
	Range string
	// Seconds is the same window in seconds ("300", "$__range_s").
	Seconds string
	// Step, when set (a PromQL duration, e.g. "1m"), makes the rise branch of series without a
	// sample one window ago read the subquery F[Range:Step], one instant lookup per step, instead
	// of every sample of the window; see Count. Empty: every sample of the window (exact, the cost
	// of increase()).
	Step string
}

// Count returns, for series (a metric selector or recorded series of counters, each with job and
// instance labels) and startTime (the selector of the process start-time gauge
// ucpaas_metrics_start_time_seconds, one series per job and instance), the number each series
// rose by within w:
//
//   - young: a series of a process that started within the window counts with its whole value:
//     every increment it holds happened after the start;
//   - born: a series that did not exist one window ago while its process was already scraped
//     then counts with its whole value: it was 0 until inside the window;
//   - rise: every other series counts what it rose by since one window ago;
//   - rise, no sample one window ago (a scrape gap, a fresh Prometheus): what it rose by inside
//     the window, i.e. above its lowest value in the window; 0 for a counter that stands still,
//     since nothing tells how old its value is.
//
// With w.Step set, the last branch takes the lowest value from the subquery
// min_over_time(F[Range:Step]): instant lookups at the multiples of Step within the window, each
// finding the latest sample within the lookback delta δ (5m by default) before it. The branch only
// decides for series with no sample one window ago, i.e. none in [now - Range - δ, now - Range];
// a lookup at a time s ≥ now - Range searches [s - δ, s] ⊂ [now - Range - δ, now], so whatever it
// finds lies inside the window: it never reaches a sample older than the window. What it gives up: the
// increments between the series' first sample in the window and the next multiple of Step count
// as the value the series was first seen with. The result is never negative (a reset after the
// last lookup drops the series instead).
//
// The processes are told apart by startTime; without it only the rise branches work.
func Count(series, startTime string, w Window) string {
	lowest := fmt.Sprintf("min_over_time(%s[%s])", series, w.Range)
	if w.Step != "" {
		lowest = fmt.Sprintf("min_over_time(%s[%s:%s])", series, w.Range, w.Step)
	}
	return fmt.Sprintf(`(
  (%[1]s and on (job, instance) (time() - %[2]s < %[3]s))
  or
  ((%[1]s unless %[1]s offset %[4]s) and on (job, instance) %[2]s offset %[4]s)
  or
  (%[1]s - %[1]s offset %[4]s >= 0)
  or
  (%[1]s - %[5]s >= 0)
)`, series, startTime, w.Seconds, w.Range, lowest)
}
