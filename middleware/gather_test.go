package middleware

import (
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// counted is the non-zero series of one counter (or histogram: its sample count), keyed by their
// label pairs "name=value,…" in label order.
func counted(t testing.TB, g prometheus.Gatherer, name string) map[string]float64 {
	t.Helper()
	families, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			v := m.GetCounter().GetValue()
			if h := m.GetHistogram(); h != nil {
				v = float64(h.GetSampleCount())
			}
			if v == 0 {
				continue
			}
			var pairs []string
			for _, l := range m.GetLabel() {
				pairs = append(pairs, l.GetName()+"="+l.GetValue())
			}
			sort.Strings(pairs)
			out[strings.Join(pairs, ",")] += v
		}
	}
	return out
}

// failedCategories is the failures of side counted so far, by category: the outcome of the calls
// that did not succeed (requests_total has no category).
func failedCategories(t testing.TB, k *kit, side string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for labels, v := range counted(t, k.reg, "ucpaas_"+side+"_failures_total") {
		for _, pair := range strings.Split(labels, ",") {
			if c, ok := strings.CutPrefix(pair, "category="); ok {
				out[c] += v
			}
		}
	}
	return out
}

// failedCategory is what failedCategories gives after one call of category: nothing for ok, else
// that category once.
func failedCategory(category string) map[string]float64 {
	if category == "ok" {
		return map[string]float64{}
	}
	return map[string]float64{category: 1}
}

// sum adds the values of series.
func sum(series map[string]float64) float64 {
	var n float64
	for _, v := range series {
		n += v
	}
	return n
}

// seriesCount is how many series every family of g exports, and the total.
func seriesCount(t testing.TB, g prometheus.Gatherer) (map[string]int, int) {
	t.Helper()
	families, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	per, total := map[string]int{}, 0
	for _, f := range families {
		per[f.GetName()] = len(f.GetMetric())
		total += len(f.GetMetric())
	}
	return per, total
}
