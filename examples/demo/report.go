package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/ucpobs/ucpobs/codes"
)

// Metric names the report reads back from the registry (the library's contract).
const (
	requestsMetric          = "ucpaas_client_requests_total"
	failuresMetric          = "ucpaas_client_failures_total"
	recipientsMetric        = "ucpaas_client_recipients_total"
	recipientFailuresMetric = "ucpaas_client_recipient_failures_total"
)

// tally is the client side's calls and failures so far, read back from the registry, so that
// the report shows exactly what /metrics shows. The recipients of batch sends are counted apart
// from the calls: a batch call that the platform accepted can still fail for some recipients.
type tally struct {
	calls    int64
	failures int64
	byCode   []codeCount // most frequent first

	recipients          int64
	recipientFailures   int64
	recipientFailByCode []codeCount // most frequent first
}

// codeCount is the number of failed calls with one code label value.
type codeCount struct {
	code     string
	category codes.Category
	count    int64
}

// readTally gathers reg and sums the client counters over operations.
func readTally(reg prometheus.Gatherer) (tally, error) {
	families, err := reg.Gather()
	if err != nil {
		return tally{}, err
	}
	var t tally
	for _, f := range families {
		switch f.GetName() {
		case requestsMetric:
			t.calls += sum(f)
		case failuresMetric:
			t.failures, t.byCode = sumByCode(f)
		case recipientsMetric:
			t.recipients += sum(f)
		case recipientFailuresMetric:
			t.recipientFailures, t.recipientFailByCode = sumByCode(f)
		}
	}
	return t, nil
}

// sum adds up the counters of a family.
func sum(f *dto.MetricFamily) int64 {
	var n int64
	for _, m := range f.GetMetric() {
		n += int64(m.GetCounter().GetValue())
	}
	return n
}

// sumByCode adds up the counters of a failures family, and by code and category, most frequent
// first.
func sumByCode(f *dto.MetricFamily) (total int64, byCode []codeCount) {
	counts := map[codeCount]int64{}
	for _, m := range f.GetMetric() {
		n := int64(m.GetCounter().GetValue())
		if n == 0 {
			continue
		}
		total += n
		counts[codeCount{code: label(m, "code"), category: codes.Category(label(m, "category"))}] += n
	}
	for key, n := range counts {
		key.count = n
		byCode = append(byCode, key)
	}
	slices.SortFunc(byCode, func(a, b codeCount) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.code, b.code))
	})
	return total, byCode
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// percent is failures as a share of calls.
func (t tally) percent() float64 { return share(t.failures, t.calls) }

// share is part as a percentage of whole (0 when whole is 0).
func share(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// writeProgress writes one line: elapsed time, calls, failures and the most frequent code.
func writeProgress(w io.Writer, elapsed time.Duration, t tally) {
	line := fmt.Sprintf("[%4s] %d calls, %d failed (%.1f%%)", elapsed.Round(time.Second), t.calls, t.failures, t.percent())
	if len(t.byCode) > 0 {
		top := t.byCode[0]
		_, en := meaning(top.code)
		line += fmt.Sprintf(", top code %s ×%d (%s: %s)", top.code, top.count, top.category, en)
	}
	writeLine(w, line)
}

// writeTable writes the failures per code with category and meaning, then, apart, the recipient
// failures of batch sends, then what to do about each category seen.
func writeTable(w io.Writer, elapsed time.Duration, t tally) {
	writeLine(w, "")
	writeLine(w, fmt.Sprintf("After %s: %d calls, %d failed (%.1f%%).",
		elapsed.Round(time.Second), t.calls, t.failures, t.percent()))
	var seen []codes.Category
	if len(t.byCode) == 0 {
		writeLine(w, "No call failed.")
	} else {
		writeLine(w, "The platform answers HTTP 200 even when a call fails; these are the return codes in the bodies:")
		seen = writeCodes(w, t.byCode, seen)
	}
	if t.recipients > 0 {
		writeLine(w, "")
		writeLine(w, fmt.Sprintf("Batch sends: %d recipients, %d failed (%.1f%%), counted apart from the calls above "+
			"(a batch call succeeds when the platform accepts it, whatever happens to each number).",
			t.recipients, t.recipientFailures, share(t.recipientFailures, t.recipients)))
		if len(t.recipientFailByCode) > 0 {
			writeLine(w, "Recipient failures, by the code in each recipient's report entry:")
			seen = writeCodes(w, t.recipientFailByCode, seen)
		}
	}
	if len(seen) == 0 {
		return
	}
	writeLine(w, "")
	writeLine(w, "Who must act (see docs/codes.md):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, cat := range seen {
		fmt.Fprintf(tw, "  %s\t%s\n", cat, cat.Action())
	}
	_ = tw.Flush()
}

// writeCodes writes a table of failure counts by code and returns seen with the categories of
// the table added.
func writeCodes(w io.Writer, byCode []codeCount, seen []codes.Category) []codes.Category {
	writeLine(w, "")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tCOUNT\tCATEGORY\tMEANING\t含义")
	for _, c := range byCode {
		zh, en := meaning(c.code)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", c.code, c.count, c.category, en, zh)
		if !slices.Contains(seen, c.category) {
			seen = append(seen, c.category)
		}
	}
	_ = tw.Flush()
	return seen
}

// meaning returns what a code label value means, in Chinese and in English: the texts of a
// catalog code, or of a label that is no code (codes.SpecialLabels); "" for anything else.
func meaning(code string) (zh, en string) {
	if c, ok := codes.Lookup(code); ok {
		return c.Message, c.English
	}
	for _, s := range codes.SpecialLabels() {
		if s.Label == code {
			return s.Message, s.English
		}
	}
	return "", ""
}
