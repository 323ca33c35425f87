package testkit

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Registry returns a fresh pedantic registry with cs registered; it fails the test if one cannot
// be registered.
func Registry(t testing.TB, cs ...prometheus.Collector) *prometheus.Registry {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			t.Fatalf("Register: %v", err)
		}
	}
	return reg
}

// Gather gathers g; it fails the test on an error.
func Gather(t testing.TB, g prometheus.Gatherer) []*dto.MetricFamily {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	return mfs
}

// Family returns the family called name in mfs, or nil.
func Family(mfs []*dto.MetricFamily, name string) *dto.MetricFamily {
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf
		}
	}
	return nil
}

// Find returns the series of family name whose labels are exactly labels, or nil.
func Find(mfs []*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	for _, m := range Family(mfs, name).GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		match := true
		for _, lp := range m.GetLabel() {
			if v, ok := labels[lp.GetName()]; !ok || v != lp.GetValue() {
				match = false
				break
			}
		}
		if match {
			return m
		}
	}
	return nil
}

// Value gathers g and returns the value of the series of family name whose labels are exactly
// the label pairs (name, value, name, value, …): a counter's or a gauge's value, a histogram's
// sample count. It returns 0 when there is no such series.
func Value(t testing.TB, g prometheus.Gatherer, name string, labelPairs ...string) float64 {
	t.Helper()
	if len(labelPairs)%2 != 0 {
		t.Fatalf("Value(%s): odd label pairs %q", name, labelPairs)
	}
	labels := make(map[string]string, len(labelPairs)/2)
	for i := 0; i < len(labelPairs); i += 2 {
		labels[labelPairs[i]] = labelPairs[i+1]
	}
	m := Find(Gather(t, g), name, labels)
	switch {
	case m == nil:
		return 0
	case m.GetHistogram() != nil:
		return float64(m.GetHistogram().GetSampleCount())
	case m.GetGauge() != nil:
		return m.GetGauge().GetValue()
	}
	return m.GetCounter().GetValue()
}

// SeriesCount returns how many series the families of mfs hold together.
func SeriesCount(mfs []*dto.MetricFamily) int {
	n := 0
	for _, mf := range mfs {
		n += len(mf.GetMetric())
	}
	return n
}
