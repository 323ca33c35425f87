package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// check is one figure of issue 15: a ratio of what ucpobs adds over bare to
// what its peer adds over the same bare call (peer set), or a median of ucpobs
// alone (peer empty). A check with no max is printed without a verdict.
type check struct {
	name               string
	metric             string // "time" or "allocs"
	bare, ucpobs, peer string
	max                float64 // the target: the ratio, or ns or allocations; 0: none
}

const (
	transport = "BenchmarkTransport/"
	handler   = "BenchmarkHandler/"
	redactURL = "BenchmarkRedactURL/"
	extract   = "BenchmarkExtract/"
)

// checks are the targets of issue 15. A failure has no allocation target: a
// failure log entry costs its fields.
var checks = []check{
	{"NewTransport, success", "time", transport + "bare", transport + "ucpobs", transport + "otelhttp_promhttp", 0.5},
	{"NewTransport, success", "allocs", transport + "bare", transport + "ucpobs", transport + "otelhttp_promhttp", 0.5},
	{"NewTransport, failure", "time", transport + "bare_failure", transport + "ucpobs_failure", transport + "otelhttp_promhttp_failure", 1},
	{"NewTransport, failure", "allocs", transport + "bare_failure", transport + "ucpobs_failure", transport + "otelhttp_promhttp_failure", 0},
	{"NewHandler, success", "time", handler + "bare", handler + "ucpobs", handler + "otelhttp", 0.5},
	{"NewHandler, success", "allocs", handler + "bare", handler + "ucpobs", handler + "otelhttp", 0.5},
	{"NewHandler, failure", "time", handler + "bare_failure", handler + "ucpobs_failure", handler + "otelhttp_promhttp_failure", 1},
	{"NewHandler, failure", "allocs", handler + "bare_failure", handler + "ucpobs_failure", handler + "otelhttp_promhttp_failure", 0},
	{"redact.URL, family A", "time", "", redactURL + "ucpobs", "", 400},
	{"redact.URL, family A", "allocs", "", redactURL + "ucpobs", "", 1},
}

// printChecks prints each check (and, for every BenchmarkExtract group, how
// many times faster than its standard-library baseline the scanner is) and
// reports whether every target was met.
func printChecks(w io.Writer, s *samples, checks []check) (ok bool) {
	ok = true
	fmt.Fprintf(w, "%-34s %-6s %12s %12s %20s %8s  %s\n", "check", "metric", "ucpobs", "peer", "ratio (rounds)", "target", "verdict")
	for _, c := range checks {
		line, pass, err := c.evaluate(s)
		if err != nil {
			fmt.Fprintf(w, "%-34s %-6s %s\n", c.name, c.metric, err)
			ok = false
			continue
		}
		ok = ok && pass
		fmt.Fprintln(w, line)
	}
	for _, line := range speedups(s) {
		fmt.Fprintln(w, line)
	}
	return ok
}

// evaluate computes c from s: its table line and whether it met its target.
func (c check) evaluate(s *samples) (line string, pass bool, err error) {
	pick := ns
	if c.metric == "allocs" {
		pick = allocs
	}
	names := []string{c.ucpobs}
	if c.peer != "" {
		names = append(names, c.bare, c.peer)
	}
	for _, n := range names {
		if len(s.runs[n]) == 0 {
			return "", false, fmt.Errorf("no run of %s", n)
		}
	}
	ucpobs := median(s.runs[c.ucpobs], pick)
	value, peer, rounds := ucpobs, "", ""
	if c.peer != "" {
		bare := median(s.runs[c.bare], pick)
		ucpobs -= bare
		value = ratio(ucpobs, median(s.runs[c.peer], pick)-bare)
		peer = formatValue(median(s.runs[c.peer], pick)-bare, c.metric)
		lo, hi := roundRange(s, c, pick)
		rounds = fmt.Sprintf("%.2f (%.2f–%.2f)", value, lo, hi)
	} else {
		rounds = "–"
	}
	target, verdict := "–", ""
	pass = true
	if c.max > 0 {
		target = "≤ " + trimFloat(c.max)
		pass = value <= c.max
		verdict = map[bool]string{true: "PASS", false: "FAIL"}[pass]
	}
	name := c.name
	if c.peer != "" {
		name += " (added)"
	}
	return fmt.Sprintf("%-34s %-6s %12s %12s %20s %8s  %s", name, c.metric, formatValue(ucpobs, c.metric), peer, rounds, target, verdict), pass, nil
}

// roundRange is the lowest and highest ratio of c computed within a single
// round: the n-th run of every benchmark belongs to round n.
func roundRange(s *samples, c check, pick func(result) float64) (lo, hi float64) {
	u, b, p := s.runs[c.ucpobs], s.runs[c.bare], s.runs[c.peer]
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := 0; i < len(u) && i < len(b) && i < len(p); i++ {
		r := ratio(pick(u[i])-pick(b[i]), pick(p[i])-pick(b[i]))
		lo, hi = min(lo, r), max(hi, r)
	}
	return lo, hi
}

// ratio is a/b, or +Inf when b is not positive (the peer added nothing).
func ratio(a, b float64) float64 {
	if b <= 0 {
		return math.Inf(1)
	}
	return a / b
}

// speedups are the lines of every BenchmarkExtract group: the scanner's
// median time and allocations beside its standard-library baseline's.
func speedups(s *samples) []string {
	var lines []string
	for _, name := range s.names {
		group, ok := strings.CutSuffix(name, "/ucpobs")
		if !ok || !strings.HasPrefix(group, extract) {
			continue
		}
		for _, base := range s.names {
			rest, ok := strings.CutPrefix(base, group+"/")
			if !ok || rest == "ucpobs" || strings.Contains(rest, "/") {
				continue
			}
			u, b := median(s.runs[name], ns), median(s.runs[base], ns)
			lines = append(lines, fmt.Sprintf("%-34s %-6s %12s %12s %20s %8s  %s",
				strings.TrimPrefix(group, extract), "time", formatValue(u, "time"), formatValue(b, "time"),
				fmt.Sprintf("%.1f× faster", b/u), "–", rest),
				fmt.Sprintf("%-34s %-6s %12s %12s", "", "allocs", formatValue(median(s.runs[name], allocs), "allocs"),
					formatValue(median(s.runs[base], allocs), "allocs")))
		}
	}
	return lines
}

func formatValue(v float64, metric string) string {
	if metric == "allocs" {
		return trimFloat(v)
	}
	return formatNs(v) + " ns"
}

func trimFloat(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.2f", v), ".00") }
