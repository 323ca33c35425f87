package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// newStartTime returns the <ns>_metrics_start_time_seconds gauge, set to the current Unix time:
// the moment New created the counters, all at zero. Alert rules use it as each process's zero
// anchor (see the package documentation).
func newStartTime(namespace string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace,
		Name:      "metrics_start_time_seconds",
		Help: "Unix time, in seconds, at which these ucpobs metrics were created with every counter at 0. " +
			"A failure series that appeared after this time started from 0 at this time.",
	})
	g.Set(float64(time.Now().UnixNano()) / 1e9)
	return g
}
