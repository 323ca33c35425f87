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
	// Fallback, when set, is a PromQL duration shorter than Range by at least one scrape interval
	// ("4m" for "5m"): a series with no sample one window ago in a process whose start-time gauge
	// has none either (a failed scrape then wrote staleness markers; the target came back from a
	// gap inside the window) takes what it rose by since Fallback ago instead, an instant lookup
	// that finds a sample inside the window or nothing. Without it, one failed scrape makes the
	// target's counts vanish for a scrape interval one window later.
	Fallback string
	// Unwatched adds the branch for series with no sample one window ago in a process that was
	// not scraped then either (a fresh Prometheus, a target new to it, a scrape gap longer than the
	// window): what the series rose by above its lowest value inside the window,
	// min_over_time(F[Range]), which reads every sample of the window. Without it (nor Fallback)
	// such a series counts nothing until it has a sample one window old. The dashboard's counts
	// (evaluated when someone looks) set it; the alerting rules (evaluated every round, for every
	// series) take Fallback instead.
	Unwatched bool
}

// Count returns, for series (a metric selector or recorded series of counters, each with job and
// instance labels) and startTime (the selector of the process start-time gauge
// ucpaas_metrics_start_time_seconds, one series per job and instance), the number each series
// rose by within w:
//
//   - rise: a series of a process that started before the window, with a sample one window ago,
//     counts what it rose by since (never less than 0); with w.Fallback, a series with no sample
//     one window ago in a process without one either counts what it rose by since Fallback ago;
//   - young: a series of a process that started within the window, or whose start time changed
//     since one window ago (a restart between two scrapes, whose first scrape is not yet one
//     window old), counts with its whole value: every increment it holds happened after the
//     start;
//   - born: a series that did not exist one window ago while its process was already scraped
//     then (its start-time gauge was there) counts with its whole value: it was 0 until inside
//     the window;
//   - unwatched, with w.Unwatched only: see Window.
//
// Every other series (no sample one window ago, its process neither young nor scraped one window
// ago) counts nothing: nothing tells how old its value is.
//
// Without w.Unwatched the expression reads only instant lookups: each series three times (now
// twice, one window ago), four with w.Fallback, and the start-time gauge, one series per
// process, a few times; with w.Unwatched, every sample of the window once more. The processes
// are told apart by startTime; without it only the rise branch works.
func Count(series, startTime string, w Window) string {
	young := fmt.Sprintf("((time() - %[1]s < %[2]s) or %[1]s != %[1]s offset %[3]s)", startTime, w.Seconds, w.Range)
	watched := fmt.Sprintf("%s offset %s", startTime, w.Range)
	baseline := fmt.Sprintf("%s offset %s", series, w.Range)
	if w.Fallback != "" {
		baseline = fmt.Sprintf("(%s or (%s offset %s unless on (job, instance) %s))", baseline, series, w.Fallback, watched)
	}
	baseline += " unless on (job, instance) " + young
	expr := fmt.Sprintf(`(
  clamp_min(%[1]s - (%[2]s), 0)
  or
  (%[1]s and on (job, instance) (%[3]s or %[4]s))`, series, baseline, young, watched)
	if w.Unwatched {
		expr += fmt.Sprintf(`
  or
  (%[1]s - min_over_time(%[1]s[%[2]s]) >= 0)`, series, w.Range)
	}
	return expr + "\n)"
}
