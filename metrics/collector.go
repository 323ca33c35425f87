package metrics

import "github.com/prometheus/client_golang/prometheus"

var _ prometheus.Collector = (*Metrics)(nil)

// Describe sends the descriptors of every metric of m (prometheus.Collector).
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range m.collectors {
		c.Describe(ch)
	}
}

// Collect sends the current value of every series of m (prometheus.Collector).
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	for _, c := range m.collectors {
		c.Collect(ch)
	}
}
